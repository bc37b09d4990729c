/**
 * Order statistics that ignore NaN (no data). Inputs are small trailing
 * windows, so sorting a copy is simpler and fast enough.
 */

/** Scale factor making the MAD a consistent estimator of the standard deviation under normal noise. */
export const MAD_TO_SIGMA = 1.4826;

/** The finite values of `values[from, to)`, sorted ascending. */
export function finiteSorted(values: ArrayLike<number>, from: number, to: number): Float64Array {
  const out: number[] = [];
  for (let i = Math.max(0, from); i < Math.min(values.length, to); i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) out.push(v);
  }
  return Float64Array.from(out).sort();
}

/** Linear-interpolated quantile of sorted values; NaN when empty. */
export function quantileSorted(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function medianOf(values: ArrayLike<number>): number {
  return quantileSorted(finiteSorted(values, 0, values.length), 0.5);
}

export interface RobustSummary {
  readonly count: number;
  readonly median: number;
  /** Median absolute deviation from the median (unscaled). */
  readonly mad: number;
  /** Interquartile range q75 - q25. */
  readonly iqr: number;
}

export function robustSummary(values: ArrayLike<number>, from: number, to: number): RobustSummary {
  const sorted = finiteSorted(values, from, to);
  const median = quantileSorted(sorted, 0.5);
  const dev = sorted.map((v) => Math.abs(v - median)).sort();
  return { count: sorted.length, median, mad: quantileSorted(dev, 0.5), iqr: quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25) };
}

/**
 * A spread that is never zero. A flat window (constant value, or a counter
 * that only moves in whole steps) has MAD = 0 and would make every wiggle an
 * infinite z-score, so the spread falls back to IQR/1.349 (the normal-noise
 * sigma from the IQR), then is floored relative to the level and by an
 * absolute floor in the indicator's unit.
 */
export function robustSigma(summary: RobustSummary, level: number, relativeFloor: number, absoluteFloor: number): number {
  const fromMad = MAD_TO_SIGMA * summary.mad;
  const fromIqr = summary.iqr / 1.349;
  const spread = fromMad > 0 ? fromMad : fromIqr;
  return Math.max(spread, relativeFloor * Math.abs(level), absoluteFloor);
}

/**
 * Finite points a trailing window of `windowBuckets` needs before a
 * detector judges against it, unless configured: half the window, but never
 * more than 20 and never fewer than 5. The cap matters for sparse series: a
 * metric exported once a minute fills only a sixth of a 10 s grid, so "half
 * the window" would never be reached and the series never judged. Twenty
 * points give a usable median and MAD; the runtime's warm-up keeps the first
 * minutes quiet anyway.
 */
export function defaultMinHistoryPoints(windowBuckets: number): number {
  return Math.max(5, Math.min(20, Math.ceil(windowBuckets / 2)));
}
