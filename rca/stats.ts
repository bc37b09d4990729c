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

const knownGaps = new WeakMap<ArrayLike<number>, number>();

/**
 * Median gap between consecutive finite values, in buckets; at least 1 (1: a value every bucket; 6: one-minute metrics on a 10 s grid).
 * Remembered per array while it lives: a series meets many others in correlations, and its values do not change once read.
 */
export function sampleGap(values: ArrayLike<number>): number {
  const known = knownGaps.get(values);
  if (known !== undefined) return known;
  const gap = measureSampleGap(values);
  knownGaps.set(values, gap);
  return gap;
}

function measureSampleGap(values: ArrayLike<number>): number {
  const gaps: number[] = [];
  let last = -1;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) continue;
    if (last >= 0) gaps.push(i - last);
    last = i;
  }
  return Math.max(1, quantile(gaps.sort((a, b) => a - b), 0.5) || 1);
}

/** How far apart, in units of a series' own sampling gap, two values may be for the buckets between them to be interpolated: a missed sample is a hole, not a line. */
const INTERPOLATION_SPAN_GAPS = 1.5;

/** The widest span, in buckets, between two values of a series sampled every `gap` buckets that is read between (below 2: nothing is). */
const interpolationSpan = (gap: number) => Math.floor(INTERPOLATION_SPAN_GAPS * gap);

/**
 * `values` read at buckets [from, to): its own value where it has one,
 * else the linear interpolation between its nearest values either side
 * when they are at most INTERPOLATION_SPAN_GAPS of its sampling gap apart,
 * else NaN. A series with a value every bucket is returned as it is.
 */
export function readBetweenSamples(values: ArrayLike<number>, from: number, to: number, gap = sampleGap(values)): Float64Array {
  const out = new Float64Array(Math.max(0, to - from)).fill(NaN);
  const maxSpan = interpolationSpan(gap);
  let previous = -1;
  // Runs to the first value at or after `to`: the window's last buckets may lie before it.
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) continue;
    if (i >= from && i < to) out[i - from] = values[i]!;
    if (previous >= 0 && i - previous > 1 && i - previous <= maxSpan) {
      for (let j = Math.max(previous + 1, from); j < Math.min(i, to); j++) out[j - from] = values[previous]! + ((values[i]! - values[previous]!) * (j - previous)) / (i - previous);
    }
    if (i >= to) break;
    previous = i;
  }
  return out;
}

function finiteCount(values: ArrayLike<number>, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (Number.isFinite(values[i]!)) n++;
  return n;
}

/**
 * Pearson correlation of two series over buckets [from, to); NaN with fewer
 * than `minPairs` pairs or a flat side. Series sampled at different
 * moments rarely share a bucket (two exporters on the same one-minute
 * interval and different phases never do; a one-minute metric against
 * spans every 10 s shares one bucket in six), so the pairs are the
 * buckets where the series with fewer values has one, each against the
 * other series' value there, read between its samples (readBetweenSamples)
 * where it has none. Every pair holds one measured value, so
 * interpolation adds no pairs of its own making.
 */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>, from: number, to: number, minPairs = 4): number {
  const lo = Math.max(0, from);
  const hi = Math.min(a.length, b.length, to);
  if (hi <= lo) return NaN;
  const [anchor, other] = finiteCount(b, lo, hi) < finiteCount(a, lo, hi) ? [b, a] : [a, b];
  // A series with a value every bucket has nothing to read between: it is read as it is, without a copy.
  const gap = sampleGap(other);
  const read = interpolationSpan(gap) < 2 ? undefined : readBetweenSamples(other, lo, hi, gap);
  let n = 0;
  let sa = 0;
  let sb = 0;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let i = lo; i < hi; i++) {
    const x = anchor[i]!;
    const y = read ? read[i - lo]! : other[i]!;
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
