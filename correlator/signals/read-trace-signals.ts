/**
 * RED signals per service from the span rollup: request rate, error rate and
 * latency percentiles per bucket, plus the same for databases and remote
 * peers seen only from client spans (`peer.service`, `db.system` with
 * `server.address`). Which spans are errors and which peer a client span
 * calls is decided where the rollup is written (storage migration 5).
 *
 * A service's requests are its SERVER and CONSUMER spans; a service whose
 * instrumentation sets no kinds (older SDKs: no entry span around the
 * bucket, see SignalRange.lookbackSeconds) is measured on all its spans. A
 * peer that is itself a service around the bucket is measured as that
 * service, not from its callers' client spans.
 */
import { type Result, fail, ok } from '../../core/result.ts';
import { ROLLUP_TABLES } from '../../storage/index.ts';
import { createBucketPresence } from './bucket-presence.ts';
import { ROLLUP_BUCKET_INDEX, ROLLUP_READ_WHERE } from './rollup-sql.ts';
import { type SeriesBuilder, type SignalQueryStore, type SignalRange, lookbackBuckets, rangeParams } from './signal-range.ts';

interface Row {
  entity: string;
  /** 1 for a peer seen from client spans, 0 for a service. */
  peer: number;
  entry: number;
  b: number;
  n: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
}

const STATS = `sum(Spans) AS n, sum(Errors) AS errors, quantilesMerge(0.5, 0.95, 0.99)(DurationQuantiles) AS q,
       q[1] / 1e6 AS p50, q[2] / 1e6 AS p95, q[3] / 1e6 AS p99`;

const SQL = `
SELECT ServiceName AS entity, 0 AS peer, Entry AS entry, ${ROLLUP_BUCKET_INDEX} AS b, ${STATS}
FROM ${ROLLUP_TABLES.spans}
WHERE ${ROLLUP_READ_WHERE} AND ServiceName != ''
GROUP BY entity, entry, b
UNION ALL
SELECT Peer AS entity, 1 AS peer, 1 AS entry, ${ROLLUP_BUCKET_INDEX} AS b, ${STATS}
FROM ${ROLLUP_TABLES.spans}
WHERE ${ROLLUP_READ_WHERE} AND Peer != ''
GROUP BY entity, b`;

/** The latency percentile series read from spans, by name, with their quantile (in the order of STATS' quantiles). */
export const TRACE_LATENCY_QUANTILES: ReadonlyMap<string, number> = new Map([
  ['latency_p50_ms', 0.5],
  ['latency_p95_ms', 0.95],
  ['latency_p99_ms', 0.99],
]);

/** The request-rate series read from spans (requests per second per bucket). */
export const TRACE_REQUEST_RATE = 'request_rate';

export async function readTraceSignals(store: SignalQueryStore, range: SignalRange, out: SeriesBuilder): Promise<Result<void>> {
  const rows = await store.queryRows<Row>(SQL, rangeParams(range));
  if (!rows.ok) return fail(rows.error);
  const services = createBucketPresence(lookbackBuckets(range));
  const entries = createBucketPresence(lookbackBuckets(range));
  for (const r of rows.value) {
    if (Number(r.peer) === 1) continue;
    services.add(r.entity, Number(r.b));
    if (Number(r.entry) === 1) entries.add(r.entity, Number(r.b));
  }
  for (const r of rows.value) {
    const b = Number(r.b);
    if (b < 0) continue;
    if (Number(r.peer) === 1 ? services.presentAround(r.entity, b) : Number(r.entry) !== 1 && entries.presentAround(r.entity, b)) continue;
    const n = Number(r.n);
    out.add(r.entity, 'traffic', TRACE_REQUEST_RATE, 'traces', b, n / range.stepSeconds, 'sum');
    out.add(r.entity, 'errors', 'error_rate', 'traces', b, Number(r.errors), 'ratio-numerator', n);
    const percentiles = [r.p50, r.p95, r.p99];
    [...TRACE_LATENCY_QUANTILES.keys()].forEach((name, i) => out.add(r.entity, 'latency', name, 'traces', b, Number(percentiles[i]), 'max'));
  }
  return ok(undefined);
}
