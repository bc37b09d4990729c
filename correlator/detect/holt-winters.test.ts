import { describe, expect, it } from 'vitest';
import { createHoltWinters, HOLT_WINTERS_DEFAULTS } from './holt-winters.ts';
import { makeSeries } from './test-series.ts';

const SEASON = 60;
const wave = (i: number): number => 0.05 * Math.sin((2 * Math.PI * i) / SEASON);

function fed(values: Float64Array, seasonBuckets = SEASON, stepSeconds = 60) {
  const hw = createHoltWinters(values, seasonBuckets, stepSeconds, {}, 0.001);
  for (const x of values) hw.update(x);
  return hw;
}

describe('Holt-Winters smoothing', () => {
  it('learns level, trend and season and forecasts them ahead', () => {
    // 12 seasons of 0.4 + 0.001/bucket + wave, lightly noisy.
    const n = 12 * SEASON;
    const hw = fed(makeSeries(n, (i) => 0.4 + 0.001 * i + wave(i), 0.002, 1));
    expect(hw.seasonal).toBe(true);
    expect(hw.trendPerBucket).toBeCloseTo(0.001, 4);
    for (const h of [1, 15, 45, 120]) expect(hw.forecast(h)).toBeCloseTo(0.4 + 0.001 * (n - 1 + h) + wave(n - 1 + h), 1);
    expect(Math.abs(hw.forecast(15) - (0.4 + 0.001 * (n + 14) + wave(n + 14)))).toBeLessThan(0.01);
    expect(hw.seasonExtreme(1)).toBeCloseTo(0.05, 2);
    expect(hw.seasonExtreme(-1)).toBeCloseTo(-0.05, 2);
    // Without the trend the forecast is level plus season.
    expect(hw.forecast(15, false) - hw.level).toBeCloseTo(hw.seasonAhead(15), 10);
  });

  it('is Holt linear smoothing without two seasons of history, and coasts over gaps', () => {
    const values = makeSeries(90, (i) => 10 + 0.5 * i, 0.05, 2);
    for (let i = 60; i < 70; i++) values[i] = NaN;
    const hw = fed(values);
    expect(hw.seasonal).toBe(false);
    expect(hw.startBuckets).toBe(0);
    expect(hw.seasonAhead(3)).toBe(0);
    expect(hw.forecast(10)).toBeCloseTo(10 + 0.5 * 99, 0);
  });

  it('moves no more than a few scales for a single outlier, but follows a lasting shift', () => {
    const base = makeSeries(6 * SEASON, () => 0.5, 0.01, 3);
    const quiet = fed(base);
    const spiked = Float64Array.from(base);
    spiked[spiked.length - 5] = 5;
    const afterSpike = fed(spiked);
    expect(Math.abs(afterSpike.level - quiet.level)).toBeLessThan(0.02);

    const shifted = Float64Array.from(base, (x, i) => (i >= base.length - 60 ? x + 0.3 : x));
    expect(fed(shifted).smoothed()).toBeGreaterThan(0.75);
  });

  it('gives the same forecasts on a finer step for the same time constants', () => {
    const coarse = fed(makeSeries(12 * SEASON, (i) => 0.4 + 0.001 * i, 0.002, 4), 0, 60);
    const fine = fed(makeSeries(72 * SEASON, (i) => 0.4 + 0.001 * (i / 6), 0.002, 4), 0, 10);
    expect(fine.forecast(6 * 60)).toBeCloseTo(coarse.forecast(60), 2);
  });

  it('rejects parameters out of range', () => {
    expect(() => createHoltWinters(new Float64Array(10), 0, 60, { gamma: 0 }, 1)).toThrow(RangeError);
    expect(() => createHoltWinters(new Float64Array(10), 0, 60, { levelSeconds: -1 }, 1)).toThrow(RangeError);
    expect(() => createHoltWinters(new Float64Array(10), 0, 60, {}, 0)).toThrow(RangeError);
    expect(HOLT_WINTERS_DEFAULTS.trendSeconds).toBeGreaterThan(HOLT_WINTERS_DEFAULTS.levelSeconds);
  });
});
