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
 *
 * Incremental form (`stream()`): the sums, the excursion's start and its
 * reference are state, and the reference window is a sliding window
 * (sliding-window.ts), so a series can be judged as it grows at a cost per
 * point that does not depend on its length; `detect` is that same stream over
 * the whole series. An anomaly is reported once, at its alarm. Its onset is
 * searched back to the excursion's start within the points the caller still
 * holds, so the history handed to a stream should outlast an excursion.
 */
import type { Indicator } from '../signals/signal-frame.ts';
import { allows, badDirection, bucketMillis, bucketsIn, severityOf, type Anomaly, type Detector, type Direction, type SeriesInput, type SeriesStream } from './anomaly.ts';
import { absoluteFloor } from './floors.ts';
import { defaultMinHistoryPoints, robustSigma } from './robust-stats.ts';
import { type SlidingWindow, createSlidingWindow } from './sliding-window.ts';

export interface ChangePointOptions {
  /** Trailing window of the reference baseline. Default 3600 (1 h: a longer window gives a steadier reference to accumulate against). */
  readonly windowSeconds?: number;
  /** Allowance per bucket, in sigmas: half the smallest shift worth detecting. Default 1 (shifts from ~2 sigma). */
  readonly drift?: number;
  /** Decision interval, in sigmas. Default 8 (few false alarms on noisy production series). */
  readonly h?: number;
  /** Standardized values are clipped to +- this. Default 3. */
  readonly clipSigmas?: number;
  /** Finite points the reference window needs. Default half the window, at most 20 and at least 5 (defaultMinHistoryPoints). */
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
  /** Event time of the excursion's first point, and the reference (median, sigma) of the window before it. */
  startMillis: number;
  refMedian: number;
  refSigma: number;
}

export function createChangePointDetector(options: ChangePointOptions = {}): Detector {
  const drift = options.drift ?? 1;
  const h = options.h ?? 8;
  const relativeFloor = options.relativeFloor ?? 0.02;
  const criticalScore = options.criticalScore ?? 3;
  const clip = options.clipSigmas ?? 3;
  if (!(drift >= 0) || !(h > 0) || !(clip > drift)) throw new RangeError('cusum: drift >= 0, h > 0, clipSigmas > drift');

  function stream(): SeriesStream {
    let grid: { stepSeconds: number; window: number; minHistory: number } | undefined;
    let reference: SlidingWindow;
    let sides: Side[] = [];
    let holdUntilMillis = Number.NEGATIVE_INFINITY;
    let nextMillis: number | undefined;

    return {
      judge(series, fromBucket) {
        const values = series.values;
        if (grid === undefined) {
          const window = bucketsIn(options.windowSeconds ?? 3600, series.stepSeconds, 'cusum windowSeconds');
          grid = { stepSeconds: series.stepSeconds, window, minHistory: options.minHistoryPoints ?? defaultMinHistoryPoints(window) };
          reference = createSlidingWindow(window);
          for (let j = Math.max(0, fromBucket - window); j < Math.min(fromBucket, values.length); j++) reference.push(values[j]!);
          const bad = badDirection(series.indicator);
          sides = (['up', 'down'] as const).filter((d) => allows(bad, d)).map((direction) => ({ direction, sum: 0, startMillis: NaN, refMedian: NaN, refSigma: NaN }));
        } else if (series.stepSeconds !== grid.stepSeconds) {
          throw new RangeError(`cusum: a stream's step cannot change (${grid.stepSeconds}s, then ${series.stepSeconds}s)`);
        }
        if (fromBucket >= values.length) return [];
        const fromMillis = bucketMillis(series, fromBucket);
        if (nextMillis !== undefined && fromMillis !== nextMillis) throw new RangeError(`cusum: judged ${fromMillis}, expected the next point ${nextMillis}`);
        const { window, minHistory } = grid;
        const stepMillis = series.stepSeconds * 1000;
        const floor = absoluteFloor(series, options.absoluteFloors);
        const indexOf = (millis: number) => Math.round((millis - series.fromMillis) / stepMillis);
        const zAt = (j: number, side: Side): number => (values[j]! - side.refMedian) / side.refSigma;
        const out: Anomaly[] = [];

        for (let i = fromBucket; i < values.length; i++) {
          const x = values[i]!;
          const t = bucketMillis(series, i);
          if (t >= holdUntilMillis && Number.isFinite(x)) {
            // Reference of the window [i - window, i): read before x joins it.
            let here: { median: number; sigma: number } | undefined;
            for (const side of sides) {
              if (side.sum === 0) {
                if (here === undefined) {
                  const s = reference.summary();
                  here = s.count < minHistory ? { median: NaN, sigma: NaN } : { median: s.median, sigma: robustSigma(s, s.median, relativeFloor, floor) };
                }
                side.startMillis = t;
                side.refMedian = here.median;
                side.refSigma = here.sigma;
              }
              if (!Number.isFinite(side.refMedian)) {
                side.sum = 0;
                continue;
              }
              const z = Math.max(-clip, Math.min(clip, zAt(i, side)));
              side.sum = Math.max(0, side.sum + (side.direction === 'up' ? z : -z) - drift);
            }
            const alarmed = sides.find((s) => s.sum > h);
            if (alarmed) {
              out.push(anomalyOf(series, alarmed, i, Math.max(0, indexOf(alarmed.startMillis))));
              holdUntilMillis = alarmed.startMillis + window * stepMillis;
              for (const s of sides) s.sum = 0;
            }
          }
          reference.push(x);
        }
        nextMillis = bucketMillis(series, values.length);
        return out;

        function anomalyOf(s: SeriesInput, side: Side, alarmAt: number, start: number): Anomaly {
          const onset = splitPoint(side, start, alarmAt);
          let zSum = 0;
          let xSum = 0;
          let n = 0;
          for (let j = onset; j <= alarmAt; j++) {
            if (!Number.isFinite(values[j]!)) continue;
            zSum += zAt(j, side);
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
              baseline: side.refMedian,
              observed: xSum / n,
              threshold: h,
              sigma: side.refSigma,
              shiftSigmas: zSum / n,
              cusum: side.sum,
              excursionStartMillis: side.startMillis,
              detectedAtMillis: bucketMillis(s, alarmAt),
            },
          };
        }

        /** Scans back from the alarm; the reference stays the one of the excursion start. */
        function splitPoint(side: Side, start: number, alarmAt: number): number {
          let best = alarmAt;
          let bestStat = -Infinity;
          let zSum = 0;
          let n = 0;
          for (let j = alarmAt; j >= start; j--) {
            if (!Number.isFinite(values[j]!)) continue;
            zSum += Math.max(-clip, Math.min(clip, zAt(j, side)));
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

  return { name: CHANGE_POINT, detect: (series) => stream().judge(series, 0), stream };
}
