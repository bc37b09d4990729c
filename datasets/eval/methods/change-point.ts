/**
 * The shared onset detector of the baselines: one multivariate mean-shift
 * change point. For every split t, each series contributes its two-sample
 * shift statistic |mean(after) - mean(before)| / pooled sd * sqrt(n1 n2 / n),
 * compressed by log(1 + x) so that no single series dominates yet a sharper
 * split still scores higher; the onset is the split with the largest sum. Computed with prefix sums, O(series x buckets).
 *
 * It is a simple stand-in for the Bayesian online change-point detection
 * of the BARO paper: enough to give the baselines an onset of their own
 * rather than the true injection time.
 */
import type { SignalFrame } from '../../../correlator/index.ts';

export interface ChangePoint {
  /** First bucket after the change. */
  readonly bucket: number;
  /** Series whose own statistic at that split exceeds the threshold, by index in the frame. */
  readonly shiftedSeries: readonly number[];
  readonly score: number;
}

export const SHIFT_THRESHOLD = 4;
const MIN_SEGMENT = 6;

function shiftStatistics(values: Float64Array): Float64Array {
  const n = values.length;
  const count = new Float64Array(n + 1);
  const sum = new Float64Array(n + 1);
  const sq = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    const ok = Number.isFinite(v);
    count[i + 1] = count[i]! + (ok ? 1 : 0);
    sum[i + 1] = sum[i]! + (ok ? v : 0);
    sq[i + 1] = sq[i]! + (ok ? v * v : 0);
  }
  const stats = new Float64Array(n);
  const total = count[n]!;
  for (let t = MIN_SEGMENT; t <= n - 2; t++) {
    const n1 = count[t]!;
    const n2 = total - n1;
    if (n1 < 3 || n2 < 2) continue;
    const m1 = sum[t]! / n1;
    const m2 = (sum[n]! - sum[t]!) / n2;
    const v1 = Math.max(0, sq[t]! / n1 - m1 * m1);
    const v2 = Math.max(0, (sq[n]! - sq[t]!) / n2 - m2 * m2);
    const pooled = Math.sqrt((n1 * v1 + n2 * v2) / (n1 + n2));
    const scale = Math.max(pooled, 1e-9 + 1e-3 * Math.abs(m1));
    stats[t] = (Math.abs(m2 - m1) / scale) * Math.sqrt((n1 * n2) / (n1 + n2));
  }
  return stats;
}

export function detectChangePoint(frame: SignalFrame): ChangePoint | undefined {
  if (frame.buckets < MIN_SEGMENT + 2) return undefined;
  const perSeries = frame.series.map((s) => shiftStatistics(s.values));
  let best = -1;
  let bestScore = 0;
  for (let t = MIN_SEGMENT; t < frame.buckets - 1; t++) {
    let score = 0;
    for (const stats of perSeries) score += Math.log1p(stats[t]!);
    if (score > bestScore) {
      bestScore = score;
      best = t;
    }
  }
  if (best < 0) return undefined;
  const shiftedSeries = perSeries.flatMap((stats, i) => (stats[best]! > SHIFT_THRESHOLD ? [i] : []));
  if (shiftedSeries.length === 0) return undefined;
  return { bucket: best, shiftedSeries, score: bestScore };
}
