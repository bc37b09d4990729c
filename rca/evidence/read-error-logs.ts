/**
 * A bounded sample of the candidates' warning and error log records in
 * both periods, for template mining in Node.
 *
 * A record counts when its severity is WARN or above (SeverityNumber >= 13,
 * or, with the number unset, a severity text that says so: correlator's
 * EFFECTIVE_SEVERITY_SQL), or when its body reads like an error
 * (`errorBodyPattern`, for stdout logs collected without any severity). At
 * most `perPeriodLimit` records are read per (service, period): a
 * pseudo-random but deterministic sample (ordered by a hash of time and
 * body), so one chatty minute does not crowd out the rest; `total` still
 * counts them all, for scaling sampled counts back up. Bodies are cut to
 * `maxBodyChars`.
 */
import { type Result, fail, ok } from '../../core/result.ts';
import { EFFECTIVE_SEVERITY_SQL, SEVERITY_NUMBER, type SignalQueryStore } from '../../correlator/index.ts';
import { type EvidencePeriods, periodParams } from './periods.ts';
import { otelLogsTimeBound } from '../../storage/index.ts';
import { timeBetween } from './span-sql.ts';

export interface ErrorLogQuery {
  readonly candidates: readonly string[];
  readonly perPeriodLimit: number;
  readonly maxBodyChars: number;
  /** RE2 pattern matched against bodies (`(?i)` for case-insensitive). */
  readonly errorBodyPattern: string;
}

export interface ErrorLogRecord {
  readonly service: string;
  readonly incident: boolean;
  readonly timeMillis: number;
  readonly body: string;
  /** Hex; '' when the record is not tied to a trace. */
  readonly traceId: string;
}

export interface ErrorLogSample {
  /** In time order within each service. */
  readonly records: readonly ErrorLogRecord[];
  /** All matching records per service and period, before sampling: `${service}\u0000${0|1}` -> count. */
  readonly totals: ReadonlyMap<string, number>;
}

export const totalKey = (service: string, incident: boolean): string => `${service}\u0000${incident ? 1 : 0}`;

const SQL = `
SELECT ServiceName AS service, toUInt8(Timestamp >= fromUnixTimestamp64Milli({onset:Int64})) AS period, toUnixTimestamp64Milli(Timestamp) AS timeMillis,
       substringUTF8(Body, 1, {maxBodyChars:UInt32}) AS body, TraceId AS traceId, count() OVER (PARTITION BY ServiceName, period) AS total
FROM otel_logs
WHERE ${timeBetween('Timestamp', 'from', 'at')} AND ${otelLogsTimeBound('{from:Int64}', '{at:Int64}')} AND has({candidates:Array(String)}, ServiceName)
  AND (${EFFECTIVE_SEVERITY_SQL} >= ${SEVERITY_NUMBER.warn} OR match(Body, {errorBodyPattern:String}))
ORDER BY service, period, cityHash64(Timestamp, Body)
LIMIT {perPeriodLimit:UInt32} BY service, period`;

interface Row {
  service: string;
  period: number | string;
  timeMillis: number | string;
  body: string;
  traceId: string;
  total: number | string;
}

export async function readErrorLogs(store: SignalQueryStore, periods: EvidencePeriods, query: ErrorLogQuery): Promise<Result<ErrorLogSample>> {
  if (query.candidates.length === 0) return ok({ records: [], totals: new Map() });
  const rows = await store.queryRows<Row>(SQL, {
    ...periodParams(periods),
    candidates: [...query.candidates],
    perPeriodLimit: query.perPeriodLimit,
    maxBodyChars: query.maxBodyChars,
    errorBodyPattern: query.errorBodyPattern,
  });
  if (!rows.ok) return fail(rows.error);
  const totals = new Map<string, number>();
  const records: ErrorLogRecord[] = rows.value.map((r) => {
    const incident = Number(r.period) === 1;
    totals.set(totalKey(r.service, incident), Number(r.total));
    return { service: r.service, incident, timeMillis: Number(r.timeMillis), body: r.body, traceId: r.traceId };
  });
  // Mining is order-dependent: time order (ties by body) makes the templates the same for the same data.
  records.sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : a.timeMillis - b.timeMillis || (a.body < b.body ? -1 : a.body > b.body ? 1 : 0)));
  return ok({ records, totals });
}
