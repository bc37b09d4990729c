/**
 * Signals from the log rollup: error records per second per service
 * (severity ERROR and above, or an error-looking severity text when the
 * number is unset; decided where the rollup is written, storage migration 5).
 *
 * A bucket without error records is 0, not "no data", for every service that
 * logged anything in the range or its context: most services write errors rarely, and
 * a series that is missing everywhere but in a fault has no baseline to
 * deviate from. (Services that log nothing at all get no series.)
 */
import { type Result, fail, ok } from '../../core/result.ts';
import { ROLLUP_TABLES } from '../../storage/index.ts';
import { ROLLUP_BUCKET_INDEX, ROLLUP_CONTEXT_WHERE, ROLLUP_IN_CONTEXT } from './rollup-sql.ts';
import { type SeriesBuilder, type SignalQueryStore, type SignalRange, bucketCount, rangeParams } from './signal-range.ts';

const SQL = `
SELECT ServiceName AS service, if(${ROLLUP_IN_CONTEXT}, -1, ${ROLLUP_BUCKET_INDEX}) AS b, sum(Errors) AS errors
FROM ${ROLLUP_TABLES.logs}
WHERE ${ROLLUP_CONTEXT_WHERE} AND ServiceName != ''
GROUP BY service, b`;

export async function readLogSignals(store: SignalQueryStore, range: SignalRange, out: SeriesBuilder): Promise<Result<void>> {
  const rows = await store.queryRows<{ service: string; b: number; errors: number }>(SQL, rangeParams(range));
  if (!rows.ok) return fail(rows.error);
  const services = new Set<string>();
  for (const r of rows.value) {
    services.add(r.service);
    out.add(r.service, 'log', 'log_error_rate', 'logs', Number(r.b), Number(r.errors) / range.stepSeconds, 'sum');
  }
  const buckets = bucketCount(range);
  for (const service of services) for (let b = 0; b < buckets; b++) out.add(service, 'log', 'log_error_rate', 'logs', b, 0, 'sum');
  return ok(undefined);
}
