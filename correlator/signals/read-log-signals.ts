/**
 * Signals from the log rollup: error records per second per service
 * (severity ERROR and above, or an error-looking severity text when the
 * number is unset; decided where the rollup is written, storage migration 5).
 *
 * A bucket without error records is 0, not "no data", for every service that
 * logged anything around the bucket (SignalRange.lookbackSeconds): most services write errors rarely, and
 * a series that is missing everywhere but in a fault has no baseline to
 * deviate from. (Services that log nothing at all get no series.)
 */
import { type Result, fail, ok } from '../../core/result.ts';
import { ROLLUP_TABLES } from '../../storage/index.ts';
import { createBucketPresence } from './bucket-presence.ts';
import { ROLLUP_BUCKET_INDEX, ROLLUP_READ_WHERE } from './rollup-sql.ts';
import { type SeriesBuilder, type SignalQueryStore, type SignalRange, bucketCount, lookbackBuckets, rangeParams } from './signal-range.ts';

const SQL = `
SELECT ServiceName AS service, ${ROLLUP_BUCKET_INDEX} AS b, sum(Errors) AS errors
FROM ${ROLLUP_TABLES.logs}
WHERE ${ROLLUP_READ_WHERE} AND ServiceName != ''
GROUP BY service, b`;

export async function readLogSignals(store: SignalQueryStore, range: SignalRange, out: SeriesBuilder): Promise<Result<void>> {
  const rows = await store.queryRows<{ service: string; b: number; errors: number }>(SQL, rangeParams(range));
  if (!rows.ok) return fail(rows.error);
  const logging = createBucketPresence(lookbackBuckets(range));
  for (const r of rows.value) {
    logging.add(r.service, Number(r.b));
    out.add(r.service, 'log', 'log_error_rate', 'logs', Number(r.b), Number(r.errors) / range.stepSeconds, 'sum');
  }
  const buckets = bucketCount(range);
  for (const service of logging.keys()) {
    for (let b = 0; b < buckets; b++) if (logging.presentAround(service, b)) out.add(service, 'log', 'log_error_rate', 'logs', b, 0, 'sum');
  }
  return ok(undefined);
}
