// OTLP/JSON specifics of decodeTracesJson: accepted spellings, shape errors
// with their paths, and per-span refusals identical to the protobuf path.
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import type { SpanRow } from '../../storage/otel-rows.ts';
import type { DecodedRequest } from './decoded-request.ts';
import { bytes, fixed64, hex, message, string } from './testing/proto-writer.ts';
import { EXPECTED_SPAN_ROWS, bySpanId, sampleSpans } from './testing/trace-fixtures.ts';
import { decodeTracesJson } from './traces-json.ts';
import { decodeTracesProto } from './traces-proto.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const sdkJson = (): Json => JSON.parse(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(sampleSpans())!)) as Json;

/** Applies `f` to every object in the tree (after its children). */
function mapObjects(v: Json, f: (o: { [key: string]: Json }) => { [key: string]: Json }): Json {
  if (Array.isArray(v)) return v.map((x) => mapObjects(x, f));
  if (v === null || typeof v !== 'object') return v;
  const out: { [key: string]: Json } = {};
  for (const [k, x] of Object.entries(v)) out[k] = mapObjects(x, f);
  return f(out);
}

function decoded(body: unknown): DecodedRequest {
  const result = decodeTracesJson(body);
  if (!result.ok) throw new Error(`expected success, got ${result.error.message}`);
  return result.value;
}

function errorOf(body: unknown): string {
  const result = decodeTracesJson(body);
  if (result.ok) throw new Error('expected a decode error');
  expect(result.error.code).toBe('CW_ERR_INGEST_BAD_REQUEST');
  return result.error.message;
}

const TRACE = '5b8efff798038103d269b633813fc60c';
const SPAN = 'eee19b7ec3c1b174';

/** A request with one span whose fields are `span` over a minimal valid span. */
function oneSpan(span: { [key: string]: Json }): Json {
  const base = { traceId: TRACE, spanId: SPAN, name: 'op', startTimeUnixNano: '1000', endTimeUnixNano: '3000' };
  return { resourceSpans: [{ scopeSpans: [{ spans: [{ ...base, ...span }] }] }] };
}

describe('decodeTracesJson', () => {
  it('decodes {} and absent or null arrays to no rows', () => {
    for (const body of [{}, { resourceSpans: null }, { resourceSpans: [] }, { resourceSpans: [{ scopeSpans: [{ spans: null }] }] }]) {
      expect(decoded(body)).toEqual({ signal: 'traces', rows: { traces: [] }, acceptedItems: 0, rejectedItems: 0, rejectionMessage: '' });
    }
  });

  it('accepts snake_case keys', () => {
    const snake = mapObjects(sdkJson(), (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v])));
    expect(JSON.stringify(snake)).toContain('"start_time_unix_nano"');
    expect(bySpanId(decoded(snake).rows.traces!)).toEqual(bySpanId(EXPECTED_SPAN_ROWS));
  });

  it('accepts upper-case hex ids and enum names', () => {
    const kindNames = ['SPAN_KIND_UNSPECIFIED', 'SPAN_KIND_INTERNAL', 'SPAN_KIND_SERVER', 'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER', 'SPAN_KIND_CONSUMER'];
    const codeNames = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'];
    const variant = mapObjects(sdkJson(), (o) => {
      const out = { ...o };
      for (const key of ['traceId', 'spanId', 'parentSpanId']) if (typeof out[key] === 'string') out[key] = (out[key] as string).toUpperCase();
      if (typeof out.kind === 'number') out.kind = kindNames[out.kind]!;
      if (typeof out.code === 'number') out.code = codeNames[out.code]!;
      return out;
    });
    expect(JSON.stringify(variant)).toContain('SPAN_KIND_CONSUMER');
    expect(JSON.stringify(variant)).toContain('4BF92F3577B34DA6A3CE929D0E0E4736');
    expect(bySpanId(decoded(variant).rows.traces!)).toEqual(bySpanId(EXPECTED_SPAN_ROWS));
  });

  it('accepts 64-bit integers as numbers or decimal text, exactly', () => {
    const row: SpanRow = decoded(
      oneSpan({
        startTimeUnixNano: 1000,
        endTimeUnixNano: '0003000',
        kind: '2',
        attributes: [
          { key: 'big', value: { intValue: '9007199254740993' } },
          { key: 'neg', value: { int_value: -5 } },
          { key: 'd', value: { doubleValue: 'NaN' } },
        ],
      }),
    ).rows.traces![0]!;
    expect([row.Timestamp, row.Duration, row.SpanKind]).toEqual(['1000', 2000, 'Server']);
    expect(row.SpanAttributes).toEqual({ big: '9007199254740993', neg: '-5', d: 'NaN' });
  });

  const SHAPE_ERRORS: Array<[string, unknown, string]> = [
    ['a body that is not an object', [], 'request body: expected an object, got an array'],
    ['resourceSpans not an array', { resourceSpans: {} }, 'resourceSpans: expected an array, got an object'],
    ['a resource group that is not an object', { resourceSpans: [7] }, 'resourceSpans[0]: expected an object, got 7'],
    ['scopeSpans not an array', { resourceSpans: [{ scopeSpans: 'x' }] }, 'resourceSpans[0].scopeSpans: expected an array'],
    ['a scope name that is not text', { resourceSpans: [{ scopeSpans: [{ scope: { name: 1 } }] }] }, 'resourceSpans[0].scopeSpans[0].scope.name: expected a string, got 1'],
    ['a span name that is not text', oneSpan({ name: 5 }), 'resourceSpans[0].scopeSpans[0].spans[0].name: expected a string, got 5'],
    ['an unknown kind name', oneSpan({ kind: 'SERVER' }), 'resourceSpans[0].scopeSpans[0].spans[0].kind: expected an integer or an enum name like "SPAN_KIND_UNSPECIFIED", got "SERVER"'],
    ['a timestamp that is not an integer', oneSpan({ startTimeUnixNano: '12abc' }), 'spans[0].startTimeUnixNano: expected a decimal integer, got "12abc"'],
    ['a negative timestamp', oneSpan({ endTimeUnixNano: '-5' }), 'spans[0].endTimeUnixNano: expected a non-negative timestamp, got -5'],
    ['a timestamp beyond 64 bits', oneSpan({ startTimeUnixNano: '18446744073709551616' }), 'spans[0].startTimeUnixNano: timestamp 18446744073709551616 does not fit in 64 bits'],
    ['an id that is not text', oneSpan({ traceId: 123 }), 'spans[0].traceId: expected hex text, got 123'],
    ['an event that is not an object', oneSpan({ events: [null] }), 'spans[0].events[0]: expected an object, got null'],
    ['an event name that is not text', oneSpan({ events: [{ name: 'a' }, { name: true }] }), 'spans[0].events[1].name: expected a string, got true'],
    ['a link trace state that is not text', oneSpan({ links: [{ traceState: [] }] }), 'spans[0].links[0].traceState: expected a string, got an array'],
    ['a status that is not an object', oneSpan({ status: 'ERROR' }), 'spans[0].status: expected an object, got "ERROR"'],
    ['an unknown status code name', oneSpan({ status: { code: 'ERROR' } }), 'spans[0].status.code: expected an integer or an enum name'],
    ['an attribute int that is a fraction', oneSpan({ attributes: [{ key: 'a', value: { intValue: 1.5 } }] }), 'spans[0].attributes[0].value.intValue: expected an integer, got 1.5'],
    ['a dropped count that is not a number', oneSpan({ droppedEventsCount: 'many' }), 'spans[0].droppedEventsCount: expected an integer, got "many"'],
  ];
  it.each(SHAPE_ERRORS)('rejects %s, naming the JSON path', (_name, body, expected) => {
    const message = errorOf(body);
    expect(message.startsWith('invalid ExportTraceServiceRequest (JSON): ')).toBe(true);
    expect(message).toContain(expected);
  });

  it('refuses the same spans as the protobuf path, with the same counts and message', () => {
    const zero = '0'.repeat(32);
    const json = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                { traceId: TRACE, spanId: SPAN, name: 'ok', startTimeUnixNano: '5', endTimeUnixNano: '9' },
                { traceId: TRACE.slice(2), spanId: SPAN },
                { traceId: zero, spanId: SPAN },
                { traceId: TRACE, spanId: '' },
                { traceId: TRACE, spanId: SPAN, parentSpanId: 'abcd' },
                { traceId: TRACE, spanId: SPAN, links: [{ traceId: TRACE, spanId: 'eee19b7ec3c1b1' }] },
              ],
            },
          ],
        },
      ],
    };
    const span = (...f: Uint8Array[]): Uint8Array => message(2, ...f);
    const proto = message(
      1,
      message(
        2,
        span(bytes(1, hex(TRACE)), bytes(2, hex(SPAN)), string(5, 'ok'), fixed64(7, 5n), fixed64(8, 9n)),
        span(bytes(1, hex(TRACE.slice(2))), bytes(2, hex(SPAN))),
        span(bytes(1, hex(zero)), bytes(2, hex(SPAN))),
        span(bytes(1, hex(TRACE)), bytes(2, [])),
        span(bytes(1, hex(TRACE)), bytes(2, hex(SPAN)), bytes(4, hex('abcd'))),
        span(bytes(1, hex(TRACE)), bytes(2, hex(SPAN)), message(13, bytes(1, hex(TRACE)), bytes(2, hex('eee19b7ec3c1b1')))),
      ),
    );
    const fromJson = decodeTracesJson(json);
    expect(fromJson).toEqual(decodeTracesProto(proto));
    expect(fromJson.ok && fromJson.value).toMatchObject({ acceptedItems: 1, rejectedItems: 5 });
    expect(fromJson.ok && fromJson.value.rejectionMessage).toContain('resourceSpans[0].scopeSpans[0].spans[1]: trace_id is 15 bytes, expected 16');
  });

  it('refuses a span whose id is not hex text, keeping the others', () => {
    const value = decoded({
      resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'z'.repeat(32), spanId: SPAN }, { traceId: TRACE, spanId: SPAN.slice(1) }, { traceId: TRACE, spanId: SPAN }] }] }],
    });
    expect(value).toMatchObject({ acceptedItems: 1, rejectedItems: 2 });
    expect(value.rejectionMessage).toBe(
      'rejected 2 item(s): resourceSpans[0].scopeSpans[0].spans[0]: trace_id is not hex text; resourceSpans[0].scopeSpans[0].spans[1]: span_id is not hex text',
    );
  });
});
