/**
 * An event-time bound given in seconds, as nanoseconds to compare with line
 * times; undefined for no bound (Infinity). Callers check the value first.
 */
export function boundNanos(seconds: number): bigint | undefined {
  return Number.isFinite(seconds) ? BigInt(Math.round(seconds * 1e9)) : undefined;
}
