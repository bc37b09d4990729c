/**
 * Robust baseline detector: a point is anomalous when its distance from the
 * expected value, in robust sigmas (1.4826 x MAD of a trailing window),
 * exceeds `k`; an anomaly is a run of at least `minPoints` such points in the
 * same direction, so single spikes do not page anyone.
 *
 * Expected value: the median of the trailing window. Once a whole period
 * (default one day) of history exists, the expected value becomes seasonal:
 * the median over past periods of the value at the same time of day (each a
 * median of a few neighbouring buckets, to absorb noise and small phase
 * jitter), plus the median residual of the trailing window (so a pattern that
 * is the same shape but a little higher this week is not anomalous). The
 * spread is then the MAD of those residuals.
 *
 * Recovery is not a new anomaly: while an anomaly lasts the trailing window
 * fills with anomalous values, so the return to normal would look like a
 * change the other way. A run in the opposite direction that starts within one
 * window of the previous anomaly's end and lands back within k sigma of that
 * anomaly's baseline is therefore reported as nothing.
 */
import type { Indicator } from '../signals/signal-frame.ts';
import { allows, badDirection, bucketMillis, bucketsIn, severityOf, type Anomaly, type Detector, type Direction, type SeriesInput } from './anomaly.ts';
import { absoluteFloor } from './floors.ts';
import { finiteSorted, quantileSorted, robustSigma, robustSummary } from './robust-stats.ts';
import { runsOf, type Run } from './runs.ts';

export interface RobustBaselineOptions {
  /** Trailing window for the median and MAD. Default 1800 (30 min). */
  readonly windowSeconds?: number;
  /** Robust z beyond which a point is anomalous. Default 4. */
  readonly k?: number;
  /** Consecutive anomalous points needed for an anomaly. Default 3. */
  readonly minPoints?: number;
  /** Finite points the window needs before anything is judged. Default half the window, at least 5. */
  readonly minHistoryPoints?: number;
  /** Compare with the same time in past periods once one period of history exists. Default true. */
  readonly seasonality?: boolean;
  /** Default 86400 (one day). */
  readonly periodSeconds?: number;
  /** Past periods to take the median over. Default 7. */
  readonly maxPeriods?: number;
  /** Neighbouring buckets on each side at the same time of a past period. Default 2. */
  readonly seasonalNeighbourBuckets?: number;
  /** Spread floor as a share of the expected level. Default 0.02. */
  readonly relativeFloor?: number;
  /** Spread floor per indicator, in the signal's unit; see DEFAULT_ABSOLUTE_FLOORS. */
  readonly absoluteFloors?: Partial<Record<Indicator, number>>;
  /** Score (= peak z / k) from which the anomaly is critical. Default 3. */
  readonly criticalScore?: number;
}

export const ROBUST_BASELINE = 'robust-baseline';

export function createRobustBaselineDetector(options: RobustBaselineOptions = {}): Detector {
  const k = options.k ?? 4;
  const minPoints = options.minPoints ?? 3;
  const seasonality = options.seasonality ?? true;
  const maxPeriods = options.maxPeriods ?? 7;
  const neighbours = options.seasonalNeighbourBuckets ?? 2;
  const relativeFloor = options.relativeFloor ?? 0.02;
  const criticalScore = options.criticalScore ?? 3;
  if (!(k > 0) || !(minPoints >= 1) || !(maxPeriods >= 1) || !(neighbours >= 0) || !(relativeFloor >= 0)) {
    throw new RangeError('robust-baseline: k > 0, minPoints >= 1, maxPeriods >= 1, seasonalNeighbourBuckets >= 0, relativeFloor >= 0');
  }
  return {
    name: ROBUST_BASELINE,
    detect(series: SeriesInput): Anomaly[] {
      const { values, stepSeconds } = series;
      const window = bucketsIn(options.windowSeconds ?? 1800, stepSeconds, 'robust-baseline windowSeconds');
      const period = bucketsIn(options.periodSeconds ?? 86_400, stepSeconds, 'robust-baseline periodSeconds');
      const minHistory = options.minHistoryPoints ?? Math.max(5, Math.ceil(window / 2));
      const floor = absoluteFloor(series.indicator, options.absoluteFloors);
      const bad = badDirection(series.indicator);
      const seasonal = seasonality ? seasonalExpectation(values, period, maxPeriods, neighbours) : undefined;
      const residuals = seasonal ? values.map((v, i) => v - seasonal[i]!) : undefined;

      const expected = new Float64Array(values.length).fill(NaN);
      const sigma = new Float64Array(values.length).fill(NaN);
      const z = new Float64Array(values.length).fill(NaN);
      const marks: (Direction | null)[] = new Array<Direction | null>(values.length).fill(null);
      for (let i = 0; i < values.length; i++) {
        const x = values[i]!;
        if (!Number.isFinite(x)) continue;
        const s = seasonal?.[i];
        const useSeasonal = residuals !== undefined && s !== undefined && Number.isFinite(s);
        const summary = robustSummary(useSeasonal ? residuals : values, i - window, i);
        if (summary.count < minHistory) continue;
        const e = useSeasonal ? s + summary.median : summary.median;
        const sd = robustSigma(summary, e, relativeFloor, floor);
        expected[i] = e;
        sigma[i] = sd;
        z[i] = (x - e) / sd;
        const direction: Direction = x > e ? 'up' : 'down';
        if (Math.abs(z[i]!) > k && allows(bad, direction)) marks[i] = direction;
      }

      const kept: Run<Direction>[] = [];
      for (const run of runsOf(marks, minPoints)) {
        const prev = kept[kept.length - 1];
        if (prev && prev.mark !== run.mark && run.start - prev.end <= window) {
          const offset = (j: number): number => {
            const s = seasonal?.[j];
            return s !== undefined && Number.isFinite(s) ? s : 0;
          };
          const before = expected[prev.start]! - offset(prev.start) + offset(run.start);
          if (Math.abs(values[run.start]! - before) <= k * sigma[prev.start]!) continue;
        }
        kept.push(run);
      }

      return kept.map((run) => {
        let peak = run.start;
        for (let i = run.start; i < run.end; i++) if (Math.abs(z[i]!) > Math.abs(z[peak]!)) peak = i;
        const score = Math.abs(z[peak]!) / k;
        const sign = run.mark === 'up' ? 1 : -1;
        return {
          entity: series.entity,
          indicator: series.indicator,
          signal: series.name,
          detector: ROBUST_BASELINE,
          onsetMillis: bucketMillis(series, run.start),
          score,
          severity: severityOf(score, criticalScore),
          direction: run.mark,
          evidence: {
            baseline: expected[run.start]!,
            observed: values[peak]!,
            threshold: expected[run.start]! + sign * k * sigma[run.start]!,
            sigma: sigma[run.start]!,
            peakZ: z[peak]!,
            points: run.end - run.start,
            endMillis: bucketMillis(series, run.end),
            seasonal: seasonal !== undefined && Number.isFinite(seasonal[run.start]!),
          },
        };
      });
    },
  };
}

/**
 * Expected value from past periods: for each past period d (1..maxPeriods),
 * the median of the buckets within `neighbours` of i - d*period, then the
 * median over periods. NaN until one full period of history exists.
 */
function seasonalExpectation(values: Float64Array, period: number, maxPeriods: number, neighbours: number): Float64Array {
  const out = new Float64Array(values.length).fill(NaN);
  const perPeriod: number[] = [];
  for (let i = period; i < values.length; i++) {
    perPeriod.length = 0;
    for (let d = 1; d <= maxPeriods && i - d * period >= 0; d++) {
      const at = i - d * period;
      const m = quantileSorted(finiteSorted(values, at - neighbours, at + neighbours + 1), 0.5);
      if (Number.isFinite(m)) perPeriod.push(m);
    }
    if (perPeriod.length > 0) out[i] = quantileSorted(Float64Array.from(perPeriod).sort(), 0.5);
  }
  return out;
}
