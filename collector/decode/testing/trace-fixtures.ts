/**
 * Test support: realistic spans made with the OpenTelemetry JS SDK (fixed ids
 * and timestamps), and the SpanRows they must decode to, written out by hand.
 */
import { type Attributes, type SpanContext, ROOT_CONTEXT, SpanKind, SpanStatusCode, createTraceState, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { SpanRow } from '../../../storage/otel-rows.ts';

export const TRACE_A = '4bf92f3577b34da6a3ce929d0e0e4736';
export const TRACE_B = '0af7651916cd43dd8448eb211c80319c';
const TRACE_REMOTE = 'aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbb';
const TRACE_LINKED = '11111111111111112222222222222222';
const SPAN_IDS = ['00f067aa0ba902b7', '53995c3f42cd8ad8', 'b7ad6b7169203331', 'c0ffee00c0ffee01', 'deadbeef00000001'];
const REMOTE_PARENT = '1000000000000001';
const LINKED_SPAN = '2000000000000002';
const EXOTIC_SPAN = 'f00df00df00df00d';

export const RESOURCE_SCHEMA_URL = 'https://opentelemetry.io/schemas/1.26.0';

const RESOURCE_ATTRIBUTES = {
  'service.name': 'checkout',
  'service.namespace': 'shop',
  'service.version': '1.4.2',
  'host.name': 'node-7',
  'process.pid': 4242,
};

/** The same spans every time: ids from fixed lists, explicit start and end times. */
export function sampleSpans(): ReadableSpan[] {
  const traceIds = [TRACE_A, TRACE_B];
  const spanIds = [...SPAN_IDS];
  const exporter = new InMemorySpanExporter();
  const resource = resourceFromAttributes(RESOURCE_ATTRIBUTES, { schemaUrl: RESOURCE_SCHEMA_URL });
  const provider = new BasicTracerProvider({
    resource,
    spanProcessors: [new SimpleSpanProcessor(exporter)],
    idGenerator: { generateTraceId: () => traceIds.shift() ?? '', generateSpanId: () => spanIds.shift() ?? '' },
  });
  const http = provider.getTracer('checkout-http', '2.1.0');
  const queue = provider.getTracer('orders-queue', '0.9.1');

  const root = http.startSpan('POST /checkout', {
    kind: SpanKind.SERVER,
    startTime: [1700000000, 999999999],
    attributes: {
      'http.request.method': 'POST',
      'http.response.status_code': 500,
      'http.route': '/checkout',
      retried: false,
      'cart.total': 129.95,
      'cart.item_ids': ['sku-1', 'sku-2'],
      'cart.quantities': [1, 3],
      'feature.flags': [true, false],
      'clock.skew_ms': -42,
      'cart.max_safe': 9007199254740991,
    },
  });
  root.addEvent('exception', { 'exception.type': 'PaymentDeclined', 'exception.message': 'card declined' }, [1700000001, 250000000]);
  root.addEvent('retry', [1700000002, 0]);
  root.setStatus({ code: SpanStatusCode.ERROR, message: 'payment failed' });

  const child = http.startSpan(
    'charge card',
    {
      kind: SpanKind.CLIENT,
      startTime: [1700000001, 0],
      attributes: { 'server.address': 'payments.internal', 'server.port': 8443 },
      links: [
        {
          context: { traceId: TRACE_LINKED, spanId: LINKED_SPAN, traceFlags: 1, traceState: createTraceState('vendor=abc') },
          attributes: { 'link.reason': 'batch' },
        },
      ],
    },
    trace.setSpan(ROOT_CONTEXT, root),
  );
  child.setStatus({ code: SpanStatusCode.OK });
  child.end([1700000001, 300000000]);
  root.end([1700000007, 5]);

  const remoteParent: SpanContext = {
    traceId: TRACE_REMOTE,
    spanId: REMOTE_PARENT,
    traceFlags: 1,
    isRemote: true,
    traceState: createTraceState('congo=t61rcWkgMzE,rojo=00f067aa0ba902b7'),
  };
  const internal = http.startSpan('render receipt', { kind: SpanKind.INTERNAL, startTime: [1700000010, 1] }, trace.setSpanContext(ROOT_CONTEXT, remoteParent));
  internal.end([1700000010, 2]);

  const produce = queue.startSpan('orders publish', { kind: SpanKind.PRODUCER, startTime: [1700000020, 0] });
  produce.end([1700000020, 1500]);
  const consume = queue.startSpan('orders process', { kind: SpanKind.CONSUMER, startTime: [1700000021, 0] }, trace.setSpan(ROOT_CONTEXT, produce));
  consume.end([1700000021, 999999999]);

  return [...exporter.getFinishedSpans(), exoticSpan(resource)];
}

/**
 * A span with attribute values the tracing API cannot set but OTLP carries
 * (bytes, maps, mixed arrays), built as a ReadableSpan the way an SDK
 * exporter would hand it over; its kind is left unset.
 */
function exoticSpan(resource: ReadableSpan['resource']): ReadableSpan {
  const context: SpanContext = { traceId: TRACE_A, spanId: EXOTIC_SPAN, traceFlags: 1 };
  const attributes = {
    'payload.bytes': new Uint8Array([0xde, 0xad, 0xbe, 0xef]),
    'http.request.header': { accept: ['application/json'], retry: { count: 2, backoff: 1.5 } },
    'mixed.values': ['a', 1, true, 2.5],
    'empty.string': '',
    'unicode.text': 'caf\u00e9 \u2603',
  } as unknown as Attributes;
  return {
    name: 'exotic',
    kind: undefined as unknown as SpanKind,
    spanContext: () => context,
    parentSpanContext: { traceId: TRACE_A, spanId: SPAN_IDS[0]!, traceFlags: 1 },
    startTime: [1700000030, 0],
    endTime: [1700000029, 0],
    status: { code: SpanStatusCode.UNSET },
    attributes,
    links: [],
    events: [{ name: 'no attributes', time: [1700000030, 5] }],
    duration: [0, 0],
    ended: true,
    resource,
    instrumentationScope: { name: 'manual', version: '' },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

const resourceRow = {
  ServiceName: 'checkout',
  ResourceAttributes: {
    'service.name': 'checkout',
    'service.namespace': 'shop',
    'service.version': '1.4.2',
    'host.name': 'node-7',
    'process.pid': '4242',
  },
};

const noEvents = { 'Events.Timestamp': [], 'Events.Name': [], 'Events.Attributes': [] };
const noLinks = { 'Links.TraceId': [], 'Links.SpanId': [], 'Links.TraceState': [], 'Links.Attributes': [] };

/** What `sampleSpans()` must decode to, by span id. */
export const EXPECTED_SPAN_ROWS: readonly SpanRow[] = [
  {
    Timestamp: '1700000000999999999',
    TraceId: TRACE_A,
    SpanId: '00f067aa0ba902b7',
    ParentSpanId: '',
    TraceState: '',
    SpanName: 'POST /checkout',
    SpanKind: 'Server',
    ...resourceRow,
    ScopeName: 'checkout-http',
    ScopeVersion: '2.1.0',
    SpanAttributes: {
      'http.request.method': 'POST',
      'http.response.status_code': '500',
      'http.route': '/checkout',
      retried: 'false',
      'cart.total': '129.95',
      'cart.item_ids': '["sku-1","sku-2"]',
      'cart.quantities': '[1,3]',
      'feature.flags': '[true,false]',
      'clock.skew_ms': '-42',
      'cart.max_safe': '9007199254740991',
    },
    // 1700000007.000000005 - 1700000000.999999999 s: more than 2^32 ns, so the high words differ.
    Duration: 6000000006,
    StatusCode: 'Error',
    StatusMessage: 'payment failed',
    'Events.Timestamp': ['1700000001250000000', '1700000002000000000'],
    'Events.Name': ['exception', 'retry'],
    'Events.Attributes': [{ 'exception.type': 'PaymentDeclined', 'exception.message': 'card declined' }, {}],
    ...noLinks,
  },
  {
    Timestamp: '1700000001000000000',
    TraceId: TRACE_A,
    SpanId: '53995c3f42cd8ad8',
    ParentSpanId: '00f067aa0ba902b7',
    TraceState: '',
    SpanName: 'charge card',
    SpanKind: 'Client',
    ...resourceRow,
    ScopeName: 'checkout-http',
    ScopeVersion: '2.1.0',
    SpanAttributes: { 'server.address': 'payments.internal', 'server.port': '8443' },
    Duration: 300000000,
    StatusCode: 'Ok',
    StatusMessage: '',
    ...noEvents,
    'Links.TraceId': [TRACE_LINKED],
    'Links.SpanId': [LINKED_SPAN],
    'Links.TraceState': ['vendor=abc'],
    'Links.Attributes': [{ 'link.reason': 'batch' }],
  },
  {
    Timestamp: '1700000010000000001',
    TraceId: TRACE_REMOTE,
    SpanId: 'b7ad6b7169203331',
    ParentSpanId: REMOTE_PARENT,
    TraceState: 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7',
    SpanName: 'render receipt',
    SpanKind: 'Internal',
    ...resourceRow,
    ScopeName: 'checkout-http',
    ScopeVersion: '2.1.0',
    SpanAttributes: {},
    Duration: 1,
    StatusCode: 'Unset',
    StatusMessage: '',
    ...noEvents,
    ...noLinks,
  },
  {
    Timestamp: '1700000020000000000',
    TraceId: TRACE_B,
    SpanId: 'c0ffee00c0ffee01',
    ParentSpanId: '',
    TraceState: '',
    SpanName: 'orders publish',
    SpanKind: 'Producer',
    ...resourceRow,
    ScopeName: 'orders-queue',
    ScopeVersion: '0.9.1',
    SpanAttributes: {},
    Duration: 1500,
    StatusCode: 'Unset',
    StatusMessage: '',
    ...noEvents,
    ...noLinks,
  },
  {
    Timestamp: '1700000021000000000',
    TraceId: TRACE_B,
    SpanId: 'deadbeef00000001',
    ParentSpanId: 'c0ffee00c0ffee01',
    TraceState: '',
    SpanName: 'orders process',
    SpanKind: 'Consumer',
    ...resourceRow,
    ScopeName: 'orders-queue',
    ScopeVersion: '0.9.1',
    SpanAttributes: {},
    Duration: 999999999,
    StatusCode: 'Unset',
    StatusMessage: '',
    ...noEvents,
    ...noLinks,
  },
  {
    Timestamp: '1700000030000000000',
    TraceId: TRACE_A,
    SpanId: EXOTIC_SPAN,
    ParentSpanId: '00f067aa0ba902b7',
    TraceState: '',
    SpanName: 'exotic',
    SpanKind: 'Unspecified',
    ...resourceRow,
    ScopeName: 'manual',
    ScopeVersion: '',
    SpanAttributes: {
      'payload.bytes': '3q2+7w==',
      'http.request.header': '{"accept":["application/json"],"retry":{"count":2,"backoff":1.5}}',
      'mixed.values': '["a",1,true,2.5]',
      'empty.string': '',
      'unicode.text': 'caf\u00e9 \u2603',
    },
    // The end precedes the start: stored as 0, not negative.
    Duration: 0,
    StatusCode: 'Unset',
    StatusMessage: '',
    'Events.Timestamp': ['1700000030000000005'],
    'Events.Name': ['no attributes'],
    'Events.Attributes': [{}],
    ...noLinks,
  },
];

export function bySpanId(rows: readonly SpanRow[]): SpanRow[] {
  return [...rows].sort((a, b) => a.SpanId.localeCompare(b.SpanId));
}
