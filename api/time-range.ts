/**
 * Parses `from` / `to` query parameters: ISO 8601 text or Unix milliseconds.
 * Defaults: the last hour up to now.
 */
import { causewayError } from '../core/errors.ts';
import { type Result, fail, ok } from '../core/result.ts';

export interface TimeRange {
  readonly fromMillis: number;
  readonly toMillis: number;
}

const HOUR_MILLIS = 3_600_000;

function parseInstant(text: string, name: string): Result<number> {
  const millis = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(millis)) return fail(causewayError('CW_ERR_API_BAD_REQUEST', `${name}: "${text}" is neither ISO 8601 nor Unix milliseconds`));
  return ok(millis);
}

export function parseTimeRange(query: { from?: string; to?: string }, nowMillis = Date.now()): Result<TimeRange> {
  const to = query.to === undefined ? ok(nowMillis) : parseInstant(query.to, 'to');
  if (!to.ok) return to;
  const from = query.from === undefined ? ok(to.value - HOUR_MILLIS) : parseInstant(query.from, 'from');
  if (!from.ok) return from;
  if (from.value > to.value) return fail(causewayError('CW_ERR_API_BAD_REQUEST', `from (${query.from}) is after to (${query.to ?? 'now'})`));
  return ok({ fromMillis: from.value, toMillis: to.value });
}

/** Milliseconds to the DateTime64(3) text ClickHouse parses in query parameters. */
export function toClickHouseTime(millis: number): string {
  return new Date(millis).toISOString().replace('T', ' ').replace('Z', '');
}
