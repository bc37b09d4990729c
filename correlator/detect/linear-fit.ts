/**
 * Ordinary least squares of value on bucket index over the finite points of
 * a range, with the t-statistic of the slope: the trend test the predictive
 * detector uses so that noise around a flat level never projects a crossing.
 */

export interface LinearFit {
  /** Fitted value at the last bucket of the range. */
  readonly level: number;
  readonly slopePerSecond: number;
  /** slope / standard error of the slope; +-Infinity for a perfect non-flat line, 0 for a perfectly flat one. */
  readonly t: number;
}

/** Fit over the finite points of `values[from, to)`; undefined with fewer than 3 points. */
export function fitLine(values: Float64Array, from: number, to: number, stepSeconds: number): LinearFit | undefined {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = Math.max(0, from); i < to; i++) {
    const y = values[i]!;
    if (!Number.isFinite(y)) continue;
    n++;
    sx += i;
    sy += y;
  }
  if (n < 3) return undefined;
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = Math.max(0, from); i < to; i++) {
    const y = values[i]!;
    if (!Number.isFinite(y)) continue;
    sxx += (i - mx) ** 2;
    sxy += (i - mx) * (y - my);
  }
  const slope = sxy / sxx;
  let sse = 0;
  for (let i = Math.max(0, from); i < to; i++) {
    const y = values[i]!;
    if (Number.isFinite(y)) sse += (y - my - slope * (i - mx)) ** 2;
  }
  const se = Math.sqrt(sse / (n - 2) / sxx);
  const t = se > 0 ? slope / se : slope === 0 ? 0 : Infinity * Math.sign(slope);
  return { level: my + slope * (to - 1 - mx), slopePerSecond: slope / stepSeconds, t };
}
