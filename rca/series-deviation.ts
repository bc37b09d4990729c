/**
 * How far one series left its baseline after the onset, BARO-style: the
 * baseline's median and interquartile range, and each value after the onset
 * as a scaled deviation (x - median) / IQR in the direction that is bad for
 * the indicator (correlator's `badDirection`: latency up is bad, traffic is
 * suspicious both ways).
 *
 * The IQR of a flat baseline is 0, which would make every wiggle infinite,
 * so the scale is floored: relative to the baseline level, and in absolute
 * units where the unit is known (series computed from traces and logs:
 * milliseconds, ratios, per second; metric units vary and get only the
 * relative floor and a small share of the change itself).
 */
import { DEFAULT_ABSOLUTE_FLOORS, type SignalSeries, badDirection } from '../correlator/index.ts';
import type { AnalysisWindow } from './analysis-window.ts';
import { finiteSorted, quantile, sampleGap } from './stats.ts';

export interface DeviationOptions {
  /** Scale floor as a share of the baseline median's magnitude. */
  readonly relativeFloor: number;
  /** Scale floor as a share of the largest change after the onset: a change from a perfectly flat baseline scores at most 1 / this. */
  readonly changeFloor: number;
  /** Fewest finite baseline points for a deviation to mean anything. */
  readonly minBaselinePoints: number;
  /** The peak is the deviation reached in this many buckets (1: the largest; 2: ignore a lone outlier). */
  readonly peakRank: number;
  /** Scaled deviation from which a bucket counts as anomalous (for onsets). */
  readonly onsetThreshold: number;
}

export interface Deviation {
  readonly series: SignalSeries;
  /** Median of the baseline. */
  readonly baseline: number;
  readonly scale: number;
  /** Largest bad-direction scaled deviation after the onset (0 when none). */
  readonly peak: number;
  readonly peakBucket: number;
  /** The value at the peak. */
  readonly peakValue: number;
  /** Median of the values after the onset, and its scaled deviation: a shift that lasts, not a spike. */
  readonly afterLevel: number;
  readonly sustained: number;
  /** First bucket from `searchFrom` on that starts a run over the onset threshold; undefined when none. */
  readonly firstBucket: number | undefined;
  /** Data stopped: the series had data through the baseline and (almost) none after the onset. */
  readonly silent: boolean;
  /** Typical gap between values, in buckets (1 for a value every bucket; 6 for one-minute metrics on a 10 s grid): how sharp its onset can be. */
  readonly sampleBuckets: number;
}

/** Direction-adjusted scaled deviation of one value. */
function scaled(value: number, baseline: number, scale: number, bad: 'up' | 'down' | 'both'): number {
  const d = (value - baseline) / scale;
  return bad === 'up' ? d : bad === 'down' ? -d : Math.abs(d);
}

/** Unit-aware absolute floor: only for series whose unit the signal reader fixes. */
function absoluteFloor(series: SignalSeries): number {
  return series.source === 'metrics' ? 0 : DEFAULT_ABSOLUTE_FLOORS[series.indicator];
}

function coverage(values: Float64Array, from: number, to: number): number {
  if (to <= from) return 0;
  let n = 0;
  for (let i = from; i < to; i++) if (Number.isFinite(values[i]!)) n++;
  return n / (to - from);
}

/**
 * The deviation of `series` over `window`, or undefined when its baseline
 * has too few points. `searchFrom` (default the onset) is where the search
 * for the series' own first anomalous bucket starts; it may lie before the
 * onset, since a root cause often starts before the incident is noticed.
 */
export function seriesDeviation(series: SignalSeries, window: AnalysisWindow, options: DeviationOptions, searchFrom = window.onset): Deviation | undefined {
  const { values } = series;
  const base = finiteSorted(values, window.baselineFrom, window.baselineTo);
  if (base.length < options.minBaselinePoints) return undefined;
  const baseline = quantile(base, 0.5);
  const iqr = quantile(base, 0.75) - quantile(base, 0.25);
  const bad = badDirection(series.indicator);

  let largestChange = 0;
  for (let i = window.onset; i < window.end; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) largestChange = Math.max(largestChange, Math.abs(v - baseline));
  }
  const scale = Math.max(iqr, options.relativeFloor * Math.abs(baseline), options.changeFloor * largestChange, absoluteFloor(series), 1e-12);

  // The peak is the `peakRank`-th largest deviation: a level reached in that many buckets, not one outlier.
  const ranked: { d: number; i: number; v: number }[] = [];
  for (let i = window.onset; i < window.end; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) ranked.push({ d: scaled(v, baseline, scale, bad), i, v });
  }
  ranked.sort((a, b) => b.d - a.d || a.i - b.i);
  const atPeak = ranked[Math.min(ranked.length, Math.max(1, options.peakRank)) - 1];
  const peak = atPeak && atPeak.d > 0 ? atPeak.d : 0;
  const peakBucket = atPeak && atPeak.d > 0 ? atPeak.i : window.onset;
  const peakValue = atPeak && atPeak.d > 0 ? atPeak.v : baseline;
  const after = finiteSorted(values, window.onset, window.end);
  const afterLevel = after.length > 0 ? quantile(after, 0.5) : NaN;
  const sustained = Number.isFinite(afterLevel) ? Math.max(0, scaled(afterLevel, baseline, scale, bad)) : 0;

  // Onset of this series: the first bucket over the threshold whose next two finite values are not both back under it.
  let firstBucket: number | undefined;
  for (let i = Math.max(0, searchFrom); i < window.end && firstBucket === undefined; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v) || scaled(v, baseline, scale, bad) < options.onsetThreshold) continue;
    let seen = 0;
    let over = 0;
    for (let j = i + 1; j < window.end && seen < 2; j++) {
      const w = values[j]!;
      if (!Number.isFinite(w)) continue;
      seen++;
      if (scaled(w, baseline, scale, bad) >= options.onsetThreshold) over++;
    }
    if (seen === 0 || over > 0) firstBucket = i;
  }

  const baseCoverage = coverage(values, window.baselineFrom, window.baselineTo);
  const afterCoverage = coverage(values, window.onset, window.end);
  const silent = window.end - window.onset >= 3 && baseCoverage >= 0.5 && afterCoverage <= 0.1 * baseCoverage;

  return { series, baseline, scale, peak, peakBucket, peakValue, afterLevel, sustained, firstBucket, silent, sampleBuckets: sampleGap(values) };
}
