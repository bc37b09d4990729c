/**
 * RED signals per service from spans: request rate, error rate and latency
 * percentiles per bucket, plus the same for databases and remote peers seen
 * only from client spans (`peer.service`, `db.system` with `server.address`).
 *
 * A service's requests are its SERVER and CONSUMER spans; a service whose
 * instrumentation sets no kinds (older SDKs) is measured on all its spans.
 * Errors are spans with status Error or an HTTP status >= 500 (older
 * instrumentation often leaves the status unset on failures).
 */
import type { Result } from '../../core/result.ts';
import { fail, ok } from '../../core/result.ts';
import type { SignalQueryStore, SignalRange } from './signal-range.ts';
import { type SeriesBuilder, rangeParams } from './signal-range.ts';

interface Row {
  entity: string;
  entry: number;
  b: number;
  n: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
}

const ERROR_EXPR = "(StatusCode IN ('Error', 'STATUS_CODE_ERROR') OR toUInt16OrZero(SpanAttributes['http.response.status_code']) >= 500 OR toUInt16OrZero(SpanAttributes['http.status_code']) >= 500)";
const BUCKET_EXPR = 'intDiv(toUnixTimestamp64Milli(Timestamp) - {from:Int64}, {stepMillis:Int64})';
const RANGE_WHERE = 'Timestamp >= fromUnixTimestamp64Milli({from:Int64}) AND Timestamp < fromUnixTimestamp64Milli({to:Int64})';

const SERVICE_SQL = `
SELECT ServiceName AS entity, SpanKind IN ('Server', 'Consumer', 'SPAN_KIND_SERVER', 'SPAN_KIND_CONSUMER') AS entry, ${BUCKET_EXPR} AS b,
       count() AS n, countIf(${ERROR_EXPR}) AS errors,
       quantiles(0.5, 0.95, 0.99)(Duration) AS q, q[1] / 1e6 AS p50, q[2] / 1e6 AS p95, q[3] / 1e6 AS p99
FROM otel_traces
WHERE ${RANGE_WHERE} AND ServiceName != ''
GROUP BY entity, entry, b`;

const PEER_SQL = `
SELECT coalesce(nullIf(SpanAttributes['peer.service'], ''), nullIf(SpanAttributes['db.system'] != '' ? SpanAttributes['server.address'] : '', ''), nullIf(SpanAttributes['db.system'], '')) AS entity,
       1 AS entry, ${BUCKET_EXPR} AS b, count() AS n, countIf(${ERROR_EXPR}) AS errors,
       quantiles(0.5, 0.95, 0.99)(Duration) AS q, q[1] / 1e6 AS p50, q[2] / 1e6 AS p95, q[3] / 1e6 AS p99
FROM otel_traces
WHERE ${RANGE_WHERE} AND SpanKind IN ('Client', 'Producer', 'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER') AND entity IS NOT NULL
  AND entity NOT IN (SELECT DISTINCT ServiceName FROM otel_traces WHERE ${RANGE_WHERE})
GROUP BY entity, b`;

export async function readTraceSignals(store: SignalQueryStore, range: SignalRange, out: SeriesBuilder): Promise<Result<void>> {
  for (const sql of [SERVICE_SQL, PEER_SQL]) {
    const rows = await store.queryRows<Row>(sql, rangeParams(range));
    if (!rows.ok) return fail(rows.error);
    const hasEntry = new Set(rows.value.filter((r) => Number(r.entry) === 1).map((r) => r.entity));
    for (const r of rows.value) {
      if (hasEntry.has(r.entity) && Number(r.entry) !== 1) continue;
      const b = Number(r.b);
      const n = Number(r.n);
      out.add(r.entity, 'traffic', 'request_rate', 'traces', b, n / range.stepSeconds, 'sum');
      out.add(r.entity, 'errors', 'error_rate', 'traces', b, Number(r.errors), 'ratio-numerator', n);
      out.add(r.entity, 'latency', 'latency_p50_ms', 'traces', b, Number(r.p50), 'max');
      out.add(r.entity, 'latency', 'latency_p95_ms', 'traces', b, Number(r.p95), 'max');
      out.add(r.entity, 'latency', 'latency_p99_ms', 'traces', b, Number(r.p99), 'max');
    }
  }
  return ok(undefined);
}
