/**
 * Migration 13: `causeway_spans_by_time` keeps whether a span in error
 * timed out waiting for an answer (`TimedOut`).
 *
 * A call that timed out reached its callee, which answered too late (or
 * not at all within the caller's deadline): a slowness the caller sees as a
 * failure. A call that could not connect, was refused or was reset found
 * no callee to answer: an outage. Both are errors (`IsError`), and the
 * ranking names a cause's indicator from its exclusive errors, so without
 * the difference a slow callee behind a short deadline read as a failing
 * one. The condition, SPAN_TIMEOUT_CONDITION:
 * - a gRPC status of DEADLINE_EXCEEDED, in any of the conventions' names
 *   (`rpc.grpc.status_code` 4; `rpc.response.status_code` or
 *   `rpc.status_code` "DEADLINE_EXCEEDED"). A gRPC status decides alone:
 *   a client whose connection attempt outlives its deadline reports
 *   "deadline exceeded" in the message of an UNAVAILABLE status;
 * - else an HTTP 504 (Gateway Timeout: the upstream did not answer in time);
 * - else the words of the failure (status message, `error.type`, the
 *   exception events' type and message) say it timed out (`timeout`,
 *   `timed out`, `ETIMEDOUT`, `deadline`) and do not say it was connecting
 *   (`connect`, `connecting`, `ConnectException`, `ConnectTimeout`,
 *   `dial`): "Read timed out" and "Client.Timeout exceeded while awaiting
 *   headers" are timeouts; "Connect timed out", "dial tcp ...: i/o timeout"
 *   and "connect ETIMEDOUT" are not.
 *
 * The column is added and the view computes it, swapped in one `ALTER
 * TABLE ... MODIFY QUERY`. Spans stored before have `TimedOut` 0 (nothing
 * is backfilled): their timeouts read as plain errors, as before.
 */
import { addColumnStatements, modifyMaterializedViewQueryStatement } from '../ddl.ts';
import type { Migration } from '../migration.ts';
import type { MaterializedViewSpec } from '../table-spec.ts';
import { SPAN_ERROR_CONDITION } from './0005-signal-rollups.ts';
import { SPANS_BY_TIME_TABLE, SPANS_BY_TIME_VIEW_SPEC, spansByTimeSelect } from './0009-spans-by-time.ts';

export const TIMED_OUT_COLUMN = { name: 'TimedOut', type: 'UInt8', codec: 'ZSTD(1)' } as const;

const GRPC_STATUS = "multiIf(SpanAttributes['rpc.grpc.status_code'] != '', SpanAttributes['rpc.grpc.status_code'], SpanAttributes['rpc.response.status_code'] != '', SpanAttributes['rpc.response.status_code'], SpanAttributes['rpc.status_code'])";

const HTTP_504 = "(toUInt16OrZero(SpanAttributes['http.response.status_code']) = 504 OR toUInt16OrZero(SpanAttributes['http.status_code']) = 504)";

/** What the failure says of itself: status message, error type, and each exception event's type and message. */
const FAILURE_WORDS =
  "concat(StatusMessage, ' ', SpanAttributes['error.type'], ' ', arrayStringConcat(arrayMap(a -> concat(a['exception.type'], ' ', a['exception.message']), `Events.Attributes`), ' '))";

/** re2, case-insensitive. */
const SAYS_TIMED_OUT = "'(?i)time[ds]? ?out|deadline'";
const SAYS_CONNECTING = "'(?i)\\\\bconnect(ing\\\\b|\\\\b|exception|timeout)|\\\\bdial\\\\b'";

/** When a span in error timed out waiting for its answer (see the file comment). */
export const SPAN_TIMEOUT_CONDITION = `(${SPAN_ERROR_CONDITION} AND multiIf(
    ${GRPC_STATUS} != '', ${GRPC_STATUS} IN ('4', 'DEADLINE_EXCEEDED'),
    ${HTTP_504}, 1,
    match(${FAILURE_WORDS}, ${SAYS_TIMED_OUT}) AND NOT match(${FAILURE_WORDS}, ${SAYS_CONNECTING})))`;

export const SPANS_BY_TIME_VIEW_WITH_TIMEOUTS: MaterializedViewSpec = {
  ...SPANS_BY_TIME_VIEW_SPEC,
  select: spansByTimeSelect(`, toUInt8(${SPAN_TIMEOUT_CONDITION}) AS TimedOut`),
};

export const spanTimeoutsMigration: Migration = {
  version: 13,
  name: 'span-timeouts',
  statements: (layout) => [...addColumnStatements(SPANS_BY_TIME_TABLE, TIMED_OUT_COLUMN, layout), modifyMaterializedViewQueryStatement(SPANS_BY_TIME_VIEW_WITH_TIMEOUTS, layout)],
};
