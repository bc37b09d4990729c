/**
 * Level shifts by a two-sided CUSUM (Page, 1954) on standardized values.
 *
 * Each value is standardized against a robust baseline (median and
 * MAD-based sigma) of the trailing window that ends where the current
 * excursion began, so the shift being accumulated never contaminates its own
 * reference. Standardized values are clipped to +-`clipSigmas` (a Huber-style
 * guard): one wild outlier adds at most that much to a sum, so it takes a run
 * of shifted values, not a spike, to cross `h`. The upper and lower sums
 *   S+ = max(0, S+ + z - drift),  S- = max(0, S- - z - drift)
 * alarm when one exceeds `h`. The excursion of that sum from zero brackets the
 * change; within it the onset is the split that best explains the values as a
 * mean shift (the j maximising |sum of z over [j, alarm]| / sqrt(length)),
 * which is tighter than the excursion start when noise nudged the sum upwards
 * just before the change. After an
 * alarm both sums restart and nothing is judged until the trailing window
 * holds only post-change data, so one shift gives one anomaly.
 */
import type { Indicator } from '../signals/signal-frame.ts';
import { allows, badDirection, bucketMillis, bucketsIn, severityOf, type Anomaly, type Detector, type Direction, type SeriesInput } from './anomaly.ts';
import { absoluteFloor } from './floors.ts';
import { robustSigma, robustSummary } from './robust-stats.ts';

export interface ChangePointOptions {
  /** Trailing window of the reference baseline. Default 3600 (1 h: a longer window gives a steadier reference to accumulate against). */
  readonly windowSeconds?: number;
  /** Allowance per bucket, in sigmas: half the smallest shift worth detecting. Default 1 (shifts from ~2 sigma). */
  readonly drift?: number;
  /** Decision interval, in sigmas. Default 8 (few false alarms on noisy production series). */
  readonly h?: number;
  /** Standardized values are clipped to +- this. Default 3. */
  readonly clipSigmas?: number;
  /** Finite points the reference window needs. Default half the window, at least 5. */
  readonly minHistoryPoints?: number;
  readonly relativeFloor?: number;
  readonly absoluteFloors?: Partial<Record<Indicator, number>>;
  /** Score (= mean shift in sigmas) from which the anomaly is critical. Default 3. */
  readonly criticalScore?: number;
}

export const CHANGE_POINT = 'cusum';

interface Side {
  readonly direction: Direction;
  sum: number;
  start: number;
}

export function createChangePointDetector(options: ChangePointOptions = {}): Detector {
  const drift = options.drift ?? 1;
  const h = options.h ?? 8;
  const relativeFloor = options.relativeFloor ?? 0.02;
  const criticalScore = options.criticalScore ?? 3;
  const clip = options.clipSigmas ?? 3;
  if (!(drift >= 0) || !(h > 0) || !(clip > drift)) throw new RangeError('cusum: drift >= 0, h > 0, clipSigmas > drift');
  return {
    name: CHANGE_POINT,
    detect(series: SeriesInput): Anomaly[] {
      const { values } = series;
      const window = bucketsIn(options.windowSeconds ?? 3600, series.stepSeconds, 'cusum windowSeconds');
      const minHistory = options.minHistoryPoints ?? Math.max(5, Math.ceil(window / 2));
      const floor = absoluteFloor(series.indicator, options.absoluteFloors);
      const bad = badDirection(series.indicator);

      // Reference at i: baseline of the window [i - window, i).
      const refMedian = new Float64Array(values.length).fill(NaN);
      const refSigma = new Float64Array(values.length).fill(NaN);
      for (let i = 0; i < values.length; i++) {
        const s = robustSummary(values, i - window, i);
        if (s.count < minHistory) continue;
        refMedian[i] = s.median;
        refSigma[i] = robustSigma(s, s.median, relativeFloor, floor);
      }
      const zAt = (i: number, anchor: number): number => (values[i]! - refMedian[anchor]!) / refSigma[anchor]!;

      const sides: Side[] = (['up', 'down'] as const).filter((d) => allows(bad, d)).map((direction) => ({ direction, sum: 0, start: -1 }));
      const out: Anomaly[] = [];
      let holdUntil = 0;
      for (let i = 0; i < values.length; i++) {
        if (i < holdUntil || !Number.isFinite(values[i]!)) continue;
        for (const side of sides) {
          if (side.sum === 0) side.start = i;
          if (!Number.isFinite(refMedian[side.start]!)) {
            side.sum = 0;
            continue;
          }
          const z = Math.max(-clip, Math.min(clip, zAt(i, side.start)));
          side.sum = Math.max(0, side.sum + (side.direction === 'up' ? z : -z) - drift);
        }
        const alarmed = sides.find((s) => s.sum > h);
        if (!alarmed) continue;
        out.push(anomalyOf(series, alarmed, i));
        holdUntil = alarmed.start + window;
        for (const s of sides) s.sum = 0;
      }
      return out;

      function anomalyOf(s: SeriesInput, side: Side, alarmAt: number): Anomaly {
        const onset = splitPoint(side.start, alarmAt);
        let zSum = 0;
        let xSum = 0;
        let n = 0;
        for (let j = onset; j <= alarmAt; j++) {
          if (!Number.isFinite(values[j]!)) continue;
          zSum += zAt(j, side.start);
          xSum += values[j]!;
          n++;
        }
        const score = Math.abs(zSum / n);
        return {
          entity: s.entity,
          indicator: s.indicator,
          signal: s.name,
          detector: CHANGE_POINT,
          onsetMillis: bucketMillis(s, onset),
          score,
          severity: severityOf(score, criticalScore),
          direction: side.direction,
          evidence: {
            baseline: refMedian[side.start]!,
            observed: xSum / n,
            threshold: h,
            sigma: refSigma[side.start]!,
            shiftSigmas: zSum / n,
            cusum: side.sum,
            excursionStartMillis: bucketMillis(s, side.start),
            detectedAtMillis: bucketMillis(s, alarmAt),
          },
        };
      }

      /** Scans back from the alarm; the reference stays the one of the excursion start. */
      function splitPoint(start: number, alarmAt: number): number {
        let best = alarmAt;
        let bestStat = -Infinity;
        let zSum = 0;
        let n = 0;
        for (let j = alarmAt; j >= start; j--) {
          if (!Number.isFinite(values[j]!)) continue;
          zSum += Math.max(-clip, Math.min(clip, zAt(j, start)));
          n++;
          const stat = Math.abs(zSum) / Math.sqrt(n);
          if (stat >= bestStat) {
            bestStat = stat;
            best = j;
          }
        }
        return best;
      }
    },
  };
}
