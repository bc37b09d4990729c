import { describe, expect, it } from 'vitest';
import { PREDICTIVE_HOLT_WINTERS, createPredictiveDetector } from './predictive.ts';
import { T0, input, makeSeries, seededRandom } from './test-series.ts';

const HOUR = 3_600_000;
const PER_HOUR = 60; // one bucket a minute
const hourly = (i: number, amplitude: number): number => amplitude * Math.sin((2 * Math.PI * i) / PER_HOUR);

/** 12 h of disk utilisation: `trendPerHour` from 0.5, an hourly rhythm, noise. */
function disk(trendPerHour: number, amplitude: number, noise: number, seed: number): Float64Array {
  return makeSeries(12 * PER_HOUR, (i) => 0.5 + (trendPerHour * i) / PER_HOUR + hourly(i, amplitude), noise, seed);
}

const holtWinters = createPredictiveDetector({ limit: 0.95, horizonSeconds: 4 * 3600, method: 'holt-winters', seasonSeconds: 3600 });
const linear = createPredictiveDetector({ limit: 0.95, horizonSeconds: 4 * 3600 });
const hoursOf = (millis: number): number => (millis - T0) / HOUR;

describe('predictive limit crossing with Holt-Winters', () => {
  it('forecasts a seasonal series with a rising trend crossing about 4 h ahead, once, where the linear fit raises early false alarms', () => {
    // Peaks (0.5 + t/30 + 0.05) first pass 0.95 at the peak of hour 12 (12.25 h).
    const series = input(disk(1 / 30, 0.05, 0.005, 41), 'disk');
    const found = holtWinters.detect(series);
    expect(found).toHaveLength(1);
    const a = found[0]!;
    expect(a.detector).toBe(PREDICTIVE_HOLT_WINTERS);
    expect(a.evidence.method).toBe('holt-winters');
    expect(hoursOf(a.evidence.eta as number)).toBeCloseTo(12.25, 0);
    expect(hoursOf(a.onsetMillis)).toBeGreaterThan(7.75);
    expect(hoursOf(a.onsetMillis)).toBeLessThan(8.75);
    expect(a.severity).toBe('warning');
    expect(a.evidence.slopePerHour as number).toBeCloseTo(1 / 30, 2);

    // The line through one season of a wave sees phantom trends on every upswing.
    const early = linear.detect(series).filter((x) => hoursOf(x.onsetMillis) < 6);
    expect(early.length).toBeGreaterThan(2);
  });

  it('stays quiet on a seasonal series without trend whose peaks stay below the limit', () => {
    expect(holtWinters.detect(input(disk(0, 0.1, 0.005, 42), 'disk'))).toEqual([]);
    expect(holtWinters.detect(input(makeSeries(12 * PER_HOUR, () => 0.85, 0.01, 43), 'disk'))).toEqual([]);
  });

  it('reports a seasonal peak that itself reaches the limit, from the third season on (the first two start the model)', () => {
    const found = holtWinters.detect(input(makeSeries(6 * PER_HOUR, (i) => 0.85 + hourly(i, 0.12), 0.005, 44), 'disk'));
    expect(found).toHaveLength(1);
    expect(hoursOf(found[0]!.onsetMillis)).toBeGreaterThanOrEqual(2);
    expect(found[0]!.evidence.etaSeconds as number).toBeLessThanOrEqual(3600);
  });

  it('ignores outliers: none on a flat noisy series with spikes, one on a trend with spikes', () => {
    const random = seededRandom(7);
    const spikes = (v: Float64Array, to: number) => v.map((x) => (random() < 0.02 ? to : x));
    expect(holtWinters.detect(input(spikes(disk(0, 0.05, 0.01, 45).map((x) => x + 0.3), 1.0), 'disk'))).toEqual([]);
    const trending = holtWinters.detect(input(spikes(disk(1 / 30, 0.05, 0.01, 46), 0.99), 'disk'));
    expect(trending).toHaveLength(1);
    expect(hoursOf(trending[0]!.onsetMillis)).toBeGreaterThan(7.5);
  });

  it('fires once on a slow drift without a season, like the linear fit', () => {
    // 0.5 -> 0.9 over 12 h: reaches 0.95 at 13.5 h, so 4 h ahead is ~9.5 h.
    const values = makeSeries(12 * PER_HOUR, (i) => 0.5 + (0.4 * i) / 720, 0.005, 31);
    const [a, ...rest] = holtWinters.detect(input(values, 'disk'));
    expect(rest).toEqual([]);
    expect(hoursOf(a!.onsetMillis)).toBeCloseTo(9.5, 0);
    expect(hoursOf(a!.evidence.eta as number)).toBeCloseTo(13.5, 0);
    const [b] = linear.detect(input(values, 'disk'));
    expect(Math.abs(a!.onsetMillis - b!.onsetMillis)).toBeLessThan(0.5 * HOUR);
  });

  it('gives the same answer on a 10 s step as on a minute step', () => {
    const fine = makeSeries(12 * 360, (i) => 0.5 + i / 360 / 30 + 0.05 * Math.sin((2 * Math.PI * i) / 360), 0.005, 47);
    const [a, ...rest] = holtWinters.detect(input(fine, 'disk', 10));
    expect(rest).toEqual([]);
    expect(hoursOf(a!.evidence.eta as number)).toBeCloseTo(12.25, 0);
  });

  it('rejects invalid options when created', () => {
    expect(() => createPredictiveDetector({ limit: 1, method: 'holt-winters', holtWinters: { gamma: 2 } })).toThrow(RangeError);
    expect(() => createPredictiveDetector({ limit: 1, releaseHorizonFactor: 0.5 })).toThrow(RangeError);
  });
});
