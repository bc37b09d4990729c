import { describe, expect, it } from 'vitest';
import type { SignalFrame, SignalSeries, Indicator } from '../../../correlator/index.ts';
import { baselineIncident, rankEntities, robustScores } from './baro.ts';
import { detectChangePoint } from './change-point.ts';

function noise(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  };
}

function series(entity: string, indicator: Indicator, base: number, shiftAt: number | undefined, shift: number, seed: number, n = 60): SignalSeries {
  const rand = noise(seed);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = base + rand() * base * 0.1 + (shiftAt !== undefined && i >= shiftAt ? shift : 0);
  return { entity, indicator, name: `${entity}.${indicator}`, source: 'metrics', values };
}

const frame = (s: SignalSeries[]): SignalFrame => ({ fromMillis: 0, stepSeconds: 10, buckets: s[0]!.values.length, series: s });

describe('baselines', () => {
  it('find the onset of a shift and rank the shifted entity first (BARO)', () => {
    const f = frame([
      series('front-end', 'latency', 100, 32, 40, 1),
      series('carts', 'cpu', 0.2, 30, 0.6, 2),
      series('user', 'mem', 500, undefined, 0, 3),
      series('orders', 'latency', 50, undefined, 0, 4),
    ]);
    const change = detectChangePoint(f);
    expect(change?.bucket).toBeGreaterThanOrEqual(30);
    expect(change?.bucket).toBeLessThanOrEqual(32);
    const ranking = rankEntities(f, robustScores(f, change!.bucket));
    expect(ranking[0]).toMatchObject({ service: 'carts', indicator: 'cpu' });
    expect(ranking.map((r) => r.service).slice(0, 2).sort()).toEqual(['carts', 'front-end']);
    expect(ranking.every((r) => r.score >= 0 && r.score < 1)).toBe(true);
  });

  it('find no change in stationary noise, so open no incident', () => {
    const f = frame([series('a', 'cpu', 1, undefined, 0, 5), series('b', 'latency', 10, undefined, 0, 6)]);
    expect(baselineIncident(f, 'baro', () => [])).toEqual({ alerts: [], incidents: [] });
  });

  it('ignore missing values (NaN) when learning the baseline', () => {
    const s = series('a', 'cpu', 1, 30, 5, 7);
    for (let i = 0; i < 10; i++) s.values[i] = NaN;
    const f = frame([s, series('b', 'latency', 10, undefined, 0, 8)]);
    const change = detectChangePoint(f);
    expect(change?.bucket).toBe(30);
    const scores = robustScores(f, 30);
    expect(scores[0]).toBeGreaterThan(10 * scores[1]!);
  });
});
