import { describe, expect, it } from 'vitest';
import { BUCKETS_PER_DOUBLING, addToHistogram, histogramQuantileMillis, mergeHistograms } from './duration-histogram.ts';

/** The bucket a duration falls in, as durationBucketSql computes it. */
const bucketOf = (nanos: number) => Math.round(Math.log2(Math.max(nanos, 1)) * BUCKETS_PER_DOUBLING);

function histogramOf(millis: number[]) {
  const histogram = new Map<number, number>();
  addToHistogram(histogram, millis.map((ms) => bucketOf(ms * 1e6)), millis.map(() => 1));
  return histogram;
}

describe('duration histogram', () => {
  it('answers quantiles within 2.2% of the true value', () => {
    const millis = Array.from({ length: 1000 }, (_, i) => 1 + i * 0.731);
    const histogram = histogramOf(millis);
    for (const q of [0.5, 0.95, 0.99]) {
      const exact = millis[Math.ceil(q * millis.length) - 1]!;
      const answer = histogramQuantileMillis(histogram, q);
      expect(Math.abs(answer / exact - 1)).toBeLessThan(0.022);
    }
  });

  it('merges slices into the histogram of the whole', () => {
    const whole = histogramOf([5, 10, 20, 400]);
    const merged = histogramOf([5, 400]);
    mergeHistograms(merged, histogramOf([10, 20]));
    expect(merged).toEqual(whole);
    expect(histogramQuantileMillis(merged, 0.5)).toBeCloseTo(10, -1);
    expect(histogramQuantileMillis(merged, 0.95)).toBeGreaterThan(390);
  });

  it('answers 0 with no spans, and counts sub-nanosecond durations as 1 ns', () => {
    expect(histogramQuantileMillis(new Map(), 0.5)).toBe(0);
    const tiny = new Map<number, number>();
    addToHistogram(tiny, ['0'], ['3']);
    expect(histogramQuantileMillis(tiny, 0.99)).toBe(1e-6);
  });
});
