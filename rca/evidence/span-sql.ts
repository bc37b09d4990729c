/**
 * SQL helpers shared by the trace and log readers of rca/. Errors, outgoing
 * spans and peers are judged with storage's own conditions
 * (SPAN_ERROR_CONDITION, SPAN_OUTGOING_CONDITION, SPAN_PEER_NAME), the ones
 * the span rollup is written with, so an entity the ranking blames is the
 * entity a signal and a graph node are named after.
 */

/** `Timestamp` (DateTime64) between two Int64 Unix-millisecond parameters, both ends included. */
export function timeBetween(column: string, fromParam: string, toParam: string): string {
  return `${column} >= fromUnixTimestamp64Milli({${fromParam}:Int64}) AND ${column} <= fromUnixTimestamp64Milli({${toParam}:Int64})`;
}
