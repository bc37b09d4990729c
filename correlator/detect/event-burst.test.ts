import { describe, expect, it } from 'vitest';
import { type SeriesInput, bucketMillis } from './anomaly.ts';
import { EVENT_BURST, createEventBurstDetector, hypergeometricUpperTail } from './event-burst.ts';
import { createRobustBaselineDetector } from './robust-baseline.ts';

const T0 = Date.UTC(2026, 0, 1);
const logSeries = (values: number[], indicator: SeriesInput['indicator'] = 'log'): SeriesInput => ({
  entity: 'payment',
  indicator,
  name: 'log_error_rate',
  values: Float64Array.from(values),
  fromMillis: T0,
  stepSeconds: 10,
});
const zeros = (n: number) => Array.from({ length: n }, () => 0);
/** One error record every 10-20 s, as a bad deploy's failing requests write them: 0.1 records/s in the buckets that hold one. */
const SPARSE = [0.1, 0.1, 0, 0.1, 0.1, 0, 0.1, 0.1];

describe('hypergeometricUpperTail (Fisher exact test, one-sided)', () => {
  it('matches closed forms', () => {
    // All 3 marked items among the 6 drawn of 42: C(6,3) / C(42,3).
    expect(hypergeometricUpperTail(3, 42, 3, 6)).toBeCloseTo(20 / 11480, 12);
    // At least one of 2 marked among 5 drawn of 10: 1 - C(8,5)/C(10,5).
    expect(hypergeometricUpperTail(1, 10, 2, 5)).toBeCloseTo(1 - 56 / 252, 12);
    expect(hypergeometricUpperTail(0, 10, 2, 5)).toBeCloseTo(1, 12);
    expect(hypergeometricUpperTail(4, 10, 3, 5)).toBe(0);
  });
});

describe('event-burst detector', () => {
  it('finds sparse errors from a service that logged none, which the robust baseline does not see', () => {
    const s = logSeries([...zeros(30), ...SPARSE.slice(0, 5), ...zeros(4)]);
    const found = createEventBurstDetector().detect(s);
    expect(found).toHaveLength(1);
    const a = found[0]!;
    expect(a).toMatchObject({ entity: 'payment', indicator: 'log', signal: 'log_error_rate', detector: EVENT_BURST, direction: 'up', onsetMillis: bucketMillis(s, 30) });
    // Four occupied buckets of five after thirty empty ones: C(5,4) / C(35,4).
    expect(a.evidence).toMatchObject({ baseline: 0, eventBuckets: 4, recentBuckets: 5, referenceBuckets: 30 });
    expect(a.evidence.pValue).toBeCloseTo(5 / 52360, 12);
    expect(a.score).toBeGreaterThanOrEqual(2);
    expect(createRobustBaselineDetector().detect(s)).toEqual([]);
  });

  it('is critical once the chance is below alpha^1.5: the same burst after half an hour of silence', () => {
    const [a] = createEventBurstDetector().detect(logSeries([...zeros(180), ...SPARSE]));
    expect(a!.severity).toBe('critical');
    expect(a!.score).toBeGreaterThan(3);
  });

  it('reports one burst once however long it lasts, and again once it has gone on long enough to be critical', () => {
    const burst = Array.from({ length: 60 }, (_, i) => (i % 3 === 2 ? 0 : 0.1));
    const found = createEventBurstDetector().detect(logSeries([...zeros(30), ...burst]));
    // Four of five buckets after thirty empty ones is a warning; six of eight (C(8,6) / C(38,6), 1e-5) is critical.
    expect(found.map((a) => [a.onsetMillis, a.severity, a.evidence.eventBuckets, a.evidence.recentBuckets])).toEqual([
      [T0 + 30 * 10_000, 'warning', 4, 5],
      [T0 + 30 * 10_000, 'critical', 6, 8],
    ]);
    expect(found[1]!.evidence.pValue).toBeCloseTo(28 / 2760681, 12);
    // A burst that stops before it is critical is reported once.
    expect(createEventBurstDetector().detect(logSeries([...zeros(30), ...SPARSE.slice(0, 5), ...zeros(100)]))).toHaveLength(1);
    // Critical at once: nothing to report again.
    expect(createEventBurstDetector().detect(logSeries([...zeros(180), ...burst]))).toHaveLength(1);
  });

  it('stays quiet on a service that always logs a few errors, on too few occupied buckets, and without enough reference', () => {
    const d = createEventBurstDetector();
    const everyFewMinutes = zeros(40).map((_, i) => (i % 12 === 5 ? 0.1 : 0));
    expect(d.detect(logSeries([...everyFewMinutes, ...SPARSE]))).toEqual([]);
    expect(d.detect(logSeries([...zeros(30), 0.3, 0.1, 0, 0.2, ...zeros(10)]))).toEqual([]);
    expect(d.detect(logSeries([...zeros(10), ...SPARSE]))).toEqual([]);
  });

  it('counts buckets, not records: a stack trace of ten lines in one bucket is one event', () => {
    expect(createEventBurstDetector().detect(logSeries([...zeros(30), 1, 0, 0, 1, 0, 0, 1, ...zeros(6)]))).toEqual([]);
  });

  it('skips buckets without data and judges only error log series', () => {
    const gappy = [...zeros(30), 0.1, NaN, 0.1, NaN, 0.1, 0.1];
    expect(createEventBurstDetector().detect(logSeries(gappy))[0]?.evidence).toMatchObject({ eventBuckets: 4, recentBuckets: 4 });
    expect(createEventBurstDetector().detect(logSeries([...zeros(30), ...SPARSE], 'errors'))).toEqual([]);
  });

  it('judged piece by piece as the series grows, finds what it finds over the whole series', () => {
    const values = [...zeros(30), ...SPARSE, ...zeros(200), ...SPARSE];
    const whole = createEventBurstDetector().detect(logSeries(values));
    // The first burst as a warning and again once critical; the second critical at once (half an hour of silence before it).
    expect(whole.map((a) => a.severity)).toEqual(['warning', 'critical', 'critical']);
    const stream = createEventBurstDetector().stream!();
    const ends = [25, 33, 37, 100, 238, 241, values.length];
    const pieces = ends.flatMap((end, i) => stream.judge(logSeries(values.slice(0, end)), i === 0 ? 0 : ends[i - 1]!));
    expect(pieces).toEqual(whole);
  });

  it('rejects options that cannot work', () => {
    expect(() => createEventBurstDetector({ alpha: 0 })).toThrow(RangeError);
    expect(() => createEventBurstDetector({ minEventBuckets: 13, maxRecentBuckets: 12 })).toThrow(RangeError);
  });
});
