import { describe, expect, it } from 'vitest';
import { indicatorOfMetric } from '../signals/metric-indicator.ts';
import { type SeriesInput, bucketMillis } from './anomaly.ts';
import { RESTARTS, createRestartsDetector } from './restarts.ts';

const T0 = Date.UTC(2026, 0, 1);
const series = (name: string, values: number[]): SeriesInput => ({ entity: 'carts', indicator: 'errors', name, values: Float64Array.from(values), fromMillis: T0, stepSeconds: 10 });

describe('restarts detector', () => {
  it('reports each rise of a restart count as a critical anomaly at the bucket it is seen, with the counts as evidence', () => {
    // One-minute samples: a restart between the third and fourth sample, two more at once later.
    const s = series('k8s.container.restarts', [0, NaN, NaN, 0, NaN, 0, 1, NaN, 1, 3, 3]);
    const found = createRestartsDetector().detect(s);
    expect(found.map((a) => [a.onsetMillis, a.severity, a.evidence.baseline, a.evidence.observed])).toEqual([
      [bucketMillis(s, 6), 'critical', 0, 1],
      [bucketMillis(s, 9), 'critical', 1, 3],
    ]);
    expect(found[0]).toMatchObject({ entity: 'carts', indicator: 'errors', signal: 'k8s.container.restarts', detector: RESTARTS, direction: 'up' });
    expect(found[1]!.score).toBeGreaterThan(found[0]!.score);
  });

  it('ignores a fall (a restarted pod replaced by a fresh one), a flat count, and series that are not restart counts', () => {
    const d = createRestartsDetector();
    expect(d.detect(series('k8s.container.restarts', [2, 2, 0, 0, 0]))).toEqual([]);
    expect(d.detect(series('k8s.container.restarts', [1, 1, 1]))).toEqual([]);
    expect(d.detect(series('container.memory.usage', [1, 2, 3, 4]))).toEqual([]);
  });

  it('judged piece by piece as the series grows, finds what it finds over the whole series', () => {
    const values = [0, 0, NaN, 1, 1, NaN, NaN, 2, 2, 1, 4];
    const whole = createRestartsDetector().detect(series('k8s.container.restarts', values));
    const stream = createRestartsDetector().stream!();
    const pieces = [3, 5, 8, 11].flatMap((end, i, ends) => stream.judge(series('k8s.container.restarts', values.slice(0, end)), i === 0 ? 0 : ends[i - 1]!));
    expect(pieces).toEqual(whole);
    expect(whole).toHaveLength(3);
    // A stream started on a grown series takes the points before `fromBucket` as history: no rise at the start.
    expect(createRestartsDetector().stream!().judge(series('k8s.container.restarts', values), 8)).toEqual(whole.slice(2));
  });

  it('is fed by the k8s cluster receiver\'s gauge, which the signals count as errors', () => {
    expect(indicatorOfMetric('k8s.container.restarts')).toBe('errors');
  });
});
