import { describe, expect, it } from 'vitest';
import { createChangePointDetector } from './change-point.ts';
import { createRobustBaselineDetector } from './robust-baseline.ts';
import { T0, input, makeSeries } from './test-series.ts';

const MIN = 60_000;

describe('CUSUM change point', () => {
  it('finds nothing in stationary noise', () => {
    for (const seed of [11, 12, 13]) {
      const values = makeSeries(12 * 60, () => 120, 5, seed);
      expect(createChangePointDetector().detect(input(values, 'traffic'))).toEqual([]);
    }
  });

  it('flags a large step once, with its onset within 2 buckets of the change', () => {
    const values = makeSeries(6 * 60, (i) => (i >= 200 ? 200 : 120), 5, 14);
    const found = createChangePointDetector().detect(input(values, 'latency'));
    expect(found.length).toBe(1);
    expect(Math.abs(found[0]!.onsetMillis - (T0 + 200 * MIN))).toBeLessThanOrEqual(2 * MIN);
    expect(found[0]!.direction).toBe('up');
    expect(found[0]!.severity).toBe('critical');
    expect(found[0]!.evidence.detectedAtMillis).toBeGreaterThanOrEqual(found[0]!.onsetMillis);
  });

  it('catches a 3-sigma shift that the robust baseline (k = 4) misses', () => {
    const values = makeSeries(6 * 60, (i) => (i >= 200 ? 135 : 120), 5, 15);
    const series = input(values, 'latency');
    expect(createRobustBaselineDetector().detect(series)).toEqual([]);
    const found = createChangePointDetector().detect(series);
    expect(found.length).toBe(1);
    expect(Math.abs(found[0]!.onsetMillis - (T0 + 200 * MIN))).toBeLessThanOrEqual(2 * MIN);
    expect(found[0]!.score).toBeGreaterThan(1.5);
    expect(found[0]!.score).toBeLessThan(4.5);
  });

  it('reports a drop in traffic as down, and ignores a drop in latency', () => {
    const values = makeSeries(6 * 60, (i) => (i >= 200 ? 80 : 120), 5, 16);
    expect(createChangePointDetector().detect(input(values, 'traffic')).map((a) => a.direction)).toEqual(['down']);
    expect(createChangePointDetector().detect(input(values, 'latency'))).toEqual([]);
  });

  it('ignores single outliers', () => {
    const values = makeSeries(6 * 60, () => 120, 5, 17);
    for (const i of [50, 120, 250]) values[i] = 400;
    expect(createChangePointDetector().detect(input(values, 'latency'))).toEqual([]);
  });
});
