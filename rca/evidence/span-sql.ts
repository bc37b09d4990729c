/**
 * SQL expressions over `otel_traces` rows shared by the trace readers of
 * rca/. Errors and peers are judged by the conditions the span rollup is
 * written with (storage migrations 5 and 6), which the correlator's signals and
 * topology use too, so an entity the ranking blames is the entity a signal
 * and a graph node are named after.
 */
import { SPAN_ERROR_CONDITION, SPAN_PEER_NAME } from '../../storage/index.ts';

/**
 * A span in error: status Error, or an HTTP status >= 500 (older
 * instrumentation often leaves the status Unset on failures; semantic
 * conventions `http.response.status_code`, formerly `http.status_code`).
 */
export const SPAN_ERROR_SQL = SPAN_ERROR_CONDITION;

/**
 * A span that leaves its service: CLIENT or PRODUCER, or, for
 * instrumentation that sets no kind, an unspecified span carrying the peer
 * attributes only outgoing calls have (`db.system`, `peer.service`).
 */
export const SPAN_OUTGOING_SQL =
  "(SpanKind IN ('Client', 'Producer', 'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER') OR (SpanKind IN ('Unspecified', 'SPAN_KIND_UNSPECIFIED', '') AND (SpanAttributes['db.system'] != '' OR SpanAttributes['peer.service'] != '')))";

/** The remote side of an outgoing span, named as the span rollup names it (storage migration 6); NULL when the span names no peer. */
export const SPAN_PEER_SQL = SPAN_PEER_NAME;

/** `Timestamp` (DateTime64) between two Int64 Unix-millisecond parameters, both ends included. */
export function timeBetween(column: string, fromParam: string, toParam: string): string {
  return `${column} >= fromUnixTimestamp64Milli({${fromParam}:Int64}) AND ${column} <= fromUnixTimestamp64Milli({${toParam}:Int64})`;
}
