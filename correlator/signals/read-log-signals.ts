/**
 * Signals from logs: error records per second per service (severity ERROR
 * and above, or an error-looking severity text when the number is unset).
 *
 * A bucket without error records is 0, not "no data", for every service that
 * logged anything in the range read: most services write errors rarely, and
 * a series that is missing everywhere but in a fault has no baseline to
 * deviate from. (Services that log nothing at all get no series.)
 */
import { type Result, fail, ok } from '../../core/result.ts';
import { type SeriesBuilder, type SignalQueryStore, type SignalRange, bucketCount, rangeParams } from './signal-range.ts';

const SQL = `
SELECT ServiceName AS service, intDiv(toUnixTimestamp64Milli(Timestamp) - {from:Int64}, {stepMillis:Int64}) AS b,
       count() AS n, countIf(SeverityNumber >= 17 OR (SeverityNumber = 0 AND upper(SeverityText) IN ('ERROR', 'FATAL', 'CRITICAL', 'SEVERE'))) AS errors
FROM otel_logs
WHERE Timestamp >= fromUnixTimestamp64Milli({from:Int64}) AND Timestamp < fromUnixTimestamp64Milli({to:Int64}) AND ServiceName != ''
GROUP BY service, b`;

export async function readLogSignals(store: SignalQueryStore, range: SignalRange, out: SeriesBuilder): Promise<Result<void>> {
  const rows = await store.queryRows<{ service: string; b: number; n: number; errors: number }>(SQL, rangeParams(range));
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
