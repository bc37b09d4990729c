/**
 * Small order statistics for the scorers. NaN (no data) is skipped
 * everywhere; an empty input gives NaN, never a made-up number.
 */

/** Finite values of `values[from, to)`, sorted ascending. */
export function finiteSorted(values: ArrayLike<number>, from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = Math.max(0, from); i < Math.min(values.length, to); i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) out.push(v);
  }
  return out.sort((a, b) => a - b);
}

/** Linear-interpolated quantile of ascending values; NaN when empty. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Pearson correlation over the buckets where both have data; NaN with fewer than `minPairs` pairs or a flat side. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>, from: number, to: number, minPairs = 4): number {
  let n = 0;
  let sa = 0;
  let sb = 0;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let i = Math.max(0, from); i < Math.min(a.length, b.length, to); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    n++;
    sa += x;
    sb += y;
    saa += x * x;
    sbb += y * y;
    sab += x * y;
  }
  if (n < minPairs) return NaN;
  const va = saa - (sa * sa) / n;
  const vb = sbb - (sb * sb) / n;
  if (!(va > 1e-12 * Math.max(1, saa)) || !(vb > 1e-12 * Math.max(1, sbb))) return NaN;
  return (sab - (sa * sb) / n) / Math.sqrt(va * vb);
}

export function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}
