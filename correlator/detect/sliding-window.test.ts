import { describe, expect, it } from 'vitest';
import { robustSummary } from './robust-stats.ts';
import { createSlidingWindow } from './sliding-window.ts';
import { seededRandom } from './test-series.ts';

describe('sliding window', () => {
  it('gives exactly the summary of the trailing window, with gaps, ties and negative zero', () => {
    for (const size of [1, 2, 5, 24, 180]) {
      const random = seededRandom(size);
      const values = Float64Array.from({ length: 600 }, () => {
        const r = random();
        if (r < 0.1) return NaN;
        if (r < 0.15) return -0;
        if (r < 0.3) return Math.round(random() * 4); // many ties
        return (random() - 0.5) * 1000;
      });
      const window = createSlidingWindow(size);
      for (let i = 0; i <= values.length; i++) {
        const expected = robustSummary(values, i - size, i);
        const got = window.summary();
        expect(got.count).toBe(expected.count);
        // Object.is: NaN equals NaN, and a zero must not turn into negative zero.
        for (const key of ['median', 'mad', 'iqr'] as const) expect(Object.is(got[key], expected[key] === 0 ? 0 : expected[key])).toBe(true);
        const trailing = Array.from(values.subarray(Math.max(0, i - size), i)).filter(Number.isFinite);
        for (const threshold of [0, 1, got.median, 250]) {
          expect(window.countBeyond(threshold, 'up')).toBe(trailing.filter((v) => v > threshold).length);
          expect(window.countBeyond(threshold, 'down')).toBe(trailing.filter((v) => v < threshold).length);
        }
        if (i < values.length) window.push(values[i]!);
      }
    }
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => createSlidingWindow(0)).toThrow(RangeError);
    expect(() => createSlidingWindow(2.5)).toThrow(RangeError);
  });
});
