/**
 * End to end with the real OpenTelemetry JS SDK and its exporters: traces,
 * metrics (all five kinds) and logs sent over OTLP/gRPC, OTLP/HTTP-protobuf
 * and OTLP/HTTP-JSON to a started Causeway, then read back through the API
 * and SQL with attributes and types intact.
 */
import { SpanKind, SpanStatusCode, context, trace, type Attributes } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter as GrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter as GrpcMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as GrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { AggregationType, InstrumentType, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCauseway, startTestCauseway } from './test-causeway.ts';

interface SpanView {
  spanId: string;
  parentSpanId: string;
  service: string;
  name: string;
  kind: string;
  startTimeUnixNano: string;
  durationNanos: number;
  status: { code: string; message: string };
  attributes: Record<string, string>;
  resourceAttributes: Record<string, string>;
  events: Array<{ name: string; attributes: Record<string, string> }>;
}

type Transport = 'grpc' | 'http-protobuf' | 'http-json';
const TRANSPORTS: Transport[] = ['grpc', 'http-protobuf', 'http-json'];

let cw: TestCauseway;
beforeAll(async () => {
  cw = await startTestCauseway();
});
afterAll(async () => {
  await cw?.stop();
});

function exporters(t: Transport) {
  if (t === 'grpc') {
    const url = cw.grpcUrl;
    return { traces: new GrpcTraceExporter({ url }), metrics: new GrpcMetricExporter({ url }), logs: new GrpcLogExporter({ url }) };
  }
  const base = cw.httpUrl;
  const opts = (path: string) => ({ url: `${base}${path}` });
  if (t === 'http-protobuf') {
    return { traces: new ProtoTraceExporter(opts('/v1/traces')), metrics: new ProtoMetricExporter(opts('/v1/metrics')), logs: new ProtoLogExporter(opts('/v1/logs')) };
  }
  return { traces: new JsonTraceExporter(opts('/v1/traces')), metrics: new JsonMetricExporter(opts('/v1/metrics')), logs: new JsonLogExporter(opts('/v1/logs')) };
}

async function sql<T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const r = await cw.store.queryRows<T>(query, params);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const SPAN_ATTRIBUTES: Attributes = {
  'http.request.method': 'POST',
  'http.response.status_code': 503,
  'app.ratio': 0.25,
  'app.cached': false,
  'app.tags': ['a', 'b'],
  'app.big': 9007199254740991,
};

async function sendTraces(t: Transport): Promise<{ traceId: string; rootSpanId: string }> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': `shop-${t}`, 'service.version': '2.0.1', 'host.name': 'node-7' }),
    spanProcessors: [new SimpleSpanProcessor(exporters(t).traces)],
  });
  const tracer = provider.getTracer('e2e-scope', '1.2.3');
  const root = tracer.startSpan('POST /checkout', { kind: SpanKind.SERVER, attributes: SPAN_ATTRIBUTES });
  const ctx = trace.setSpan(context.active(), root);
  const child = tracer.startSpan(
    'charge card',
    { kind: SpanKind.CLIENT, attributes: { 'peer.service': 'payment' }, links: [{ context: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 }, attributes: { 'link.kind': 'retry-of' } }] },
    ctx,
  );
  child.addEvent('exception', { 'exception.type': 'TimeoutError', 'exception.message': 'card network timed out' });
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'timeout' });
  child.end();
  root.end();
  await provider.forceFlush();
  await provider.shutdown();
  return { traceId: root.spanContext().traceId, rootSpanId: root.spanContext().spanId };
}

async function sendMetrics(t: Transport): Promise<void> {
  const reader = new PeriodicExportingMetricReader({ exporter: exporters(t).metrics, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': `shop-${t}` }),
    readers: [reader],
    views: [{ instrumentName: 'e2e.latency.exp', instrumentType: InstrumentType.HISTOGRAM, aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
  });
  const meter = provider.getMeter('e2e-meter');
  meter.createCounter('e2e.requests', { unit: '{request}' }).add(7, { route: '/checkout' });
  meter.createUpDownCounter('e2e.queue.depth').add(-3, { queue: 'orders' });
  meter.createGauge('e2e.cpu.utilization', { unit: '1' }).record(0.42, { cpu: '0' });
  meter.createHistogram('e2e.latency', { unit: 'ms' }).record(120, { route: '/checkout' });
  const exp = meter.createHistogram('e2e.latency.exp', { unit: 'ms' });
  for (const v of [1, 2, 4, 8, 16]) exp.record(v);
  // Shutdown collects and exports once more; a forceFlush before it would send every point twice.
  await provider.shutdown();
}

async function sendLogs(t: Transport, traceId: string, spanId: string): Promise<void> {
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': `shop-${t}` }),
    processors: [new SimpleLogRecordProcessor({ exporter: exporters(t).logs })],
  });
  const logger = provider.getLogger('e2e-logger', '0.1.0');
  const span = trace.wrapSpanContext({ traceId, spanId, traceFlags: 1 });
  logger.emit({
    severityNumber: SeverityNumber.ERROR,
    severityText: 'ERROR',
    body: 'payment failed: card network timed out',
    attributes: { 'order.id': 1234, 'retry': true },
    context: trace.setSpan(context.active(), span),
  });
  logger.emit({ severityNumber: SeverityNumber.INFO, severityText: 'INFO', body: { event: 'checkout', items: 3 } });
  await provider.forceFlush();
  await provider.shutdown();
}

/** A summary point: the JS SDK cannot make one, so it is POSTed as OTLP/JSON by hand. */
async function sendSummary(): Promise<void> {
  const now = `${Date.now()}000000`;
  const body = {
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop-summary' } }] },
        scopeMetrics: [
          {
            scope: { name: 'legacy' },
            metrics: [
              {
                name: 'e2e.rpc.duration',
                unit: 's',
                summary: {
                  dataPoints: [
                    { startTimeUnixNano: now, timeUnixNano: now, count: '10', sum: 2.5, quantileValues: [{ quantile: 0.5, value: 0.2 }, { quantile: 0.99, value: 0.9 }] },
                  ],
                },
              },
            ],
          },
        ],
      },
    ],
  };
  const res = await fetch(`${cw.httpUrl}/v1/metrics`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
}

describe.each(TRANSPORTS)('OpenTelemetry JS exporters over %s', (t) => {
  let ids: { traceId: string; rootSpanId: string };

  beforeAll(async () => {
    ids = await sendTraces(t);
    await sendMetrics(t);
    await sendLogs(t, ids.traceId, ids.rootSpanId);
  });

  it('stores the trace, readable through the API with attributes, events, status and kinds', async () => {
    const res = await fetch(`${cw.apiUrl}/api/v1/traces/${ids.traceId}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { spans: SpanView[] };
    expect(body.spans).toHaveLength(2);
    const root = body.spans.find((s) => s.spanId === ids.rootSpanId)!;
    const child = body.spans.find((s) => s.spanId !== ids.rootSpanId)!;
    expect(root).toMatchObject({ service: `shop-${t}`, name: 'POST /checkout', kind: 'Server', parentSpanId: '' });
    expect(root.attributes).toEqual({
      'http.request.method': 'POST',
      'http.response.status_code': '503',
      'app.ratio': '0.25',
      'app.cached': 'false',
      'app.tags': '["a","b"]',
      'app.big': '9007199254740991',
    });
    expect(root.resourceAttributes).toMatchObject({ 'service.name': `shop-${t}`, 'service.version': '2.0.1', 'host.name': 'node-7' });
    expect(child).toMatchObject({ name: 'charge card', kind: 'Client', parentSpanId: ids.rootSpanId, status: { code: 'Error', message: 'timeout' } });
    expect(child.events).toHaveLength(1);
    expect(child.events[0]).toMatchObject({ name: 'exception', attributes: { 'exception.type': 'TimeoutError', 'exception.message': 'card network timed out' } });
    expect(BigInt(child.startTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(root.startTimeUnixNano));
    expect(root.durationNanos).toBeGreaterThan(0);
  });

  it('keeps scope, links and nanosecond timestamps in SQL', async () => {
    const rows = await sql<{ ScopeName: string; ScopeVersion: string; LinkTrace: string[]; LinkAttrs: Array<Record<string, string>> }>(
      `SELECT ScopeName, ScopeVersion, Links.TraceId AS LinkTrace, Links.Attributes AS LinkAttrs FROM otel_traces WHERE TraceId = {id:String} AND SpanName = 'charge card'`,
      { id: ids.traceId },
    );
    expect(rows).toEqual([{ ScopeName: 'e2e-scope', ScopeVersion: '1.2.3', LinkTrace: ['a'.repeat(32)], LinkAttrs: [{ 'link.kind': 'retry-of' }] }]);
  });

  it('stores every SDK metric kind in its table with values intact', async () => {
    const service = `shop-${t}`;
    const sums = await sql<{ MetricName: string; Value: number; IsMonotonic: boolean; AggregationTemporality: number; Attributes: Record<string, string> }>(
      `SELECT MetricName, Value, IsMonotonic, AggregationTemporality, Attributes FROM otel_metrics_sum WHERE ServiceName = {s:String} ORDER BY MetricName`,
      { s: service },
    );
    expect(sums).toEqual([
      { MetricName: 'e2e.queue.depth', Value: -3, IsMonotonic: false, AggregationTemporality: 2, Attributes: { queue: 'orders' } },
      { MetricName: 'e2e.requests', Value: 7, IsMonotonic: true, AggregationTemporality: 2, Attributes: { route: '/checkout' } },
    ]);
    const gauges = await sql<{ MetricName: string; Value: number; MetricUnit: string }>(`SELECT MetricName, Value, MetricUnit FROM otel_metrics_gauge WHERE ServiceName = {s:String}`, { s: service });
    expect(gauges).toEqual([{ MetricName: 'e2e.cpu.utilization', Value: 0.42, MetricUnit: '1' }]);
    const hist = await sql<{ Count: string; Sum: number; Min: number; Max: number; BucketCounts: string[]; ExplicitBounds: number[] }>(
      `SELECT Count, Sum, Min, Max, BucketCounts, ExplicitBounds FROM otel_metrics_histogram WHERE ServiceName = {s:String}`,
      { s: service },
    );
    expect(hist).toHaveLength(1);
    expect(Number(hist[0]!.Count)).toBe(1);
    expect(hist[0]).toMatchObject({ Sum: 120, Min: 120, Max: 120 });
    expect(hist[0]!.BucketCounts.length).toBe(hist[0]!.ExplicitBounds.length + 1);
    expect(hist[0]!.BucketCounts.map(Number).reduce((a, b) => a + b, 0)).toBe(1);
    const exp = await sql<{ Count: string; Sum: number; Scale: number; PositiveBucketCounts: string[] }>(
      `SELECT Count, Sum, Scale, PositiveBucketCounts FROM otel_metrics_exponential_histogram WHERE ServiceName = {s:String}`,
      { s: service },
    );
    expect(exp).toHaveLength(1);
    expect(Number(exp[0]!.Count)).toBe(5);
    expect(exp[0]!.Sum).toBe(31);
    expect(exp[0]!.PositiveBucketCounts.map(Number).reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('stores log records with severity, bodies of any type and trace correlation', async () => {
    const logs = await sql<{ SeverityNumber: number; SeverityText: string; Body: string; TraceId: string; SpanId: string; LogAttributes: Record<string, string>; ScopeName: string }>(
      `SELECT SeverityNumber, SeverityText, Body, TraceId, SpanId, LogAttributes, ScopeName FROM otel_logs WHERE ServiceName = {s:String} ORDER BY SeverityNumber DESC`,
      { s: `shop-${t}` },
    );
    expect(logs).toHaveLength(2);
    expect(logs[0]).toEqual({
      SeverityNumber: SeverityNumber.ERROR,
      SeverityText: 'ERROR',
      Body: 'payment failed: card network timed out',
      TraceId: ids.traceId,
      SpanId: ids.rootSpanId,
      LogAttributes: { 'order.id': '1234', retry: 'true' },
      ScopeName: 'e2e-logger',
    });
    expect(JSON.parse(logs[1]!.Body)).toEqual({ event: 'checkout', items: 3 });
  });
});

describe('all three transports together', () => {
  it('stores summaries sent as OTLP/JSON', async () => {
    await sendSummary();
    const rows = await sql<{ Count: number; Sum: number; Q: number[]; V: number[] }>(
      `SELECT Count, Sum, ValueAtQuantiles.Quantile AS Q, ValueAtQuantiles.Value AS V FROM otel_metrics_summary WHERE ServiceName = 'shop-summary'`,
    );
    expect(rows).toEqual([{ Count: 10, Sum: 2.5, Q: [0.5, 0.99], V: [0.2, 0.9] }]);
  });

  it('lists every service with its span, log and data-point counts', async () => {
    const res = await fetch(`${cw.apiUrl}/api/v1/services?from=${Date.now() - 600_000}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { services: Array<{ service: string; spans: number; logRecords: number; dataPoints: number }> };
    for (const t of TRANSPORTS) {
      expect(body.services).toContainEqual({ service: `shop-${t}`, spans: 2, logRecords: 2, dataPoints: 5 });
    }
  });
});
