/**
 * SQL expressions over `otel_traces` rows shared by the trace readers of
 * rca/. Errors and peers are judged by the conditions the span rollup is
 * written with (storage migrations 5 to 7), which the correlator's signals and
 * topology use too, so an entity the ranking blames is the entity a signal
 * and a graph node are named after.
 */
import { SPAN_ERROR_CONDITION, SPAN_OUTGOING_CONDITION, SPAN_PEER_NAME } from '../../storage/index.ts';

/**
 * A span in error: status Error, or an HTTP status >= 500 (older
 * instrumentation often leaves the status Unset on failures; semantic
 * conventions `http.response.status_code`, formerly `http.status_code`).
 */
export const SPAN_ERROR_SQL = SPAN_ERROR_CONDITION;

/** A span that leaves its service, as the span rollup judges it (storage migration 7). */
export const SPAN_OUTGOING_SQL = SPAN_OUTGOING_CONDITION;

/** The remote side of an outgoing span, named as the span rollup names it (storage migration 7); NULL when the span names no peer. */
export const SPAN_PEER_SQL = SPAN_PEER_NAME;

/** `Timestamp` (DateTime64) between two Int64 Unix-millisecond parameters, both ends included. */
export function timeBetween(column: string, fromParam: string, toParam: string): string {
  return `${column} >= fromUnixTimestamp64Milli({${fromParam}:Int64}) AND ${column} <= fromUnixTimestamp64Milli({${toParam}:Int64})`;
}
