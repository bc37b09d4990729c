import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEEP_FOREVER, type Store } from '../../storage/index.ts';
import { logRowOf } from '../../storage/testing/log-row.ts';
import { metricRowOf } from '../../storage/testing/metric-row.ts';
import { openMigratedStore, storeOptions, tempDir } from '../../storage/testing/test-store.ts';
import { indicatorOfMetric } from './metric-indicator.ts';
import { readSignalFrame } from './read-signal-frame.ts';
import type { SignalFrame } from './signal-frame.ts';

const dir = tempDir('signals');
let store: Store;
const T0 = Date.parse('2026-01-05T00:00:00Z');
const ns = (ms: number) => String(BigInt(ms) * 1_000_000n);

function span(service: string, kind: string, atMs: number, durationMs: number, status = 'Unset', attrs: Record<string, string> = {}) {
  return {
    Timestamp: ns(atMs), TraceId: 'ab'.repeat(16), SpanId: '01'.repeat(8), ParentSpanId: '', TraceState: '', SpanName: 'op', SpanKind: kind,
    ServiceName: service, ResourceAttributes: {}, ScopeName: '', ScopeVersion: '', SpanAttributes: attrs, Duration: durationMs * 1_000_000,
    StatusCode: status, StatusMessage: '', 'Events.Timestamp': [], 'Events.Name': [], 'Events.Attributes': [],
    'Links.TraceId': [], 'Links.SpanId': [], 'Links.TraceState': [], 'Links.Attributes': [],
  };
}

const metricBase = (service: string, name: string, atMs: number) => metricRowOf({ ServiceName: service, MetricName: name, StartTimeUnix: ns(T0), TimeUnix: ns(atMs) });

async function insert(table: string, rows: object[]) {
  const r = await store.insertRows(table, rows);
  if (!r.ok) throw new Error(r.error.message);
}

let frame: SignalFrame;
const series = (entity: string, name: string) => frame.series.find((s) => s.entity === entity && s.name === name);

beforeAll(async () => {
  store = await openMigratedStore(storeOptions({ dataDir: dir.path, retention: KEEP_FOREVER }));
  // Bucket 0: 4 server spans of "web" (one error, one 500), and its client span to a database.
  await insert('otel_traces', [
    span('web', 'Server', T0 + 1000, 10),
    span('web', 'Server', T0 + 2000, 20),
    span('web', 'Server', T0 + 3000, 30, 'Error'),
    span('web', 'Server', T0 + 4000, 40, 'Unset', { 'http.response.status_code': '503' }),
    span('web', 'Client', T0 + 5000, 7, 'Unset', { 'db.system': 'postgresql', 'server.address': 'orders-db' }),
    // Bucket 1: "legacy" has no span kinds at all: all its spans count.
    span('legacy', 'Unspecified', T0 + 11_000, 5),
    span('legacy', 'Unspecified', T0 + 12_000, 5),
  ]);
  await insert('otel_metrics_gauge', [
    { ...metricBase('web', 'container.cpu.utilization', T0 + 1000), Value: 0.2 },
    { ...metricBase('web', 'container.cpu.utilization', T0 + 2000), Value: 0.4 },
    { ...metricBase('web', 'container.cpu.utilization', T0 + 11_000), Value: 0.9 },
    { ...metricBase('web', 'app.response_time', T0 + 1000), MetricUnit: 's', Value: 0.25 },
  ]);
  await insert('otel_metrics_sum', [
    { ...metricBase('web', 'http.server.request.count', T0 + 5000), Value: 100, AggregationTemporality: 2, IsMonotonic: true },
    { ...metricBase('web', 'http.server.request.count', T0 + 15_000), Value: 150, AggregationTemporality: 2, IsMonotonic: true },
    { ...metricBase('db', 'mongodb.operation.count', T0 + 5000), Value: 1000, AggregationTemporality: 2, IsMonotonic: true },
    { ...metricBase('db', 'mongodb.operation.count', T0 + 15_000), Value: 1020, AggregationTemporality: 2, IsMonotonic: true },
    { ...metricBase('db', 'mongodb.operation.time', T0 + 5000), Value: 3000, AggregationTemporality: 2, IsMonotonic: true },
    { ...metricBase('db', 'mongodb.operation.time', T0 + 15_000), Value: 3100, AggregationTemporality: 2, IsMonotonic: true },
  ]);
  const hist = (atMs: number, count: number, sum: number) => ({
    ...metricBase('web', 'http.server.request.duration', atMs), Count: count, Sum: sum, BucketCounts: [count], ExplicitBounds: [], Min: 0, Max: 0, AggregationTemporality: 2,
  });
  await insert('otel_metrics_histogram', [hist(T0 + 5000, 10, 1.0), hist(T0 + 15_000, 30, 5.0)]);
  const log = (atMs: number, severity: number, text = '') => logRowOf({ Timestamp: ns(atMs), SeverityText: text, SeverityNumber: severity, ServiceName: 'web', Body: 'x', ResourceAttributes: {} });
  await insert('otel_logs', [log(T0 + 1000, 17), log(T0 + 2000, 9), log(T0 + 3000, 0, 'ERROR'), log(T0 + 4000, 21)]);
  const read = await readSignalFrame(store, { fromMillis: T0, toMillis: T0 + 30_000, stepSeconds: 10 });
  if (!read.ok) throw new Error(read.error.message);
  frame = read.value;
});
afterAll(async () => {
  await store?.close();
  dir.remove();
});

describe('readSignalFrame', () => {
  it('puts spans on the grid as request rate, error rate and latency percentiles', () => {
    expect(frame.buckets).toBe(3);
    expect([...series('web', 'request_rate')!.values]).toEqual([0.4, NaN, NaN]);
    expect(series('web', 'error_rate')!.values[0]).toBe(0.5);
    expect(series('web', 'latency_p50_ms')!.values[0]).toBeCloseTo(25, 0);
    expect(series('web', 'latency_p99_ms')!.values[0]!).toBeGreaterThan(35);
    expect(series('web', 'error_rate')!.indicator).toBe('errors');
  });

  it('measures services without span kinds on all their spans, and databases from client spans', () => {
    expect(series('legacy', 'request_rate')!.values[1]).toBe(0.2);
    const db = series('orders-db', 'latency_p95_ms');
    expect(db?.values[0]).toBeCloseTo(7, 5);
    expect(series('web', 'latency_p95_ms')!.values[0]).toBeGreaterThan(30);
  });

  it('averages gauges, turns cumulative counters into rates and histograms into means', () => {
    expect([...series('web', 'container.cpu.utilization')!.values].map((v) => (Number.isNaN(v) ? v : Number(v.toFixed(6))))).toEqual([0.3, 0.9, NaN]);
    expect(series('web', 'container.cpu.utilization')!.indicator).toBe('cpu');
    expect(series('web', 'http.server.request.count.rate')!.values[1]).toBe(5);
    expect(series('web', 'http.server.request.duration.mean')!.values[1]).toBeCloseTo(0.2, 10);
    expect(series('web', 'http.server.request.duration.mean')!.indicator).toBe('latency');
  });

  it('converts latency metrics to milliseconds from their unit', () => {
    expect(series('web', 'app.response_time')).toMatchObject({ indicator: 'latency' });
    expect(series('web', 'app.response_time')!.values[0]).toBe(250);
  });

  it('reads a counter of time spent as load, and over its operation counter as mean latency', () => {
    expect(series('db', 'mongodb.operation.time.rate')).toMatchObject({ indicator: 'traffic' });
    expect(series('db', 'mongodb.operation.time.rate')!.values[1]).toBe(10);
    expect(series('db', 'mongodb.operation.time.mean')).toMatchObject({ indicator: 'latency' });
    expect([...series('db', 'mongodb.operation.time.mean')!.values]).toEqual([NaN, 5, NaN]);
  });

  it('counts error logs per second, by number or by text', () => {
    expect([...series('web', 'log_error_rate')!.values]).toEqual([0.3, 0, 0]);
    expect(series('web', 'log_error_rate')!.indicator).toBe('log');
  });
});

describe('indicatorOfMetric', () => {
  it('maps common OpenTelemetry metric names', () => {
    expect(indicatorOfMetric('k8s.pod.cpu.utilization')).toBe('cpu');
    expect(indicatorOfMetric('system.cpu.utilization')).toBe('cpu');
    expect(indicatorOfMetric('process.cpu.time')).toBe('cpu');
    expect(indicatorOfMetric('container.memory.usage')).toBe('mem');
    expect(indicatorOfMetric('jvm.gc.duration')).toBe('mem');
    expect(indicatorOfMetric('system.filesystem.utilization')).toBe('disk');
    expect(indicatorOfMetric('k8s.pod.network.io')).toBe('net');
    expect(indicatorOfMetric('http.server.request.duration')).toBe('latency');
    expect(indicatorOfMetric('http.server.request.rate')).toBe('traffic');
    expect(indicatorOfMetric('rpc.server.errors')).toBe('errors');
    expect(indicatorOfMetric('queue.size.something')).toBeUndefined();
  });
});
