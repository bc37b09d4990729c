import { describe, expect, it } from 'vitest';
import { correlation, readBetweenSamples, sampleGap } from './stats.ts';

/** A value every `every` buckets from bucket `phase`, NaN between: a metric exported on a timer. */
function sampled(length: number, every: number, phase: number, value: (bucket: number) => number): Float64Array {
  const out = new Float64Array(length).fill(NaN);
  for (let i = phase; i < length; i += every) out[i] = value(i);
  return out;
}

// A level that steps up two thirds of the way through, with a wobble so neither side is flat.
const level = (i: number) => (i < 40 ? 10 : 50) + (i % 7);

describe('sampleGap', () => {
  it('is the median gap between values, at least 1', () => {
    expect(sampleGap(sampled(60, 6, 2, level))).toBe(6);
    expect(sampleGap(Float64Array.from({ length: 10 }, (_, i) => i))).toBe(1);
    expect(sampleGap(new Float64Array(5).fill(NaN))).toBe(1);
  });
  it('answers each array with its own gap when asked again (it is remembered per array)', () => {
    const everyMinute = sampled(60, 6, 2, level);
    const everyBucket = Float64Array.from({ length: 60 }, (_, i) => i);
    for (let round = 0; round < 2; round++) {
      expect(sampleGap(everyMinute)).toBe(6);
      expect(sampleGap(everyBucket)).toBe(1);
      expect(sampleGap(Float64Array.from(everyMinute))).toBe(6);
    }
  });
});

describe('readBetweenSamples', () => {
  it('keeps values, draws a line between neighbouring samples, and neither bridges a missed sample nor extrapolates', () => {
    const values = sampled(40, 4, 2, (i) => i);
    values[22] = NaN; // a missed sample: 18 and 26 are two gaps apart
    const read = readBetweenSamples(values, 0, 40);
    expect(read[2]).toBe(2);
    expect(read[3]).toBe(3); // between 2 and 6
    expect(read[16]).toBe(16);
    expect([19, 20, 21, 22, 23, 24, 25].map((b) => read[b])).toEqual(Array(7).fill(NaN));
    expect(read[0]).toBeNaN(); // before the first sample
    expect(read[39]).toBeNaN(); // after the last (38)
    // A window reads the same values, and may start between samples.
    expect(Array.from(readBetweenSamples(values, 5, 10))).toEqual([5, 6, 7, 8, 9]);
  });

  it('returns a series with a value every bucket as it is', () => {
    const dense = Float64Array.from({ length: 10 }, (_, i) => i * i);
    dense[4] = NaN;
    expect(Array.from(readBetweenSamples(dense, 0, 10))).toEqual(Array.from(dense));
  });
});

describe('correlation', () => {
  it('is Pearson r over buckets where both series have values', () => {
    const a = Float64Array.from({ length: 20 }, (_, i) => i);
    expect(correlation(a, Float64Array.from(a, (x) => 3 * x + 1), 0, 20)).toBeCloseTo(1, 12);
    expect(correlation(a, Float64Array.from(a, (x) => -x), 0, 20)).toBeCloseTo(-1, 12);
  });

  it('pairs two one-minute exporters with different phases, which never share a bucket', () => {
    const callee = sampled(60, 6, 4, level);
    const caller = sampled(60, 6, 5, (i) => 3 * level(i) + 100);
    // Not one bucket holds both: read bucket by bucket there is nothing to correlate.
    expect(callee.some((v, i) => Number.isFinite(v) && Number.isFinite(caller[i]!))).toBe(false);
    const r = correlation(callee, caller, 0, 60);
    expect(r).toBeGreaterThan(0.9);
    expect(correlation(caller, callee, 0, 60)).toBeCloseTo(r, 1);
    // A series moving against the step does not correlate positively.
    expect(correlation(callee, sampled(60, 6, 1, (i) => 100 - level(i)), 0, 60)).toBeLessThan(-0.9);
  });

  it('pairs a one-minute metric with a series of a value every bucket at the metric buckets only', () => {
    const metric = sampled(60, 6, 3, level);
    const dense = Float64Array.from({ length: 60 }, (_, i) => 2 * level(i));
    expect(correlation(metric, dense, 0, 60)).toBeCloseTo(1, 12);
    // With fewer than minPairs metric values in range there is no answer, however dense the other side.
    expect(correlation(metric, dense, 0, 18, 4)).toBeNaN();
  });

  it('is NaN when a side is flat', () => {
    expect(correlation(sampled(60, 6, 0, () => 5), sampled(60, 6, 3, level), 0, 60)).toBeNaN();
  });
});
