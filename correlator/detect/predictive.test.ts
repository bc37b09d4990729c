import { describe, expect, it } from 'vitest';
import { createPredictiveDetector } from './predictive.ts';
import { createRobustBaselineDetector } from './robust-baseline.ts';
import { T0, input, makeSeries } from './test-series.ts';

const MIN = 60_000;
const disk = createPredictiveDetector({ limit: 0.95, horizonSeconds: 4 * 3600 });

describe('predictive limit crossing', () => {
  it('fires on a slow drift about 4 h before it reaches the limit, where the robust baseline stays quiet', () => {
    // 0.5 -> 0.9 over 12 h (0.0333/h): reaches 0.95 at 13.5 h, so 4 h ahead is ~9.5 h.
    const values = makeSeries(12 * 60, (i) => 0.5 + (0.4 * i) / 720, 0.005, 31);
    const series = input(values, 'disk');
    expect(createRobustBaselineDetector().detect(series)).toEqual([]);
    const found = disk.detect(series);
    expect(found.length).toBe(1);
    const a = found[0]!;
    expect(Math.abs(a.onsetMillis - (T0 + 9.5 * 60 * MIN))).toBeLessThanOrEqual(30 * MIN);
    const eta = a.evidence.eta as number;
    expect(Math.abs(eta - (T0 + 13.5 * 60 * MIN))).toBeLessThanOrEqual(45 * MIN);
    expect(a.direction).toBe('up');
    expect(a.severity).toBe('warning');
  });

  it('does not fire on stationary noise below the limit', () => {
    const values = makeSeries(12 * 60, () => 0.85, 0.01, 32);
    expect(disk.detect(input(values, 'disk'))).toEqual([]);
  });

  it('does not fire on a trend that stays clear of the limit within the horizon', () => {
    const values = makeSeries(12 * 60, (i) => 0.2 + (0.1 * i) / 720, 0.005, 33);
    expect(disk.detect(input(values, 'disk'))).toEqual([]);
  });

  it('is critical with eta 0 once the limit is already crossed, and supports downward limits', () => {
    const full = makeSeries(120, () => 0.97, 0.002, 34);
    const [a] = disk.detect(input(full, 'disk'));
    expect(a?.evidence.etaSeconds).toBe(0);
    expect(a?.severity).toBe('critical');

    const memFree = makeSeries(6 * 60, (i) => 0.5 - (0.4 * i) / 360, 0.005, 35);
    const low = createPredictiveDetector({ limit: 0.1, direction: 'down', horizonSeconds: 3600 }).detect(input(memFree, 'mem'));
    expect(low.length).toBe(1);
    expect(low[0]!.direction).toBe('down');
  });
});
