import { describe, expect, it } from 'vitest';
import { createRobustBaselineDetector } from './robust-baseline.ts';
import { scopedDetector, seriesMatcher } from './series-filter.ts';
import { createStaticThresholdDetector } from './static-threshold.ts';
import { input, makeSeries } from './test-series.ts';

const spiky = (): Float64Array => {
  const v = makeSeries(180, () => 100, 2, 5);
  for (let i = 120; i < 130; i++) v[i] = 200;
  return v;
};

describe('series filter', () => {
  it('matches exact names and whole-name patterns, an absent field matching all', () => {
    const s = input(spiky(), 'latency', 60, 'latency_p95_ms');
    expect(seriesMatcher({ entity: 'checkout', signal: 'latency_p95_ms' })(s)).toBe(true);
    expect(seriesMatcher({ signalRegex: 'latency_p9.' })(s)).toBe(false);
    expect(seriesMatcher({ signalRegex: 'latency_p9._ms', entityRegex: 'check.*' })(s)).toBe(true);
    expect(seriesMatcher({ entity: 'cart' })(s)).toBe(false);
    expect(seriesMatcher({})(s)).toBe(true);
  });

  it('runs a detector only on the series it accepts, tagging the evidence, in both its batch and its incremental form', () => {
    const scoped = scopedDetector(createRobustBaselineDetector(), (s) => s.entity === 'checkout', { rule: 'r1' });
    const mine = input(spiky(), 'latency', 60, 'latency_p95_ms');
    const other = { ...mine, entity: 'cart' };
    const found = scoped.detect(mine);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((a) => a.evidence.rule === 'r1')).toBe(true);
    expect(scoped.detect(other)).toEqual([]);
    expect(scoped.stream?.().judge(mine, 0)).toEqual(found);
    expect(scoped.stream?.().judge(other, 0)).toEqual([]);

    // A detector without an incremental form gets none.
    const batchOnly = createStaticThresholdDetector([{ name: 'hot', signal: 'latency_p95_ms', op: '>', value: 150, severity: 'warning' }]);
    const plain = scopedDetector({ name: batchOnly.name, detect: batchOnly.detect }, (s) => s.entity === 'checkout');
    expect(plain.stream).toBeUndefined();
    expect(plain.detect(mine).map((a) => a.evidence.rule)).toEqual(['hot']);
    expect(plain.detect(other)).toEqual([]);
  });
});
