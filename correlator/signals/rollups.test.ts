/**
 * The signal readers over the rollups of storage migration 5: rows of one
 * bucket written by several inserts read as one, cumulative series read
 * against their previous sample or their start (migration 12), and ranges
 * off the rollup grid are refused. The backfill of data stored before the
 * rollups is tested with migration 5 (storage/schema/rollup-backfill.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEEP_FOREVER, type Store } from '../../storage/index.ts';
import { metricRowOf } from '../../storage/testing/metric-row.ts';
import { spanRowOf } from '../../storage/testing/span-row.ts';
import { openMigratedStore, storeOptions, tempDir } from '../../storage/testing/test-store.ts';
import { readSignalFrame } from './read-signal-frame.ts';
import type { SignalFrame } from './signal-frame.ts';
import type { SignalRange } from './signal-range.ts';

const dir = tempDir('rollups');
let store: Store;
const T0 = Date.parse('2026-02-03T04:05:00Z');
const RANGE = { fromMillis: T0, toMillis: T0 + 60_000, stepSeconds: 10 };

async function read(range: SignalRange = RANGE): Promise<SignalFrame> {
  const r = await readSignalFrame(store, range);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const nanos = (ms: number) => String(BigInt(ms) * 1_000_000n);

/** A sample of a cumulative monotonic counter started at `startMs` (T0 by default; 0: start unknown). */
const counterRow = (service: string, metric: string, atMs: number, value: number, startMs = T0) => ({
  ...metricRowOf({ ServiceName: service, MetricName: metric, StartTimeUnix: nanos(startMs), TimeUnix: nanos(atMs) }),
  Value: value,
  AggregationTemporality: 2,
  IsMonotonic: true,
});

const valuesOf = (frame: SignalFrame) => Object.fromEntries(frame.series.map((s) => [`${s.entity}/${s.name}`, [...s.values]]));

beforeAll(async () => {
  store = await openMigratedStore(storeOptions({ dataDir: dir.path, retention: KEEP_FOREVER }));
  // 120 server spans of "api" in the first bucket, 1..120 ms, written by three inserts; a fifth of them in error.
  for (let batch = 0; batch < 3; batch++) {
    const rows = Array.from({ length: 40 }, (_, i) => {
      const n = batch * 40 + i + 1;
      const at = BigInt(T0 + (n % 10) * 1000) * 1_000_000n;
      return spanRowOf({ Timestamp: String(at), TraceId: 'ab'.repeat(16), SpanId: n.toString(16).padStart(16, '0'), ServiceName: 'api', SpanKind: 'Server', Duration: n * 1_000_000, StatusCode: n % 5 === 0 ? 'Error' : 'Unset' });
    });
    const r = await store.insertRows('otel_traces', rows);
    if (!r.ok) throw new Error(r.error.message);
  }
});

afterAll(async () => {
  await store?.close();
  dir.remove();
});

describe('signals from the rollups', () => {
  it('reads a bucket written by several inserts as the raw rows give it', async () => {
    const frame = await read();
    const raw = await store.queryRows<{ n: string; errors: string; q: number[] }>(
      "SELECT count() AS n, countIf(StatusCode = 'Error') AS errors, quantiles(0.5, 0.95, 0.99)(Duration) AS q FROM otel_traces WHERE ServiceName = 'api'",
    );
    if (!raw.ok) throw new Error(raw.error.message);
    const { n, errors, q } = raw.value[0]!;
    expect(Number(n)).toBe(120);
    const series = valuesOf(frame);
    expect(series['api/request_rate']![0]).toBe(12);
    expect(series['api/error_rate']![0]).toBe(Number(errors) / 120);
    expect(series['api/latency_p50_ms']![0]).toBe(q[0]! / 1e6);
    expect(series['api/latency_p95_ms']![0]).toBe(q[1]! / 1e6);
    expect(series['api/latency_p99_ms']![0]).toBe(q[2]! / 1e6);
    expect(series['api/latency_p50_ms']![0]).toBeCloseTo(60.5, 5);
  });

  it('takes a counter\'s previous sample from the lookback before the range, and only from within it', async () => {
    const counter = (atMs: number, value: number) => counterRow('api', 'http.server.request.count', atMs, value);
    // Samples 20 s apart: the window [T0+20 s, T0+30 s) has no previous sample of its own.
    const inserted = await store.insertRows('otel_metrics_sum', [counter(T0 + 5000, 100), counter(T0 + 25_000, 300)]);
    if (!inserted.ok) throw new Error(inserted.error.message);
    const window = { fromMillis: T0 + 20_000, toMillis: T0 + 30_000, stepSeconds: 10 };
    const rate = (frame: SignalFrame) => frame.series.find((x) => x.name === 'http.server.request.count.rate')?.values[0];

    expect(rate(await read(window))).toBeUndefined();
    expect(rate(await read({ ...window, lookbackSeconds: 10 }))).toBeUndefined();
    expect(rate(await read({ ...window, lookbackSeconds: 20 }))).toBe(10);
    const whole = await read({ fromMillis: T0, toMillis: T0 + 30_000, stepSeconds: 10 });
    expect(whole.series.find((x) => x.name === 'http.server.request.count.rate')?.values[2]).toBe(10);

    const negative = await readSignalFrame(store, { ...window, lookbackSeconds: -10 });
    expect(!negative.ok && negative.error.message).toMatch(/signal lookback -10 s: it must be 0 or more/);
  });

  it("takes a counter's latest sample in the lookback as its previous one, so windows read one at a time agree with one read of all", async () => {
    const counter = (atMs: number, value: number) => counterRow('billing', 'billing.invoices.count', atMs, value);
    // Increases of 30, 60, 100 and 40 per 10 s: a rate from any other sample than the latest would differ.
    const values = [100, 130, 190, 290, 330];
    const inserted = await store.insertRows('otel_metrics_sum', values.map((v, i) => counter(T0 + 5000 + i * 10_000, v)));
    if (!inserted.ok) throw new Error(inserted.error.message);
    const rate = (frame: SignalFrame, bucket = 0) => frame.series.find((x) => x.entity === 'billing' && x.name === 'billing.invoices.count.rate')?.values[bucket];

    const oneAtATime: Array<number | undefined> = [];
    for (let b = 1; b < values.length; b++) oneAtATime.push(rate(await read({ fromMillis: T0 + b * 10_000, toMillis: T0 + (b + 1) * 10_000, stepSeconds: 10, lookbackSeconds: 30 })));
    expect(oneAtATime).toEqual([3, 6, 10, 4]);
    const all = await read({ fromMillis: T0 + 10_000, toMillis: T0 + 50_000, stepSeconds: 10, lookbackSeconds: 30 });
    expect([0, 1, 2, 3].map((b) => rate(all, b))).toEqual(oneAtATime);
  });

  it("counts a series' first sample from its start when it started inside what is read: a new pod, a restarted process", async () => {
    const insert = async (table: string, rows: object[]) => {
      const r = await store.insertRows(table, rows as never);
      if (!r.ok) throw new Error(r.error.message);
    };
    // A pod started at T0 + 20 s; its first export at T0 + 45 s has counted 40 requests and 8 requests taking 2.4 s.
    await insert('otel_metrics_sum', [counterRow('cart', 'http.server.request.count', T0 + 45_000, 40, T0 + 20_000)]);
    await insert('otel_metrics_histogram', [
      { ...metricRowOf({ ServiceName: 'cart', MetricName: 'http.server.request.duration', MetricUnit: 's', StartTimeUnix: nanos(T0 + 20_000), TimeUnix: nanos(T0 + 45_000) }), Count: 8, Sum: 2.4, BucketCounts: [8], ExplicitBounds: [], AggregationTemporality: 2 },
    ]);
    // The same counter of a pod whose start is unknown (0): nothing until its second sample.
    await insert('otel_metrics_sum', [counterRow('cart-legacy', 'http.server.request.count', T0 + 45_000, 40, 0)]);
    // A process that restarted at T0 + 30 s under the same attributes: its counter went from 500 back to 20 by T0 + 45 s.
    await insert('otel_metrics_sum', [counterRow('orders', 'http.server.request.count', T0 + 25_000, 500), counterRow('orders', 'http.server.request.count', T0 + 45_000, 20, T0 + 30_000)]);
    const at = (frame: SignalFrame, entity: string, name: string, bucket: number) => frame.series.find((x) => x.entity === entity && x.name === name)?.values[bucket];

    const whole = await read();
    // Rates over whole buckets, as between two samples: 40 requests from bucket 2 to bucket 4 (20 s).
    expect(at(whole, 'cart', 'http.server.request.count.rate', 4)).toBe(2);
    expect(at(whole, 'cart', 'http.server.request.duration.mean', 4)).toBeCloseTo(300, 9);
    expect(at(whole, 'cart-legacy', 'http.server.request.count.rate', 4)).toBeUndefined();
    expect(at(whole, 'orders', 'http.server.request.count.rate', 4)).toBe(20 / 10);

    // Windows read one at a time with a lookback agree, and a start beyond the lookback is not counted from.
    const window = { fromMillis: T0 + 40_000, toMillis: T0 + 50_000, stepSeconds: 10 };
    expect(at(await read({ ...window, lookbackSeconds: 30 }), 'cart', 'http.server.request.count.rate', 0)).toBe(2);
    expect(at(await read({ ...window, lookbackSeconds: 10 }), 'cart', 'http.server.request.count.rate', 0)).toBeUndefined();
    // A read that starts after the series did knows nothing before its first sample.
    expect(at(await read(window), 'cart', 'http.server.request.duration.mean', 0)).toBeUndefined();
  });

  it('refuses ranges off the 10 s rollup grid, naming what is wrong', async () => {
    const offGrid = await readSignalFrame(store, { ...RANGE, fromMillis: T0 + 5000 });
    expect(!offGrid.ok && offGrid.error.message).toMatch(/range start 2026-02-03T04:05:05.000Z: it must be on a 10 s boundary/);
    const step = await readSignalFrame(store, { ...RANGE, stepSeconds: 15 });
    expect(!step.ok && step.error.message).toMatch(/step 15 s: it must be a multiple of the 10 s rollup bucket/);
  });
});
