// Hand-built protobuf edge cases for decodeTracesProto: field order, unknown
// fields, per-span refusals, 64-bit times, truncation, wrong wire types.
import { describe, expect, it } from 'vitest';
import type { SpanRow } from '../../storage/otel-rows.ts';
import type { DecodedRequest } from './decoded-request.ts';
import {
  bytes,
  concat,
  fixed32,
  fixed64,
  hex,
  message,
  string,
  stringAttribute,
  tag,
  unknownFields,
  varint,
} from './testing/proto-writer.ts';
import { decodeTracesProto } from './traces-proto.ts';

const TRACE = '5b8efff798038103d269b633813fc60c';
const SPAN = 'eee19b7ec3c1b174';
const PARENT = 'eee19b7ec3c1b173';
const LINK_TRACE = '5b8efff798038103d269b633813fc60d';
const LINK_SPAN = 'eee19b7ec3c1b175';
const START = 1_700_000_000_123_456_789n;

// Envelope field numbers (trace_service.proto, trace.proto).
const resourceSpans = (...f: Uint8Array[]): Uint8Array => message(1, ...f);
const scopeSpans = (...f: Uint8Array[]): Uint8Array => message(2, ...f);
const span = (...f: Uint8Array[]): Uint8Array => message(2, ...f);
const resource = message(1, stringAttribute(1, 'service.name', 'cart'), stringAttribute(1, 'host.name', 'h1'));
const scope = message(1, string(1, 'io.cart'), string(2, '1.2.3'), stringAttribute(3, 'scope.attr', 'x'));

/** Every Span field, in field-number order; `unknown` is inserted between fields and inside nested messages. */
function fullSpanFields(unknown: Uint8Array = new Uint8Array()): Uint8Array[] {
  return [
    bytes(1, hex(TRACE)),
    unknown,
    bytes(2, hex(SPAN)),
    string(3, 'rojo=00f067aa0ba902b7'),
    bytes(4, hex(PARENT)),
    string(5, 'GET /cart'),
    varint(6, 3),
    fixed64(7, START),
    fixed64(8, START + 1_500_000_000n),
    message(9, string(1, 'http.route'), unknown, message(2, string(1, '/cart'), unknown)),
    stringAttribute(9, 'http.request.method', 'GET'),
    varint(10, 1),
    message(11, fixed64(1, START + 5n), unknown, string(2, 'cache miss'), stringAttribute(3, 'cache.key', 'k1'), varint(4, 0)),
    message(11, fixed64(1, START + 6n), string(2, 'second')),
    varint(12, 0),
    message(13, bytes(1, hex(LINK_TRACE)), bytes(2, hex(LINK_SPAN)), string(3, 'k=v'), unknown, stringAttribute(4, 'link.kind', 'follows'), varint(5, 0), fixed32(6, 0x101)),
    varint(14, 0),
    message(15, string(2, 'upstream timeout'), unknown, varint(3, 2)),
    fixed32(16, 0x301),
    unknown,
  ];
}

const EXPECTED_FULL_ROW: SpanRow = {
  Timestamp: '1700000000123456789',
  TraceId: TRACE,
  SpanId: SPAN,
  ParentSpanId: PARENT,
  TraceState: 'rojo=00f067aa0ba902b7',
  SpanName: 'GET /cart',
  SpanKind: 'Client',
  ServiceName: 'cart',
  ResourceAttributes: { 'service.name': 'cart', 'host.name': 'h1' },
  ScopeName: 'io.cart',
  ScopeVersion: '1.2.3',
  SpanAttributes: { 'http.route': '/cart', 'http.request.method': 'GET' },
  Duration: 1_500_000_000,
  StatusCode: 'Error',
  StatusMessage: 'upstream timeout',
  'Events.Timestamp': ['1700000000123456794', '1700000000123456795'],
  'Events.Name': ['cache miss', 'second'],
  'Events.Attributes': [{ 'cache.key': 'k1' }, {}],
  'Links.TraceId': [LINK_TRACE],
  'Links.SpanId': [LINK_SPAN],
  'Links.TraceState': ['k=v'],
  'Links.Attributes': [{ 'link.kind': 'follows' }],
};

function decoded(body: Uint8Array): DecodedRequest {
  const result = decodeTracesProto(body);
  if (!result.ok) throw new Error(`expected success, got ${result.error.message}`);
  return result.value;
}

function errorOf(body: Uint8Array): string {
  const result = decodeTracesProto(body);
  if (result.ok) throw new Error('expected a decode error');
  expect(result.error.code).toBe('CW_ERR_INGEST_BAD_REQUEST');
  expect(result.error.httpStatus).toBe(400);
  return result.error.message;
}

/** Field number of an encoded field (its leading tag varint). */
function fieldNumberOf(field: Uint8Array): number {
  let value = 0;
  for (let i = 0, shift = 0; i < 5; i++, shift += 7) {
    const b = field[i]!;
    value |= (b & 0x7f) << shift;
    if (b < 0x80) break;
  }
  return value >>> 3;
}

/** A minimal valid span with the given extra or replacing fields. */
function simpleSpan(traceId: Uint8Array, spanId: Uint8Array, ...more: Uint8Array[]): Uint8Array {
  return span(bytes(1, traceId), bytes(2, spanId), string(5, 'op'), fixed64(7, START), fixed64(8, START + 10n), ...more);
}

describe('decodeTracesProto', () => {
  it('decodes an empty body (and a request of unknown fields only) to no rows', () => {
    for (const body of [new Uint8Array(), unknownFields()]) {
      expect(decoded(body)).toEqual({ signal: 'traces', rows: { traces: [] }, acceptedItems: 0, rejectedItems: 0, rejectionMessage: '' });
    }
  });

  it('decodes every span field', () => {
    const body = resourceSpans(resource, scopeSpans(scope, span(...fullSpanFields())));
    expect(decoded(body).rows.traces).toEqual([EXPECTED_FULL_ROW]);
  });

  it('gives the same row whatever the field order, with the resource and scope after the spans', () => {
    // Highest field number first; a stable sort keeps repeated fields (events, attributes) in their order.
    const shuffled = fullSpanFields().filter((f) => f.length > 0).sort((a, b) => fieldNumberOf(b) - fieldNumberOf(a));
    expect(shuffled.map(fieldNumberOf)).toEqual([16, 15, 14, 13, 12, 11, 11, 10, 9, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    const body = resourceSpans(
      string(3, 'https://opentelemetry.io/schemas/1.26.0'),
      scopeSpans(string(3, 'https://scope'), span(...shuffled), scope),
      resource,
    );
    expect(decoded(body).rows.traces).toEqual([EXPECTED_FULL_ROW]);
  });

  it('skips unknown fields of every wire type at every level', () => {
    const u = unknownFields();
    const body = concat(
      u,
      resourceSpans(u, message(1, u, stringAttribute(1, 'service.name', 'cart'), stringAttribute(1, 'host.name', 'h1')), u, scopeSpans(u, scope, u, span(...fullSpanFields(u)), u), u),
      u,
    );
    expect(decoded(body).rows.traces).toEqual([EXPECTED_FULL_ROW]);
  });

  it('merges a resource sent twice, as protobuf merges repeated message fields', () => {
    const body = resourceSpans(
      message(1, stringAttribute(1, 'service.name', 'old'), stringAttribute(1, 'a', '1')),
      scopeSpans(simpleSpan(hex(TRACE), hex(SPAN))),
      message(1, stringAttribute(1, 'service.name', 'cart')),
    );
    const row = decoded(body).rows.traces![0]!;
    expect(row.ServiceName).toBe('cart');
    expect(row.ResourceAttributes).toEqual({ 'service.name': 'cart', a: '1' });
  });

  it('refuses spans with invalid ids one by one and keeps the rest (partial success)', () => {
    const body = concat(
      resourceSpans(
        resource,
        scopeSpans(
          simpleSpan(hex(TRACE), hex(SPAN)),
          simpleSpan(hex(TRACE).subarray(0, 15), hex(SPAN)),
          simpleSpan(new Uint8Array(16), hex(SPAN)),
        ),
        scopeSpans(simpleSpan(hex(TRACE), new Uint8Array())),
      ),
      resourceSpans(
        scopeSpans(simpleSpan(hex(TRACE), hex(SPAN), bytes(4, [1, 2, 3, 4]))),
        scopeSpans(
          simpleSpan(hex(TRACE), hex(PARENT), message(13, bytes(1, hex(LINK_TRACE)), bytes(2, hex(LINK_SPAN).subarray(1)))),
          simpleSpan(hex(TRACE), hex(PARENT), bytes(4, new Uint8Array(8)), message(13, string(3, 'no ids'))),
        ),
      ),
    );
    const value = decoded(body);
    expect(value.acceptedItems).toBe(2);
    expect(value.rejectedItems).toBe(5);
    expect(value.rows.traces!.map((r) => [r.SpanId, r.ParentSpanId, r['Links.TraceId']])).toEqual([
      [SPAN, '', []],
      // An all-zero parent id means no parent; a link without ids is kept as empty ids.
      [PARENT, '', ['']],
    ]);
    expect(value.rejectionMessage).toBe(
      'rejected 5 item(s): ' +
        'resourceSpans[0].scopeSpans[0].spans[1]: trace_id is 15 bytes, expected 16; ' +
        'resourceSpans[0].scopeSpans[0].spans[2]: trace_id is all zero; ' +
        'resourceSpans[0].scopeSpans[1].spans[0]: span_id is missing; ' +
        'resourceSpans[1].scopeSpans[0].spans[0]: parent_span_id is 4 bytes, expected 8; ' +
        'resourceSpans[1].scopeSpans[1].spans[0]: links[0].span_id is 7 bytes, expected 8',
    );
  });

  it('keeps 64-bit times exact and never stores a negative duration', () => {
    const cases: Array<[bigint | undefined, bigint | undefined, string, number]> = [
      [START, START - 1n, '1700000000123456789', 0],
      // A missing start is not a start: no decades-long duration.
      [undefined, START, '0', 0],
      [START, undefined, '1700000000123456789', 0],
      [2n ** 64n - 1n, 2n ** 64n - 1n, '18446744073709551615', 0],
      [(2n ** 32n) - 1n, 2n ** 32n, '4294967295', 1],
      [5n, 2n ** 53n + 4n, '5', 2 ** 53 - 1],
      [START, START + 2n ** 32n + 7n, '1700000000123456789', 2 ** 32 + 7],
    ];
    for (const [start, end, timestamp, duration] of cases) {
      const fields = [bytes(1, hex(TRACE)), bytes(2, hex(SPAN))];
      if (start !== undefined) fields.push(fixed64(7, start));
      if (end !== undefined) fields.push(fixed64(8, end));
      const row = decoded(resourceSpans(scopeSpans(span(...fields)))).rows.traces![0]!;
      expect([row.Timestamp, row.Duration]).toEqual([timestamp, duration]);
    }
  });

  it('maps unknown span kinds and status codes to Unspecified and Unset', () => {
    const row = decoded(resourceSpans(scopeSpans(simpleSpan(hex(TRACE), hex(SPAN), varint(6, 9), message(15, varint(3, 7)))))).rows.traces![0]!;
    expect([row.SpanKind, row.StatusCode]).toEqual(['Unspecified', 'Unset']);
  });

  it('returns an error for every truncation of a valid request, without throwing', () => {
    const body = resourceSpans(resource, scopeSpans(scope, span(...fullSpanFields())));
    expect(decoded(body).acceptedItems).toBe(1);
    for (let length = 1; length < body.length; length++) {
      const message = errorOf(body.subarray(0, length));
      expect(message).toMatch(/^invalid ExportTraceServiceRequest \(protobuf\): .+ at byte \d+, in (ExportTraceServiceRequest|resourceSpans\[0\])/);
    }
  });

  it('names the byte offset and the message path of a truncation', () => {
    const body = resourceSpans(scopeSpans(simpleSpan(hex(TRACE), hex(SPAN))));
    // Declare the span 100 bytes longer than the bytes that follow.
    const spanStart = body.indexOf(0x12, 4);
    const broken = concat(body.subarray(0, spanStart + 1), new Uint8Array([body[spanStart + 1]! + 100]), body.subarray(spanStart + 2));
    expect(errorOf(broken)).toContain('in resourceSpans[0].scopeSpans[0]');
    expect(errorOf(broken)).toMatch(/truncated field: need \d+ bytes, \d+ left at byte \d+/);
  });

  const WRONG_WIRE_TYPES: Array<[string, Uint8Array, string, string]> = [
    ['request.resource_spans', varint(1, 1), 'ExportTraceServiceRequest.resource_spans', 'ExportTraceServiceRequest'],
    ['ResourceSpans.resource', resourceSpans(varint(1, 1)), 'ResourceSpans.resource', 'resourceSpans[0]'],
    ['ResourceSpans.schema_url', resourceSpans(fixed32(3, 1)), 'ResourceSpans.schema_url', 'resourceSpans[0]'],
    ['ScopeSpans.spans', resourceSpans(scopeSpans(fixed32(2, 1))), 'ScopeSpans.spans', 'resourceSpans[0].scopeSpans[0]'],
    ['scope name', resourceSpans(scopeSpans(message(1, varint(1, 1)))), 'InstrumentationScope.name', 'resourceSpans[0].scopeSpans[0].scope'],
    ['Span.name', resourceSpans(scopeSpans(span(varint(5, 1)))), 'Span.name', 'resourceSpans[0].scopeSpans[0].spans[0]'],
    ['Span.trace_id', resourceSpans(scopeSpans(span(fixed64(1, 1n)))), 'Span.trace_id', 'resourceSpans[0].scopeSpans[0].spans[0]'],
    ['Span.kind', resourceSpans(scopeSpans(span(string(6, 'x')))), 'Span.kind', 'resourceSpans[0].scopeSpans[0].spans[0]'],
    ['Span.start_time', resourceSpans(scopeSpans(span(varint(7, 1)))), 'Span.start_time_unix_nano', 'resourceSpans[0].scopeSpans[0].spans[0]'],
    ['Span.dropped_events_count', resourceSpans(scopeSpans(span(fixed32(12, 1)))), 'Span.dropped_events_count', 'resourceSpans[0].scopeSpans[0].spans[0]'],
    ['Span.flags', resourceSpans(scopeSpans(span(fixed64(16, 1n)))), 'Span.flags', 'resourceSpans[0].scopeSpans[0].spans[0]'],
    ['AnyValue.string_value', resourceSpans(scopeSpans(span(stringAttribute(9, 'a', 'b'), message(9, string(1, 'k'), message(2, varint(1, 1)))))), 'AnyValue.string_value', 'resourceSpans[0].scopeSpans[0].spans[0].attributes[1]'],
    ['AnyValue.bool_value', resourceSpans(scopeSpans(span(message(9, string(1, 'k'), message(2, fixed32(2, 1)))))), 'AnyValue.bool_value', 'resourceSpans[0].scopeSpans[0].spans[0].attributes[0]'],
    ['AnyValue.int_value', resourceSpans(scopeSpans(span(message(9, string(1, 'k'), message(2, fixed64(3, 1n)))))), 'AnyValue.int_value', 'resourceSpans[0].scopeSpans[0].spans[0].attributes[0]'],
    ['AnyValue.double_value', resourceSpans(scopeSpans(span(message(9, string(1, 'k'), message(2, varint(4, 1)))))), 'AnyValue.double_value', 'resourceSpans[0].scopeSpans[0].spans[0].attributes[0]'],
    ['ArrayValue.values', resourceSpans(scopeSpans(span(message(9, string(1, 'k'), message(2, message(5, varint(1, 1))))))), 'ArrayValue.values', 'resourceSpans[0].scopeSpans[0].spans[0].attributes[0]'],
    ['KeyValueList.values', resourceSpans(scopeSpans(span(message(9, string(1, 'k'), message(2, message(6, varint(1, 1))))))), 'KeyValueList.values', 'resourceSpans[0].scopeSpans[0].spans[0].attributes[0]'],
    ['KeyValue.key', resourceSpans(scopeSpans(span(message(9, fixed32(1, 5), message(2, string(1, 'no key')))))), 'KeyValue.key', 'resourceSpans[0].scopeSpans[0].spans[0].attributes[0]'],
    ['KeyValue.value', resourceSpans(scopeSpans(span(message(9, string(1, 'k'), varint(2, 1))))), 'KeyValue.value', 'resourceSpans[0].scopeSpans[0].spans[0].attributes[0]'],
    ['a kvlist entry key', resourceSpans(scopeSpans(span(message(9, string(1, 'k'), message(2, message(6, message(1, varint(1, 1)))))))), 'KeyValue.key', 'resourceSpans[0].scopeSpans[0].spans[0].attributes[0]'],
    ['Resource.attributes', resourceSpans(message(1, varint(1, 1))), 'Resource.attributes', 'resourceSpans[0].resource'],
    ['a resource attribute key', resourceSpans(message(1, message(1, varint(1, 1)))), 'KeyValue.key', 'resourceSpans[0].resource'],
    ['scope dropped_attributes_count', resourceSpans(scopeSpans(message(1, fixed64(4, 1n)))), 'InstrumentationScope.dropped_attributes_count', 'resourceSpans[0].scopeSpans[0].scope'],
    ['Event.time', resourceSpans(scopeSpans(span(message(11, string(2, 'ok')), message(11, fixed32(1, 1))))), 'Span.Event.time_unix_nano', 'resourceSpans[0].scopeSpans[0].spans[0].events[1]'],
    ['Link.trace_id', resourceSpans(scopeSpans(span(message(13, varint(1, 1))))), 'Span.Link.trace_id', 'resourceSpans[0].scopeSpans[0].spans[0].links[0]'],
    ['Status.code', resourceSpans(scopeSpans(span(message(15, string(3, 'ERROR'))))), 'Status.code', 'resourceSpans[0].scopeSpans[0].spans[0].status'],
  ];
  it.each(WRONG_WIRE_TYPES)('rejects a wrong wire type for %s, naming the field and the path', (_name, body, field, path) => {
    const message = errorOf(body);
    expect(message).toContain(`field ${field} has wire type`);
    expect(message).toMatch(/at byte \d+/);
    expect(message.endsWith(`in ${path}`)).toBe(true);
  });

  it('rejects group wire types and field number 0 as malformed', () => {
    expect(errorOf(concat(tag(7, 3), tag(7, 4)))).toContain('unsupported wire type 3');
    expect(errorOf(resourceSpans(scopeSpans(span(tag(0, 0), new Uint8Array([1])))))).toContain('invalid field number 0');
  });
});
