import { describe, expect, it } from 'vitest';
import { createCountRuleTracker } from './count-rule-tracker.ts';

const STEP = 10_000;
const counts = (service: string, perBucket: Record<number, number>) =>
  Object.entries(perBucket).map(([b, count]) => ({ service, bucket: Number(b), count, sample: `${service} at ${b}` }));

describe('log count rule tracker', () => {
  it('fires once per episode, keeps firing for keepFiringFor across a short gap, and starts a new episode after', () => {
    // More than 2 records in 20 s (2 buckets), held 20 s, kept 20 s after clearing.
    const t = createCountRuleTracker({ windowSeconds: 20, countAbove: 2, forSeconds: 20, keepFiringForSeconds: 20 }, 10);
    t.add(counts('api', { 10: 3, 11: 3, 12: 3, 13: 3, 16: 3, 17: 3, 18: 3, 30: 3, 31: 3, 32: 3 }));
    const fired = t.evaluate(40 * STEP);
    // 10..13 hold; 14 holds (13 in window), 15 clears; back at 16 within 20 s: same episode. 19 holds, 20 clears, 22 ends it.
    expect(fired).toEqual([
      { service: 'api', onsetMillis: 10 * STEP, firedAtMillis: 12 * STEP, count: 6, sample: 'api at 12' },
      { service: 'api', onsetMillis: 30 * STEP, firedAtMillis: 32 * STEP, count: 6, sample: 'api at 32' },
    ]);
  });

  it('drops a condition shorter than `for`, keeps services apart, and ignores counts for buckets already judged', () => {
    const t = createCountRuleTracker({ windowSeconds: 10, countAbove: 0, forSeconds: 30, keepFiringForSeconds: 0 }, 10);
    t.add([...counts('a', { 5: 1, 6: 1, 7: 1 }), ...counts('b', { 5: 1, 6: 1, 7: 1, 8: 1 })]);
    expect(t.evaluate(9 * STEP).map((f) => [f.service, f.onsetMillis, f.firedAtMillis])).toEqual([['b', 5 * STEP, 8 * STEP]]);
    t.add(counts('a', { 8: 5 })); // bucket 8 was judged already
    expect(t.evaluate(12 * STEP)).toEqual([]);
  });

  it('evaluates only closed buckets, whatever windows the counts came in', () => {
    const t = createCountRuleTracker({ windowSeconds: 10, countAbove: 1, forSeconds: 0, keepFiringForSeconds: 0 }, 10);
    t.add(counts('a', { 3: 1 }));
    expect(t.evaluate(3 * STEP + 5000)).toEqual([]); // bucket 3 still open
    t.add(counts('a', { 3: 1 }));
    expect(t.evaluate(4 * STEP).map((f) => [f.onsetMillis, f.count, f.sample])).toEqual([[3 * STEP, 2, 'a at 3']]);
  });
});
