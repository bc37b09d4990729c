/**
 * Realistic OTLP/protobuf metrics and logs payloads for the decode
 * benchmark, recorded with the OpenTelemetry JS SDK and serialized by its own
 * exporters' serializers, so the bytes are what a real exporter sends. Trace
 * payloads come from bench/ingest/span-payloads.ts.
 *
 * Deterministic: the same bytes on every run (fixed seeds and timestamps).
 */
import { ROOT_CONTEXT, type SpanContext, ValueType, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { ProtobufLogsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, AggregationType, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';

import { ROUTES, SERVICES, prng, serviceResource } from '../ingest/span-payloads.ts';

const METHODS = ['GET', 'POST'];
const STATUS = [200, 404, 500];

/** A reader collected on demand, as a periodic exporting reader would be on its timer. */
class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/**
 * One export of a service's HTTP server, database client and runtime
 * metrics: request durations and body sizes (explicit-bucket histograms), a
 * request counter, in-flight requests, exponential histograms of queue
 * latency, and runtime gauges, over every route x method x status series.
 */
async function metricsExport(service: string, rand: () => number): Promise<Uint8Array> {
  const reader = new CollectingReader({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  const provider = new MeterProvider({
    resource: serviceResource(service, rand),
    readers: [reader],
    views: [{ instrumentName: 'messaging.process.duration', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
  });
  const meter = provider.getMeter('bench.instrumentation', '0.9.0');
  const duration = meter.createHistogram('http.server.request.duration', { unit: 's', description: 'Duration of HTTP server requests.' });
  const bodySize = meter.createHistogram('http.server.request.body.size', { unit: 'By', valueType: ValueType.INT });
  const requests = meter.createCounter('http.server.requests', { unit: '{request}', valueType: ValueType.INT });
  const active = meter.createUpDownCounter('http.server.active_requests', { unit: '{request}', valueType: ValueType.INT });
  const dbDuration = meter.createHistogram('db.client.operation.duration', { unit: 's' });
  const queue = meter.createHistogram('messaging.process.duration', { unit: 's' });
  for (const route of ROUTES) {
    for (const method of METHODS) {
      for (const status of STATUS) {
        const attrs = {
          'http.request.method': method,
          'http.route': route,
          'http.response.status_code': status,
          'url.scheme': 'http',
          'server.address': `${service}.shop.svc.cluster.local`,
          'server.port': 8080,
          'network.protocol.version': '1.1',
        };
        for (let i = 0; i < 8; i++) {
          duration.record(rand() * 0.5, attrs);
          bodySize.record(Math.floor(rand() * 8192), attrs);
          requests.add(1, attrs);
        }
        active.add(Math.floor(rand() * 4), attrs);
      }
    }
    const dbAttrs = { 'db.system': 'postgresql', 'db.namespace': 'shop', 'db.operation.name': 'SELECT', 'db.collection.name': route.split('/')[2] ?? 'items' };
    for (let i = 0; i < 8; i++) dbDuration.record(rand() * 0.05, dbAttrs);
    for (let i = 0; i < 16; i++) queue.record(rand() * 2, { 'messaging.system': 'kafka', 'messaging.destination.name': `${route.split('/')[2] ?? 'x'}-events` });
  }
  meter
    .createObservableGauge('process.cpu.utilization', { unit: '1' })
    .addCallback((r) => {
      for (let cpu = 0; cpu < 8; cpu++) r.observe(rand(), { 'cpu.logical_number': cpu, 'cpu.mode': 'user' });
    });
  meter
    .createObservableGauge('process.memory.usage', { unit: 'By', valueType: ValueType.INT })
    .addCallback((r) => {
      for (const pool of ['heap', 'stack', 'code', 'external']) r.observe(Math.floor(rand() * 2 ** 30), { 'memory.pool': pool });
    });
  const { resourceMetrics, errors } = await reader.collect();
  if (errors.length > 0) throw new Error(`metrics collection failed: ${String(errors[0])}`);
  await provider.shutdown();
  const bytes = ProtobufMetricsSerializer.serializeRequest(resourceMetrics);
  if (!bytes) throw new Error('serializer returned nothing');
  return bytes;
}

/** `requests` ExportMetricsServiceRequests, one service each. */
export async function buildMetricsPayloads(requests: number, seed = 2): Promise<Uint8Array[]> {
  const rand = prng(seed);
  const out: Uint8Array[] = [];
  for (let i = 0; i < requests; i++) out.push(await metricsExport(SERVICES[i % SERVICES.length]!, rand));
  return out;
}

const LOG_MESSAGES = [
  (r: string, s: number, ms: number) => `${r} completed with status ${s} in ${ms} ms`,
  (r: string) => `cache miss for key item:${r.length * 7919}, loading from database`,
  (r: string, s: number) => `upstream call for ${r} returned ${s}, retrying with backoff`,
  () => 'connection pool exhausted: waiting for a free connection (pool size 20)',
];

/** `requests` ExportLogsServiceRequests of `recordsPerRequest` application log records each (one service per request). */
export function buildLogPayloads(requests: number, recordsPerRequest: number, seed = 3): Uint8Array[] {
  const rand = prng(seed);
  const hex = (bytes: number) => Array.from({ length: bytes }, () => Math.floor(rand() * 256).toString(16).padStart(2, '0')).join('');
  const out: Uint8Array[] = [];
  for (let i = 0; i < requests; i++) {
    const service = SERVICES[i % SERVICES.length]!;
    const exporter = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({ resource: serviceResource(service, rand), processors: [new SimpleLogRecordProcessor({ exporter })] });
    const logger = provider.getLogger('bench.logging', '2.3.0');
    for (let j = 0; j < recordsPerRequest; j++) {
      const route = ROUTES[Math.floor(rand() * ROUTES.length)]!;
      const status = STATUS[Math.floor(rand() * STATUS.length)]!;
      const level = status === 500 ? SeverityNumber.ERROR : status === 404 ? SeverityNumber.WARN : SeverityNumber.INFO;
      const message = LOG_MESSAGES[Math.floor(rand() * LOG_MESSAGES.length)]!(route, status, Math.floor(rand() * 900));
      const span: SpanContext = { traceId: hex(16), spanId: hex(8), traceFlags: rand() < 0.5 ? 1 : 0 };
      const seconds = 1_700_000_000 + i * 60 + j / 100;
      logger.emit({
        timestamp: [Math.floor(seconds), Math.floor(rand() * 1e9)],
        observedTimestamp: [Math.floor(seconds), 999_000_000],
        severityNumber: level,
        severityText: level === SeverityNumber.ERROR ? 'ERROR' : level === SeverityNumber.WARN ? 'WARN' : 'INFO',
        body: message,
        attributes: {
          'code.function.name': `handle${route.split('/')[2] ?? 'Request'}`,
          'code.file.path': `/app/src/routes/${route.split('/')[2] ?? 'index'}.ts`,
          'code.line.number': Math.floor(rand() * 400),
          'thread.id': Math.floor(rand() * 16),
          'http.route': route,
          'http.response.status_code': status,
          'app.user.id': `user-${Math.floor(rand() * 1e5)}`,
          'app.request.retry': rand() < 0.1,
        },
        context: trace.setSpanContext(ROOT_CONTEXT, span),
      });
    }
    const bytes = ProtobufLogsSerializer.serializeRequest(exporter.getFinishedLogRecords());
    if (!bytes) throw new Error('serializer returned nothing');
    out.push(bytes);
    void provider.shutdown();
  }
  return out;
}
