/**
 * Timestamps in CSV cells to Unix nanoseconds, exactly (bigint, no floating
 * point rounding for decimal text), and nanoseconds to the ISO 8601 text
 * case.json uses.
 */

export const NANOS_PER_SECOND = 1_000_000_000n;

/** Nanoseconds per unit. */
export const TIME_UNITS = { s: 1_000_000_000n, ms: 1_000_000n, us: 1_000n, ns: 1n } as const;
export type TimeUnit = keyof typeof TIME_UNITS;

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d*))?$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Unix epoch time in some unit, told apart by magnitude: for any date
 * between 1973 and 5138, seconds stay below 1e11, milliseconds below 1e14,
 * microseconds below 1e17. Used where sources disagree or do not say
 * (RCAEval logs carry nanoseconds in some systems and seconds in others).
 */
export function epochUnitOf(value: number): TimeUnit {
  const magnitude = Math.abs(value);
  if (magnitude < 1e11) return 's';
  if (magnitude < 1e14) return 'ms';
  if (magnitude < 1e17) return 'us';
  return 'ns';
}

/**
 * Decimal text in `unit` -> integer nanoseconds (fractions of a nanosecond
 * truncated), or undefined when the text is not a number. Exponent notation
 * goes through a double (exact to about a microsecond for current dates).
 */
export function textToNanos(text: string, unit: TimeUnit): bigint | undefined {
  const t = text.trim();
  const scale = TIME_UNITS[unit];
  const m = DECIMAL.exec(t);
  if (m) {
    const [, sign, whole, fraction = ''] = m;
    const digits = scale.toString().length - 1;
    const frac = BigInt((fraction + '0'.repeat(digits)).slice(0, digits) || '0');
    const nanos = BigInt(whole as string) * scale + frac;
    return sign === '-' ? -nanos : nanos;
  }
  if (!NUMBER.test(t)) return undefined;
  const value = Number(t);
  if (!Number.isFinite(value)) return undefined;
  return BigInt(Math.round(value * Number(scale)));
}

/** Epoch time with its unit taken from its magnitude (see epochUnitOf). */
export function epochTextToNanos(text: string): bigint | undefined {
  const t = text.trim();
  if (!NUMBER.test(t)) return undefined;
  const value = Number(t);
  if (!Number.isFinite(value)) return undefined;
  return textToNanos(t, epochUnitOf(value));
}

/**
 * A date-time text (`2024-01-20 07:17:41.123`, ISO 8601) -> nanoseconds,
 * UTC when no zone is given. Millisecond precision.
 */
export function dateTextToNanos(text: string): bigint | undefined {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(t)) return undefined;
  const iso = t.replace(' ', 'T');
  const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/.test(iso) ? iso : `${iso}Z`;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? undefined : BigInt(ms) * 1_000_000n;
}

/**
 * Nanoseconds -> ISO 8601 UTC, whole seconds when there is no fraction
 * (`2022-05-17T18:37:55Z`), milliseconds otherwise; `roundUp` rounds a
 * fraction of a millisecond up instead of down (for the end of a window,
 * so the window still covers its last item).
 */
export function nanosToIso(nanos: bigint, roundUp = false): string {
  let ms = nanos / 1_000_000n;
  if (nanos % 1_000_000n !== 0n && (roundUp ? nanos > 0n : nanos < 0n)) ms += roundUp ? 1n : -1n;
  const iso = new Date(Number(ms)).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}
