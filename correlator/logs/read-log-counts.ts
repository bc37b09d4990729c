/**
 * One aggregate read per correlator window over otel_logs, per service and
 * per bucket of a fixed epoch-aligned grid: when each service first logged
 * (any record; it starts the template warm-up) and, for each count rule,
 * how many records matched, with the earliest matching body as a sample.
 * Every value from a rule reaches the SQL as a bound parameter, never as
 * text.
 *
 * Matching: every condition given must hold. `minSeverity` compares the
 * effective severity (log-severity.ts); `bodyRegex` is RE2 (ClickHouse
 * `match()`, unanchored); each `attributes` entry matches when the record's
 * log attribute or its resource attribute has that exact value.
 */
import { type Result, fail, ok } from '../../core/result.ts';
import { otelLogsTimeBound } from '../../storage/index.ts';
import type { SignalQueryStore } from '../signals/signal-range.ts';
import { EFFECTIVE_SEVERITY_SQL, SEVERITY_NUMBER, type SeverityLevel } from './log-severity.ts';

/** Which records a count rule counts. */
export interface LogRecordMatch {
  /** Only this service; undefined or '' counts every service (each on its own). */
  readonly service?: string;
  readonly minSeverity?: SeverityLevel;
  readonly bodyRegex?: string;
  readonly attributes?: Readonly<Record<string, string>>;
}

export interface RuleBucketCount {
  readonly service: string;
  /** Bucket index on the epoch grid: the bucket starts at `bucket * stepSeconds * 1000`. */
  readonly bucket: number;
  readonly count: number;
  readonly sample: string;
}

export interface LogCountRange {
  readonly fromMillis: number;
  readonly toMillis: number;
  readonly stepSeconds: number;
  readonly maxSampleChars: number;
}

export interface LogCounts {
  /** Each service that logged in the window, with its first record's time there. */
  readonly services: readonly { readonly service: string; readonly firstMillis: number }[];
  /** Per match, in the order given: its non-zero bucket counts. */
  readonly matches: readonly (readonly RuleBucketCount[])[];
}

/** A match as one SQL condition, its parameters named with `prefix`. */
export function matchCondition(match: LogRecordMatch, prefix: string): { sql: string; params: Record<string, unknown> } {
  const sql: string[] = [];
  const params: Record<string, unknown> = {};
  if (match.service) {
    sql.push(`ServiceName = {${prefix}service:String}`);
    params[`${prefix}service`] = match.service;
  }
  if (match.minSeverity) {
    sql.push(`sev >= {${prefix}severity:UInt8}`);
    params[`${prefix}severity`] = SEVERITY_NUMBER[match.minSeverity];
  }
  if (match.bodyRegex) {
    sql.push(`match(Body, {${prefix}body:String})`);
    params[`${prefix}body`] = match.bodyRegex;
  }
  Object.entries(match.attributes ?? {}).forEach(([key, value], i) => {
    const k = `{${prefix}k${i}:String}`;
    const v = `{${prefix}v${i}:String}`;
    sql.push(`(LogAttributes[${k}] = ${v} OR ResourceAttributes[${k}] = ${v})`);
    params[`${prefix}k${i}`] = key;
    params[`${prefix}v${i}`] = value;
  });
  return { sql: sql.length > 0 ? sql.join(' AND ') : '1', params };
}

export async function readLogCounts(store: SignalQueryStore, matches: readonly LogRecordMatch[], range: LogCountRange): Promise<Result<LogCounts>> {
  const conditions = matches.map((m, i) => matchCondition(m, `r${i}_`));
  const columns = conditions.map(
    (c, i) => `, countIf(${c.sql}) AS n${i}, tupleElement(minIf((Timestamp, substringUTF8(Body, 1, {maxSampleChars:UInt32})), ${c.sql}), 2) AS s${i}`,
  );
  const sql = `
SELECT ServiceName AS service, intDiv(toUnixTimestamp64Milli(Timestamp), {stepMillis:Int64}) AS b, min(toUnixTimestamp64Milli(Timestamp)) AS first${columns.join('')}
FROM (SELECT *, ${EFFECTIVE_SEVERITY_SQL} AS sev FROM otel_logs
      WHERE Timestamp >= fromUnixTimestamp64Milli({from:Int64}) AND Timestamp < fromUnixTimestamp64Milli({to:Int64}) AND ${otelLogsTimeBound('{from:Int64}', '{to:Int64}')}
        AND ServiceName != '')
GROUP BY service, b
ORDER BY service, b`;
  const rows = await store.queryRows<Record<string, string | number>>(sql, {
    ...Object.assign({}, ...conditions.map((c) => c.params)),
    from: range.fromMillis,
    to: range.toMillis,
    stepMillis: range.stepSeconds * 1000,
    maxSampleChars: range.maxSampleChars,
  });
  if (!rows.ok) return fail(rows.error);
  const first = new Map<string, number>();
  const counts: RuleBucketCount[][] = matches.map(() => []);
  for (const r of rows.value) {
    const service = String(r.service);
    first.set(service, Math.min(first.get(service) ?? Infinity, Number(r.first)));
    counts.forEach((list, i) => {
      const count = Number(r[`n${i}`]);
      if (count > 0) list.push({ service, bucket: Number(r.b), count, sample: String(r[`s${i}`]) });
    });
  }
  return ok({ services: [...first].map(([service, firstMillis]) => ({ service, firstMillis })), matches: counts });
}
