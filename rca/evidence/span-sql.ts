/**
 * SQL expressions over `otel_traces` rows shared by the trace readers of
 * rca/. They must judge spans exactly as the correlator's signals do
 * (correlator/signals/read-trace-signals.ts, correlator/topology/read-edges.ts),
 * so an entity the ranking blames is the entity a signal and a graph node
 * are named after.
 */

/**
 * A span in error: status Error, or an HTTP status >= 500 (older
 * instrumentation often leaves the status Unset on failures; semantic
 * conventions `http.response.status_code`, formerly `http.status_code`).
 */
export const SPAN_ERROR_SQL =
  "(StatusCode IN ('Error', 'STATUS_CODE_ERROR') OR toUInt16OrZero(SpanAttributes['http.response.status_code']) >= 500 OR toUInt16OrZero(SpanAttributes['http.status_code']) >= 500)";

/**
 * A span that leaves its service: CLIENT or PRODUCER, or, for
 * instrumentation that sets no kind, an unspecified span carrying the peer
 * attributes only outgoing calls have (`db.system`, `peer.service`).
 */
export const SPAN_OUTGOING_SQL =
  "(SpanKind IN ('Client', 'Producer', 'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER') OR (SpanKind IN ('Unspecified', 'SPAN_KIND_UNSPECIFIED', '') AND (SpanAttributes['db.system'] != '' OR SpanAttributes['peer.service'] != '')))";

/**
 * The remote side of an outgoing span: named as read-trace-signals.ts names
 * databases and peers (`peer.service`, a database's `server.address`,
 * `db.system`), then, for plain HTTP and gRPC calls, the first DNS label of
 * `server.address` (in Kubernetes the callee's Service name). NULL when the
 * span names no peer.
 */
export const SPAN_PEER_SQL =
  "coalesce(nullIf(SpanAttributes['peer.service'], ''), nullIf(SpanAttributes['db.system'] != '' ? SpanAttributes['server.address'] : '', ''), nullIf(SpanAttributes['db.system'], ''), nullIf(splitByChar('.', SpanAttributes['server.address'])[1], ''))";

/** `Timestamp` (DateTime64) between two Int64 Unix-millisecond parameters, both ends included. */
export function timeBetween(column: string, fromParam: string, toParam: string): string {
  return `${column} >= fromUnixTimestamp64Milli({${fromParam}:Int64}) AND ${column} <= fromUnixTimestamp64Milli({${toParam}:Int64})`;
}
