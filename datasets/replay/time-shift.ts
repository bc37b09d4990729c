/**
 * Moves every timestamp of a parsed OTLP/JSON request by one fixed offset,
 * in place: every field named `timeUnixNano` or `*TimeUnixNano` (or the
 * snake_case forms) at any depth, which covers spans (start, end), span
 * events, data points of every kind (time and start time), exemplars and log
 * records (time and observed time). The arithmetic is on BigInt and the result is written as decimal
 * text, so nanoseconds are exact (a double holds only ~16 digits of the 19).
 *
 * Zero means "unknown" in OTLP and stays zero: shifting it would invent a
 * time. A result outside 0 .. 2^64-1 (fixed64) is a problem naming the field.
 */

const MAX_FIXED64 = (1n << 64n) - 1n;

/** `timeUnixNano`, `startTimeUnixNano`, `observedTimeUnixNano`, ... and their snake_case twins. */
function isTimeKey(key: string): boolean {
  return key === 'timeUnixNano' || key.endsWith('TimeUnixNano') || key === 'time_unix_nano' || key.endsWith('_time_unix_nano');
}

/** Shifts `value`'s timestamps by `offsetNanos`; returns '' or the problem with the first field that would leave the range. */
export function shiftTimestamps(value: unknown, offsetNanos: bigint): string {
  if (offsetNanos === 0n) return '';
  return shiftIn(value, offsetNanos, '');
}

function shiftIn(value: unknown, offset: bigint, path: string): string {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = shiftIn(value[i], offset, `${path}[${i}]`);
      if (problem) return problem;
    }
    return '';
  }
  if (typeof value !== 'object' || value === null) return '';
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    const here = path === '' ? key : `${path}.${key}`;
    if (isTimeKey(key) && (typeof v === 'string' || typeof v === 'number')) {
      const text = String(v);
      if (!/^\d+$/.test(text)) continue;
      const before = BigInt(text);
      if (before === 0n) continue;
      const after = before + offset;
      if (after < 0n || after > MAX_FIXED64) return `${here}: ${before} shifted by ${offset} ns leaves the range of a fixed64 timestamp`;
      obj[key] = after.toString();
    } else if (typeof v === 'object' && v !== null) {
      const problem = shiftIn(v, offset, here);
      if (problem) return problem;
    }
  }
  return '';
}
