/**
 * Simulated time. Every case starts at a fixed epoch base plus a per-case
 * offset (never the wall clock), and inside a case time is kept as
 * milliseconds from the window start (a float, so microseconds survive);
 * `nanos` turns such an offset into the decimal text OTLP/JSON uses for
 * fixed64 timestamps.
 */

/** 2026-01-05T00:00:00Z, a Monday. */
export const EPOCH_BASE_MS = Date.UTC(2026, 0, 5, 0, 0, 0);

export const SECOND_MS = 1000;
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

/** Window-relative milliseconds -> nanoseconds since the Unix epoch as text. `windowStartMs` must be a whole millisecond. */
export function nanos(windowStartMs: number, offsetMs: number): string {
  return (BigInt(windowStartMs) * 1_000_000n + BigInt(Math.round(offsetMs * 1e6))).toString();
}

/** ISO 8601 UTC, without milliseconds when they are zero (`2026-01-05T10:00:00Z`). */
export function isoUtc(epochMs: number): string {
  const text = new Date(epochMs).toISOString();
  return text.endsWith('.000Z') ? `${text.slice(0, -5)}Z` : text;
}

/** Hour of the day (UTC, fractional) at an epoch time. */
export function hourOfDay(epochMs: number): number {
  return ((epochMs % 86_400_000) + 86_400_000) % 86_400_000 / HOUR_MS;
}
