/**
 * Test support: realistic log records made with the OpenTelemetry JS SDK
 * (fixed timestamps and trace context), and the LogRows they must decode to,
 * written out by hand.
 */
import { ROOT_CONTEXT, type SpanContext, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, type ReadableLogRecord, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { LogRow } from '../../../storage/otel-rows.ts';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const UNSAMPLED_TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const UNSAMPLED_SPAN_ID = 'b7ad6b7169203331';
const RESOURCE_SCHEMA_URL = 'https://opentelemetry.io/schemas/1.26.0';
const SCOPE_SCHEMA_URL = 'https://opentelemetry.io/schemas/1.24.0';

export function sampleLogRecords(): ReadableLogRecord[] {
  const exporter = new InMemoryLogRecordExporter();
  const resource = resourceFromAttributes(
    { 'service.name': 'payments', 'deployment.environment.name': 'prod', 'k8s.pod.uid': 7 },
    { schemaUrl: RESOURCE_SCHEMA_URL },
  );
  const provider = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter })] });
  const logger = provider.getLogger('payments-api', '3.0.0', { schemaUrl: SCOPE_SCHEMA_URL });
  const sampled: SpanContext = { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1 };
  const unsampled: SpanContext = { traceId: UNSAMPLED_TRACE_ID, spanId: UNSAMPLED_SPAN_ID, traceFlags: 0 };

  logger.emit({
    timestamp: [1700000100, 123456789],
    observedTimestamp: [1700000100, 200000000],
    severityNumber: SeverityNumber.ERROR,
    severityText: 'ERROR',
    body: 'card declined for order 1234',
    attributes: { 'order.id': 1234, 'payment.amount': 99.5, retryable: true },
    eventName: 'payment.declined',
    context: trace.setSpanContext(ROOT_CONTEXT, sampled),
  });
  logger.emit({
    timestamp: [1700000102, 0],
    observedTimestamp: [1700000102, 1],
    severityNumber: SeverityNumber.WARN2,
    body: new Uint8Array([1, 2, 3]),
    context: trace.setSpanContext(ROOT_CONTEXT, unsampled),
  });
  logger.emit({ timestamp: [1700000103, 0], observedTimestamp: [1700000103, 0], severityNumber: SeverityNumber.DEBUG, body: 2.5 });
  logger.emit({ timestamp: [1700000104, 0], observedTimestamp: [1700000104, 0], body: ['a', 1] });
  logger.emit({ timestamp: [1700000105, 0], observedTimestamp: [1700000105, 0], body: false });
  logger.emit({ timestamp: [1700000106, 0], observedTimestamp: [1700000106, 0], severityNumber: SeverityNumber.FATAL4, severityText: 'panic' });

  const emitted = exporter.getFinishedLogRecords();
  return [...emitted, untimedRecord(emitted[0]!), scopedRecord(resource)];
}

/**
 * A record without an event time (0: unknown), as collectors forward records
 * whose source had none. The logs API always stamps one, so this record is
 * built as a ReadableLogRecord in the same resource and scope as `sibling`.
 */
function untimedRecord(sibling: ReadableLogRecord): ReadableLogRecord {
  return {
    hrTime: [0, 0],
    hrTimeObserved: [1700000101, 5],
    severityNumber: SeverityNumber.INFO,
    severityText: 'INFO',
    body: { user: 'u-1', items: [1, 2], nested: { ok: true } },
    resource: sibling.resource,
    instrumentationScope: sibling.instrumentationScope,
    attributes: {},
    droppedAttributesCount: 0,
  };
}

/**
 * A record from a scope with attributes (which the logs API has no way to
 * set) and flags with bits above the W3C trace flags, built as a
 * ReadableLogRecord the way an SDK exporter would hand it over.
 */
function scopedRecord(resource: ReadableLogRecord['resource']): ReadableLogRecord {
  return {
    hrTime: [1700000107, 42],
    hrTimeObserved: [1700000107, 43],
    spanContext: { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 0x101 },
    severityNumber: SeverityNumber.INFO3,
    severityText: 'notice',
    body: 'audit entry',
    resource,
    instrumentationScope: { name: 'audit', version: '1', schemaUrl: 'https://example.com/audit-schema', attributes: { 'scope.tier': 'gold' } },
    attributes: { 'audit.actor': 'alice', 'audit.tags': ['pci', 'sox'] },
    droppedAttributesCount: 0,
  };
}

const common = {
  ServiceName: 'payments',
  ResourceSchemaUrl: RESOURCE_SCHEMA_URL,
  ResourceAttributes: { 'service.name': 'payments', 'deployment.environment.name': 'prod', 'k8s.pod.uid': '7' },
  ScopeSchemaUrl: SCOPE_SCHEMA_URL,
  ScopeName: 'payments-api',
  ScopeVersion: '3.0.0',
  ScopeAttributes: {},
  EventName: '',
};
const noTrace = { TraceId: '', SpanId: '', TraceFlags: 0 };

/** What `sampleLogRecords()` must decode to (compare after `sortLogRows`). */
export const EXPECTED_LOG_ROWS: readonly LogRow[] = [
  {
    ...common,
    Timestamp: '1700000100123456789',
    TraceId: TRACE_ID,
    SpanId: SPAN_ID,
    TraceFlags: 1,
    SeverityText: 'ERROR',
    SeverityNumber: 17,
    Body: 'card declined for order 1234',
    LogAttributes: { 'order.id': '1234', 'payment.amount': '99.5', retryable: 'true' },
    EventName: 'payment.declined',
  },
  {
    ...common,
    ...noTrace,
    Timestamp: '1700000101000000005',
    SeverityText: 'INFO',
    SeverityNumber: 9,
    Body: '{"user":"u-1","items":[1,2],"nested":{"ok":true}}',
    LogAttributes: {},
  },
  {
    ...common,
    Timestamp: '1700000102000000000',
    TraceId: UNSAMPLED_TRACE_ID,
    SpanId: UNSAMPLED_SPAN_ID,
    TraceFlags: 0,
    SeverityText: '',
    SeverityNumber: 14,
    Body: 'AQID',
    LogAttributes: {},
  },
  { ...common, ...noTrace, Timestamp: '1700000103000000000', SeverityText: '', SeverityNumber: 5, Body: '2.5', LogAttributes: {} },
  { ...common, ...noTrace, Timestamp: '1700000104000000000', SeverityText: '', SeverityNumber: 0, Body: '["a",1]', LogAttributes: {} },
  { ...common, ...noTrace, Timestamp: '1700000105000000000', SeverityText: '', SeverityNumber: 0, Body: 'false', LogAttributes: {} },
  { ...common, ...noTrace, Timestamp: '1700000106000000000', SeverityText: 'panic', SeverityNumber: 24, Body: '', LogAttributes: {} },
  {
    ...common,
    Timestamp: '1700000107000000042',
    TraceId: TRACE_ID,
    SpanId: SPAN_ID,
    TraceFlags: 1,
    SeverityText: 'notice',
    SeverityNumber: 11,
    Body: 'audit entry',
    ScopeSchemaUrl: 'https://example.com/audit-schema',
    ScopeName: 'audit',
    ScopeVersion: '1',
    ScopeAttributes: { 'scope.tier': 'gold' },
    LogAttributes: { 'audit.actor': 'alice', 'audit.tags': '["pci","sox"]' },
  },
];

/** Rows in timestamp order (the serializers group records by scope). */
export function sortLogRows(rows: readonly LogRow[]): LogRow[] {
  return [...rows].sort((a, b) => a.Timestamp.localeCompare(b.Timestamp));
}
