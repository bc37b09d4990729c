import { describe, expect, it } from 'vitest';
import { createStaticThresholdDetector, type ThresholdRule } from './static-threshold.ts';
import { T0, input } from './test-series.ts';

const MIN = 60_000;

/** 0.5 everywhere except `high` buckets at 0.95. */
function cpu(buckets: number, high: readonly [number, number][]): Float64Array {
  const v = new Float64Array(buckets).fill(0.5);
  for (const [from, to] of high) for (let i = from; i < to; i++) v[i] = 0.95;
  return v;
}

const rule: ThresholdRule = { name: 'cpu-hot', signal: /cpu/, op: '>', value: 0.9, forSeconds: 300, keepFiringForSeconds: 120, severity: 'critical' };

describe('static threshold', () => {
  it('fires after `for`, keeps firing for `keep_firing_for`, and dates the onset to the condition start', () => {
    const [a, ...rest] = createStaticThresholdDetector([rule]).detect(input(cpu(60, [[10, 31]]), 'cpu'));
    expect(rest).toEqual([]);
    expect(a!.onsetMillis).toBe(T0 + 10 * MIN);
    expect(a!.evidence.firedAtMillis).toBe(T0 + 15 * MIN);
    // Condition last true at bucket 30; first false at 31; resolved 120 s later.
    expect(a!.evidence.resolvedAtMillis).toBe(T0 + 33 * MIN);
    expect(a!.direction).toBe('up');
    expect(a!.severity).toBe('critical');
    expect(a!.score).toBeGreaterThanOrEqual(3);
    expect(a!.evidence.observed).toBe(0.95);
  });

  it('drops a pending alert whose condition clears before `for` has passed', () => {
    expect(createStaticThresholdDetector([rule]).detect(input(cpu(60, [[10, 14]]), 'cpu'))).toEqual([]);
    // Held from bucket 10 through 15: at 15 it has held 5 minutes, so it fires.
    expect(createStaticThresholdDetector([rule]).detect(input(cpu(60, [[10, 16]]), 'cpu')).length).toBe(1);
  });

  it('merges a condition that returns within keep_firing_for into the same alert', () => {
    const found = createStaticThresholdDetector([rule]).detect(input(cpu(80, [[10, 20], [21, 30], [40, 50]]), 'cpu'));
    expect(found.map((a) => a.onsetMillis)).toEqual([T0 + 10 * MIN, T0 + 40 * MIN]);
    expect(found[0]!.evidence.resolvedAtMillis).toBe(T0 + 32 * MIN);
    expect(found[1]!.evidence.resolvedAtMillis).toBe(T0 + 52 * MIN);
  });

  it('without keep_firing_for resolves on the first clear bucket; a still-firing alert has no resolution', () => {
    const r: ThresholdRule = { ...rule, keepFiringForSeconds: 0 };
    const found = createStaticThresholdDetector([r]).detect(input(cpu(40, [[5, 12], [30, 40]]), 'cpu'));
    expect(found.map((a) => a.evidence.resolvedAtMillis)).toEqual([T0 + 12 * MIN, undefined]);
  });

  it('treats gaps as the condition not holding, supports `<`, and skips unmatched series', () => {
    const v = new Float64Array(30).fill(100);
    for (let i = 5; i < 20; i++) v[i] = 2;
    v[8] = NaN;
    const low: ThresholdRule = { name: 'traffic-low', signal: 'traffic_test', op: '<', value: 10, forSeconds: 240, severity: 'warning' };
    const found = createStaticThresholdDetector([low]).detect(input(v, 'traffic'));
    expect(found.map((a) => [a.onsetMillis, a.direction, a.severity])).toEqual([[T0 + 9 * MIN, 'down', 'warning']]);
    expect(createStaticThresholdDetector([low]).detect(input(v, 'traffic', 60, 'other'))).toEqual([]);
  });
});
