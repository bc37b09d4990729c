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
  /** The service, for a row of the first grouping set; '' in the second. */
  service: string;
  /** The peer seen from client spans, for a row of the second grouping set; '' in the first. */
  peer: string;
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

/**
 * One scan, two groupings: per service and entry flag, and per peer. A row
 * of one grouping set has the other's keys at their defaults ('' and 0), so
 * a row with a service is a service's and a row with a peer a peer's; rows
 * with neither (spans of no service, or calling no peer) are dropped.
 * (A UNION ALL of the two groupings reads the same rows and costs the
 * engine ~2 ms more per window: docs/performance.md.)
 */
const SQL = `
SELECT ServiceName AS service, Peer AS peer, Entry AS entry, ${ROLLUP_BUCKET_INDEX} AS b, ${STATS}
FROM ${ROLLUP_TABLES.spans}
WHERE ${ROLLUP_READ_WHERE}
GROUP BY GROUPING SETS ((service, entry, b), (peer, b))
HAVING service != '' OR peer != ''`;

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
    if (r.service === '') continue;
    services.add(r.service, Number(r.b));
    if (Number(r.entry) === 1) entries.add(r.service, Number(r.b));
  }
  for (const r of rows.value) {
    const b = Number(r.b);
    if (b < 0) continue;
    const isPeer = r.service === '';
    const entity = isPeer ? r.peer : r.service;
    if (isPeer ? services.presentAround(entity, b) : Number(r.entry) !== 1 && entries.presentAround(entity, b)) continue;
    const n = Number(r.n);
    out.add(entity, 'traffic', TRACE_REQUEST_RATE, 'traces', b, n / range.stepSeconds, 'sum');
    out.add(entity, 'errors', 'error_rate', 'traces', b, Number(r.errors), 'ratio-numerator', n);
    const percentiles = [r.p50, r.p95, r.p99];
    [...TRACE_LATENCY_QUANTILES.keys()].forEach((name, i) => out.add(entity, 'latency', name, 'traces', b, Number(percentiles[i]), 'max'));
  }
  return ok(undefined);
}
