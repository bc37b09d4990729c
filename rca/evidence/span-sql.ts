/**
 * SQL helpers shared by the trace and log readers of rca/. Spans are read
 * from `causeway_spans_by_time`, whose error flag and peer name are written
 * with the conditions the span rollup is written with, so an entity the
 * ranking blames is the entity a signal and a graph node are named after.
 */

/** `Timestamp` (DateTime64) between two Int64 Unix-millisecond parameters, both ends included. */
export function timeBetween(column: string, fromParam: string, toParam: string): string {
  return `${column} >= fromUnixTimestamp64Milli({${fromParam}:Int64}) AND ${column} <= fromUnixTimestamp64Milli({${toParam}:Int64})`;
}
