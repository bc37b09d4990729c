import { describe, expect, it } from 'vitest';
import { createRobustBaselineDetector } from './robust-baseline.ts';
import { T0, input, makeSeries, seededRandom } from './test-series.ts';

const MIN = 60_000;
const DAY_BUCKETS = 1440; // one-minute buckets

describe('robust baseline', () => {
  it('judges a metric exported once a minute on a 10 s grid (a sixth of the buckets hold data)', () => {
    // 90 min on 10 s buckets; a value every 6th bucket; memory doubles after 60 min.
    const dense = makeSeries(540, (i) => (i >= 360 ? 200 : 100), 3, 7);
    const sparse = dense.map((v, i) => (i % 6 === 0 ? v : NaN));
    const found = createRobustBaselineDetector({ minPoints: 2 }).detect(input(sparse, 'mem', 10));
    expect(found).toHaveLength(1);
    expect(found[0]!.onsetMillis).toBe(T0 + 360 * 10_000);
    expect(found[0]!.direction).toBe('up');
  });

  it('finds nothing in stationary noise', () => {
    const values = makeSeries(6 * 60, () => 120, 5, 1);
    expect(createRobustBaselineDetector().detect(input(values, 'latency'))).toEqual([]);
  });

  it('flags a step up with its onset on the first shifted bucket', () => {
    const values = makeSeries(4 * 60, (i) => (i >= 150 ? 200 : 120), 5, 2);
    const found = createRobustBaselineDetector().detect(input(values, 'latency'));
    expect(found.length).toBeGreaterThanOrEqual(1);
    const a = found[0]!;
    expect(Math.abs(a.onsetMillis - (T0 + 150 * MIN))).toBeLessThanOrEqual(2 * MIN);
    expect(a.direction).toBe('up');
    expect(a.score).toBeGreaterThanOrEqual(1);
    expect(a.severity).toBe('critical');
    expect(a.evidence.baseline).toBeCloseTo(120, -1);
  });

  it('ignores single spikes thanks to minPoints, and would flag them with minPoints = 1', () => {
    const values = makeSeries(6 * 60, () => 120, 5, 3);
    for (const i of [60, 130, 200, 290]) values[i] = 400;
    const series = input(values, 'latency');
    expect(createRobustBaselineDetector().detect(series)).toEqual([]);
    expect(createRobustBaselineDetector({ minPoints: 1 }).detect(series).length).toBe(4);
  });

  it('reports a run at its second point when both are far beyond the noise, and waits for a third otherwise', () => {
    // CPU sampled every 30 s on a 10 s grid, around 2% (noise 0.1%); it jumps at bucket 180.
    const cpu = (jumpTo: number) => makeSeries(186, (i) => (i >= 180 ? jumpTo : 0.02), 0.001, 5).map((v, i) => (i % 3 === 0 ? v : NaN));
    // The spread is floored at 0.5 percentage points (DEFAULT_ABSOLUTE_FLOORS). Two samples at 50%: almost a
    // hundred sigmas out, reported as soon as the second one is in.
    const [hog] = createRobustBaselineDetector().detect(input(cpu(0.5), 'cpu', 10));
    expect(hog).toMatchObject({ onsetMillis: T0 + 180 * 10_000, direction: 'up', evidence: { points: 2 } });
    // Two samples at 10%: clearly anomalous (16 sigmas, k = 4) but not 32 sigmas out, so a third sample decides.
    expect(createRobustBaselineDetector().detect(input(cpu(0.1), 'cpu', 10))).toEqual([]);
    expect(createRobustBaselineDetector({ strongFactor: 1 }).detect(input(cpu(0.1), 'cpu', 10))).toHaveLength(1);
  });

  it('judges the second point of a step against the spread from before the step, where the window holds a few points', () => {
    // A latency exported once a minute, a 4-minute window: four points of history, one of them a stray 14 ms.
    // Then 180 and 200 ms. Against the window at the second point (14, 3.6, 4, 180) 200 ms is "only" 25 sigmas
    // out; against the spread the step started from it is about 300.
    const values = Float64Array.from([3.8, 4.5, 14, 3.6, 4, 180, 200, 4.2]);
    const detector = () => createRobustBaselineDetector({ windowSeconds: 240, minHistoryPoints: 4 });
    const [step] = detector().detect(input(values, 'latency'));
    expect(step).toMatchObject({ onsetMillis: T0 + 5 * MIN, direction: 'up', evidence: { points: 2 } });
    // Both points only moderately out (14 and 16 ms, 16-18 sigmas before the step): a third point is still needed.
    const moderate = Float64Array.from([3.8, 4.5, 14, 3.6, 4, 14, 16, 4.2]);
    expect(detector().detect(input(moderate, 'latency'))).toEqual([]);
  });

  it('does not flag a slow drift', () => {
    // Disk filling from 50% to 90% over 12 hours.
    const values = makeSeries(12 * 60, (i) => 0.5 + (0.4 * i) / 720, 0.005, 4);
    expect(createRobustBaselineDetector().detect(input(values, 'disk'))).toEqual([]);
  });

  it('only reports the bad direction of one-sided indicators', () => {
    const values = makeSeries(4 * 60, (i) => (i >= 150 ? 80 : 120), 5, 5);
    expect(createRobustBaselineDetector().detect(input(values, 'latency'))).toEqual([]);
    const traffic = createRobustBaselineDetector().detect(input(values, 'traffic'));
    expect(traffic[0]?.direction).toBe('down');
  });

  it('survives a flat series (zero MAD) without flagging tiny wiggles', () => {
    const values = new Float64Array(240).fill(0.3);
    for (let i = 100; i < 110; i++) values[i] = 0.301;
    expect(createRobustBaselineDetector().detect(input(values, 'cpu'))).toEqual([]);
    for (let i = 150; i < 160; i++) values[i] = 0.6;
    expect(createRobustBaselineDetector().detect(input(values, 'cpu')).map((a) => a.onsetMillis)).toEqual([T0 + 150 * MIN]);
  });

  it('flags a pod going from no network errors to a few per second, but not throughput moving by as little', () => {
    // Packet loss: errors per second, not bytes, so the 1 B/s floor of throughput must not hide it.
    const values = new Float64Array(240).fill(0);
    for (let i = 150; i < 240; i++) values[i] = 2 + (i % 3);
    const errors = createRobustBaselineDetector().detect(input(values, 'net', 60, 'k8s.pod.network.errors.rate'));
    expect(errors.map((a) => [a.onsetMillis, a.direction])).toEqual([[T0 + 150 * MIN, 'up']]);
    expect(createRobustBaselineDetector().detect(input(values, 'net', 60, 'k8s.pod.network.io.rate'))).toEqual([]);
  });

  describe('heavy tails', () => {
    // An hour of 10 s buckets of a latency around 20 ms whose slowest requests are 5-10 times that in about
    // one bucket of twenty, like a service with a slow code path; chance puts some of them next to each other.
    const tailed = (seed: number) => {
      const random = seededRandom(seed);
      return makeSeries(360, () => 20, 1.5, seed).map((v) => (random() < 0.05 ? 100 + 100 * random() : v));
    };
    const plain = { runChance: 0.999 }; // any share beyond k sigma keeps the plain three-point and two-point rules

    it('does not take a few chance outliers in a row for an anomaly', () => {
      const values = tailed(11);
      values.set([150, 180], 200); // two in a row, both far beyond 32 sigma
      values.set([90, 140, 120], 300); // three in a row
      const byPlainRules = createRobustBaselineDetector(plain).detect(input(values, 'latency', 10)).map((a) => a.onsetMillis);
      // The planted pair joined an outlier of the series' own at 199; 351 and 355 are pairs the series made by itself.
      expect(byPlainRules).toEqual([199, 300, 351, 355].map((i) => T0 + i * 10_000));
      expect(createRobustBaselineDetector().detect(input(values, 'latency', 10))).toEqual([]);
    });

    it('still flags a sustained shift, a few points later', () => {
      const values = tailed(12);
      for (let i = 300; i < 330; i++) values[i] = 60 + (i % 3);
      const [shift, ...rest] = createRobustBaselineDetector().detect(input(values, 'latency', 10));
      expect(rest).toEqual([]);
      expect(shift).toMatchObject({ onsetMillis: T0 + 300 * 10_000, direction: 'up' });
    });

    it('counts one error in twenty requests every few minutes as the noise of an error ratio', () => {
      const random = seededRandom(13);
      const values = Float64Array.from({ length: 360 }, () => (random() < 0.05 ? 0.05 : 0));
      values.set([0.05, 0.06], 250);
      expect(createRobustBaselineDetector(plain).detect(input(values, 'errors', 10)).map((a) => a.onsetMillis)).toContain(T0 + 250 * 10_000);
      expect(createRobustBaselineDetector().detect(input(values, 'errors', 10))).toEqual([]);
      for (let i = 300; i < 312; i++) values[i] = 0.2;
      expect(createRobustBaselineDetector().detect(input(values, 'errors', 10)).map((a) => a.onsetMillis)).toEqual([T0 + 300 * 10_000]);
    });
  });

  it('skips gaps (NaN) instead of treating them as zero', () => {
    const values = makeSeries(4 * 60, () => 50, 2, 6);
    for (let i = 100; i < 140; i++) values[i] = NaN;
    expect(createRobustBaselineDetector().detect(input(values, 'traffic'))).toEqual([]);
  });

  describe('seasonality', () => {
    // Three days of a daily sine (peak mid-day) with a nightly batch job that
    // triples traffic from 02:00 to 03:00.
    const daily = (i: number): number => {
      const minute = i % DAY_BUCKETS;
      const batch = minute >= 120 && minute < 180 ? 200 : 0;
      return 100 + 30 * Math.sin((2 * Math.PI * minute) / DAY_BUCKETS) + batch;
    };
    const days = 3 * DAY_BUCKETS;

    it('learns the daily pattern: nothing after the first day with seasonality on', () => {
      const values = makeSeries(days, daily, 2, 7);
      const found = createRobustBaselineDetector().detect(input(values, 'traffic'));
      expect(found.filter((a) => a.onsetMillis >= T0 + DAY_BUCKETS * MIN)).toEqual([]);
      // The first day has no history, so the batch job's start is a surprise then.
      expect(found.some((a) => a.onsetMillis === T0 + 120 * MIN)).toBe(true);
    });

    it('without seasonality the batch job is flagged every day', () => {
      const values = makeSeries(days, daily, 2, 7);
      const found = createRobustBaselineDetector({ seasonality: false }).detect(input(values, 'traffic'));
      for (const day of [1, 2]) {
        expect(found.some((a) => a.onsetMillis === T0 + (day * DAY_BUCKETS + 120) * MIN && a.direction === 'up')).toBe(true);
      }
    });

    it('flags a deviation from the seasonal pattern', () => {
      const start = 2 * DAY_BUCKETS + 600;
      const values = makeSeries(days, (i) => daily(i) + (i >= start && i < start + 20 ? 20 : 0), 2, 8);
      const found = createRobustBaselineDetector().detect(input(values, 'traffic'));
      const late = found.filter((a) => a.onsetMillis >= T0 + DAY_BUCKETS * MIN);
      expect(late.length).toBe(1);
      expect(Math.abs(late[0]!.onsetMillis - (T0 + start * MIN))).toBeLessThanOrEqual(2 * MIN);
      expect(late[0]!.direction).toBe('up');
      expect(late[0]!.evidence.seasonal).toBe(true);
    });
  });
});
