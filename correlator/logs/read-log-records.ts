/**
 * Reads the log records of one correlator window that template mining looks
 * at: those at or above a severity, plus records with no severity at all
 * whose body reads like an error (see log-severity.ts). Oldest first, ties
 * broken by service and body, so that the same stored data is always mined
 * in the same order however the time range is cut into windows.
 *
 * Bounded: at most `limit` records per call (the rest of the window is not
 * mined; `truncated` says so), bodies cut to `maxBodyChars`.
 */
import { type Result, fail, ok } from '../../core/result.ts';
import { otelLogsTimeBound } from '../../storage/index.ts';
import type { SignalQueryStore } from '../signals/signal-range.ts';
import { EFFECTIVE_SEVERITY_SQL, ERROR_WORDS_RE2 } from './log-severity.ts';

export interface LogRecord {
  readonly service: string;
  readonly timeMillis: number;
  /** Effective severity number (0 = none). */
  readonly severity: number;
  readonly body: string;
}

export interface ReadLogRecordsOptions {
  readonly fromMillis: number;
  readonly toMillis: number;
  /** Lowest effective SeverityNumber read. */
  readonly minSeverityNumber: number;
  readonly limit: number;
  readonly maxBodyChars: number;
}

export interface LogRecordsRead {
  readonly records: readonly LogRecord[];
  /** Whether the window held more matching records than `limit`. */
  readonly truncated: boolean;
}

const SQL = `
SELECT ServiceName AS service, toUnixTimestamp64Milli(Timestamp) AS t, ${EFFECTIVE_SEVERITY_SQL} AS sev, substringUTF8(Body, 1, {maxBodyChars:UInt32}) AS body
FROM otel_logs
WHERE Timestamp >= fromUnixTimestamp64Milli({from:Int64}) AND Timestamp < fromUnixTimestamp64Milli({to:Int64}) AND ${otelLogsTimeBound('{from:Int64}', '{to:Int64}')} AND ServiceName != ''
  AND (sev >= {minSeverity:UInt8} OR (sev = 0 AND match(Body, {errorWords:String})))
ORDER BY Timestamp, service, body
LIMIT {limit:UInt32}`;

export async function readLogRecords(store: SignalQueryStore, o: ReadLogRecordsOptions): Promise<Result<LogRecordsRead>> {
  const rows = await store.queryRows<{ service: string; t: number; sev: number; body: string }>(SQL, {
    from: o.fromMillis,
    to: o.toMillis,
    minSeverity: o.minSeverityNumber,
    errorWords: ERROR_WORDS_RE2,
    maxBodyChars: o.maxBodyChars,
    limit: o.limit + 1,
  });
  if (!rows.ok) return fail(rows.error);
  const records = rows.value.slice(0, o.limit).map((r) => ({ service: r.service, timeMillis: Number(r.t), severity: Number(r.sev), body: r.body }));
  return ok({ records, truncated: rows.value.length > o.limit });
}
