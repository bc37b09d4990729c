/**
 * The robust summary (median, MAD, IQR) of the last `size` points of a
 * series, kept up to date one point at a time, so a detector judging each
 * new point against its trailing window pays O(size) memory moves instead
 * of sorting the window again (robustSummary in robust-stats.ts).
 *
 * Contract: after pushing the points of a series in order, `summary()`
 * equals `robustSummary(values, i - size, i)` where i is the number of
 * points pushed, bit for bit: the same sorted finite values, the same
 * quantile interpolation, the same deviations from the median. Non-finite
 * values (no data) occupy their place in the window but are not counted.
 * Negative zero is stored as zero, so the sorted values do not depend on
 * the order in which equal values arrived.
 */
import { type RobustSummary, quantileSorted } from './robust-stats.ts';

export interface SlidingWindow {
  readonly size: number;
  /** Appends the next point; the point `size` places back leaves the window. */
  push(value: number): void;
  /** Summary of the finite values among the last `size` points pushed. */
  summary(): RobustSummary;
  /** How many of the finite values in the window lie strictly above (`up`) or below (`down`) `threshold`. */
  countBeyond(threshold: number, direction: 'up' | 'down'): number;
}

export function createSlidingWindow(size: number): SlidingWindow {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`sliding window: size must be a positive integer (got ${size})`);
  const ring = new Float64Array(size).fill(NaN);
  const sorted = new Float64Array(size);
  let head = 0;
  let count = 0;

  /** First index whose value is >= v (or > v with `after`). */
  const search = (v: number, after: boolean): number => {
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < v || (after && sorted[mid] === v)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const insert = (v: number): void => {
    const at = search(v, true);
    sorted.copyWithin(at + 1, at, count);
    sorted[at] = v;
    count++;
  };

  const remove = (v: number): void => {
    const at = search(v, false);
    sorted.copyWithin(at, at + 1, count);
    count--;
  };

  return {
    size,
    push(value) {
      const v = value === 0 ? 0 : value;
      const leaving = ring[head]!;
      if (Number.isFinite(leaving)) remove(leaving);
      ring[head] = v;
      head = (head + 1) % size;
      if (Number.isFinite(v)) insert(v);
    },
    summary() {
      const values = sorted.subarray(0, count);
      const median = quantileSorted(values, 0.5);
      return { count, median, mad: medianDeviation(values, median), iqr: quantileSorted(values, 0.75) - quantileSorted(values, 0.25) };
    },
    countBeyond(threshold, direction) {
      return direction === 'up' ? count - search(threshold, true) : search(threshold, false);
    },
  };
}

/**
 * Median of |v - median| over sorted values, without sorting the deviations:
 * they rise walking outwards from the median on either side, so merging the
 * two walks yields them in order. Same interpolation as quantileSorted.
 */
function medianDeviation(sorted: Float64Array, median: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * 0.5;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  let left = 0;
  while (left < n && sorted[left]! <= median) left++;
  let right = left;
  left -= 1;
  let atLo = NaN;
  let atHi = NaN;
  for (let k = 0; k <= hi; k++) {
    const dl = left >= 0 ? Math.abs(sorted[left]! - median) : Infinity;
    const dr = right < n ? Math.abs(sorted[right]! - median) : Infinity;
    let d: number;
    if (dl <= dr) {
      d = dl;
      left--;
    } else {
      d = dr;
      right++;
    }
    if (k === lo) atLo = d;
    if (k === hi) atHi = d;
  }
  return atLo + (atHi - atLo) * (pos - lo);
}
