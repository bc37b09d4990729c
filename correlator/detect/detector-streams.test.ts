/**
 * The incremental form of the detectors (`Detector.stream`) against their
 * whole-series form: judging a series piece by piece, on a growing series or
 * on a rolling history, must give the anomalies `detect` gives for the whole
 * series (for each onset, the last report), whatever the pieces.
 */
import { describe, expect, it } from 'vitest';
import type { Anomaly, Detector, SeriesInput } from './anomaly.ts';
import { createChangePointDetector } from './change-point.ts';
import { createRobustBaselineDetector } from './robust-baseline.ts';
import { T0, gaussian, input, seededRandom } from './test-series.ts';

/** Level shifts, outliers, gaps and ties: every branch of the detectors gets exercised. */
function eventfulSeries(seed: number, length: number): Float64Array {
  const random = seededRandom(seed);
  const noise = gaussian(random);
  let level = 100;
  return Float64Array.from({ length }, () => {
    if (random() < 0.015) level *= 0.4 + random() * 2.5;
    const r = random();
    if (r < 0.05) return NaN;
    if (r < 0.06) return level * 5;
    return Math.round((level + 5 * noise()) * 10) / 10;
  });
}

/** Random piece lengths from 1 to `max` that add up to `length`. */
function pieces(seed: number, length: number, max: number): number[] {
  const random = seededRandom(seed);
  const out: number[] = [];
  for (let left = length; left > 0; ) {
    const n = Math.min(left, 1 + Math.floor(random() * max));
    out.push(n);
    left -= n;
  }
  return out;
}

/** Judges `series` in pieces; each call sees at most `history` points before the piece (the rolling frame of the runtime). */
function judgeInPieces(detector: Detector, series: SeriesInput, sizes: number[], history = Infinity): Anomaly[] {
  const stream = detector.stream!();
  const reports: Anomaly[] = [];
  let from = 0;
  for (const size of sizes) {
    const first = Math.max(0, from - history);
    const view: SeriesInput = { ...series, values: series.values.subarray(first, from + size), fromMillis: series.fromMillis + first * series.stepSeconds * 1000 };
    reports.push(...stream.judge(view, from - first));
    from += size;
  }
  return reports;
}

/** For each onset the last report: what the whole-series detector says about that run. */
function lastPerOnset(reports: readonly Anomaly[]): Anomaly[] {
  const byOnset = new Map<number, Anomaly>();
  for (const a of reports) byOnset.set(a.onsetMillis, a);
  return [...byOnset.values()].sort((a, b) => a.onsetMillis - b.onsetMillis);
}

const detectors: Array<[string, () => Detector]> = [
  ['robust baseline', () => createRobustBaselineDetector({ windowSeconds: 1800 })],
  ['robust baseline, short window, 2 points', () => createRobustBaselineDetector({ windowSeconds: 240, minHistoryPoints: 6, minPoints: 2 })],
  ['robust baseline, seasonal', () => createRobustBaselineDetector({ windowSeconds: 600, periodSeconds: 3000, maxPeriods: 3 })],
  ['cusum', () => createChangePointDetector({ windowSeconds: 1800 })],
  ['cusum, short window', () => createChangePointDetector({ windowSeconds: 240, minHistoryPoints: 6 })],
];

describe.each(detectors)('%s as a stream', (label, make) => {
  it('finds, piece by piece on a growing series, exactly what it finds in the whole series', () => {
    let found = 0;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      for (const indicator of ['latency', 'traffic'] as const) {
        const series = input(eventfulSeries(seed, 900), indicator, 10);
        const whole = make().detect(series);
        found += whole.length;
        for (const max of [1, 7, 60]) expect(lastPerOnset(judgeInPieces(make(), series, pieces(seed * 31 + max, 900, max)))).toEqual(whole);
      }
    }
    expect(found).toBeGreaterThan(10);
  });

  it('finds the same on a rolling history that holds the window, one point at a time', () => {
    // 600 points of history: more than any window (180 buckets), seasonal reach (3 x 300) excepted.
    const seasonal = label.includes('seasonal');
    for (const seed of [7, 8]) {
      const series = input(eventfulSeries(seed, 900), 'traffic', 10);
      const whole = make().detect(series);
      const rolling = lastPerOnset(judgeInPieces(make(), series, pieces(seed, 900, 1), seasonal ? Infinity : 600));
      expect(rolling).toEqual(whole);
    }
  });
});

describe('streams', () => {
  it('keep the true onset of a run that began before the judged points', () => {
    const values = new Float64Array(120).fill(100);
    for (let i = 0; i < 120; i++) values[i] = 100 + ((i * 7) % 5) - 2;
    // 20 robust sigmas up: anomalous, but short of the two-point rule (strongFactor), so three points decide.
    for (let i = 80; i < 120; i++) values[i] = 140;
    const series = input(values, 'latency', 10);
    const stream = createRobustBaselineDetector({ windowSeconds: 600 }).stream!();
    expect(stream.judge({ ...series, values: values.subarray(0, 81) }, 0)).toEqual([]);
    expect(stream.judge({ ...series, values: values.subarray(0, 82) }, 81)).toEqual([]);
    const third = stream.judge({ ...series, values: values.subarray(0, 83) }, 82);
    expect(third.map((a) => [a.onsetMillis, a.evidence.points])).toEqual([[T0 + 80 * 10_000, 3]]);
    // Still going: reported again with its evidence so far, same onset.
    const fourth = stream.judge({ ...series, values: values.subarray(0, 84) }, 83);
    expect(fourth.map((a) => [a.onsetMillis, a.evidence.points])).toEqual([[T0 + 80 * 10_000, 4]]);
  });

  it('refuse a gap or an overlap between judged pieces', () => {
    const series = input(eventfulSeries(9, 100), 'latency', 10);
    for (const make of [createRobustBaselineDetector, createChangePointDetector]) {
      const stream = make().stream!();
      stream.judge({ ...series, values: series.values.subarray(0, 50) }, 0);
      expect(() => stream.judge(series, 51)).toThrow(RangeError);
      expect(() => stream.judge(series, 49)).toThrow(RangeError);
      expect(() => stream.judge(series, 50)).not.toThrow();
    }
  });

  it('seed their trailing window from the history before the first judged point', () => {
    const series = input(eventfulSeries(10, 400), 'traffic', 10);
    const whole = createRobustBaselineDetector({ windowSeconds: 600, seasonality: false }).detect(series);
    const later = whole.filter((a) => a.onsetMillis >= T0 + 200 * 10_000);
    const stream = createRobustBaselineDetector({ windowSeconds: 600, seasonality: false }).stream!();
    // Judging starts at point 200, the 60 points before it seed the window; runs under way at 200 start there.
    const found = lastPerOnset(stream.judge({ ...series, values: series.values.subarray(140), fromMillis: T0 + 140 * 10_000 }, 60));
    expect(found.filter((a) => a.onsetMillis > T0 + 200 * 10_000)).toEqual(later.filter((a) => a.onsetMillis > T0 + 200 * 10_000));
  });
});
