/**
 * ISO 8601 date-times as the dataset format writes them: `YYYY-MM-DDThh:mm:ss`,
 * an optional fraction of up to 9 digits, and a zone designator (`Z` or
 * `+hh:mm` / `-hh:mm`). A time without a zone is refused: it would mean a
 * different instant on every machine. Calendar fields are checked exactly
 * (no 30 February, no hour 24), which `Date.parse` alone does not do.
 */

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|([+-])(\d{2}):(\d{2}))$/;

const NANOS_PER_MILLI = 1_000_000n;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Nanoseconds since the Unix epoch, or undefined when `text` is not an ISO 8601 date-time with a zone. */
export function isoToNanos(text: string): bigint | undefined {
  const m = ISO_DATE_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (m[8] !== 'Z') {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const millis = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000;
  const fraction = BigInt((m[7] ?? '').padEnd(9, '0') || '0');
  return BigInt(millis) * NANOS_PER_MILLI + fraction;
}

/** `nanos` as `YYYY-MM-DDThh:mm:ss.sssZ` (millisecond precision), for messages. */
export function nanosToIso(nanos: bigint): string {
  const date = new Date(Number(nanos / NANOS_PER_MILLI));
  return Number.isNaN(date.getTime()) ? `${nanos} ns` : date.toISOString();
}
