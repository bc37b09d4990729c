// Fuzzing the traces and logs decoders: random bytes, mutations of valid
// protobuf requests, random JSON and mutations of valid JSON requests. The
// decoders must never throw, must fail only with CW_ERR_INGEST_BAD_REQUEST,
// and whatever they accept must still satisfy the row encoding contract of
// storage/otel-rows.ts.
import { JsonLogsSerializer, JsonTraceSerializer, ProtobufLogsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../core/result.ts';
import type { AttributeMap } from '../../storage/otel-rows.ts';
import type { DecodedRequest } from './decoded-request.ts';
import { decodeLogsJson } from './logs-json.ts';
import { decodeLogsProto } from './logs-proto.ts';
import { sampleLogRecords } from './testing/log-fixtures.ts';
import { bytes, fixed64, hex, message, string, stringAttribute, unknownFields, varint } from './testing/proto-writer.ts';
import { sampleSpans } from './testing/trace-fixtures.ts';
import { decodeTracesJson } from './traces-json.ts';
import { decodeTracesProto } from './traces-proto.ts';

const DECIMAL = /^(0|[1-9]\d*)$/;
const TRACE_ID = /^([0-9a-f]{32})?$/;
const SPAN_ID = /^([0-9a-f]{16})?$/;

function isAttributeMap(m: AttributeMap): boolean {
  return typeof m === 'object' && m !== null && Object.values(m).every((v) => typeof v === 'string');
}

/** Throws (failing the property) unless `result` is a well-formed success or a bad-request error. */
function checkResult(result: Result<DecodedRequest>): void {
  if (!result.ok) {
    expect(result.error.code).toBe('CW_ERR_INGEST_BAD_REQUEST');
    expect(result.error.message.length).toBeGreaterThan(0);
    return;
  }
  const v = result.value;
  const rows = v.signal === 'traces' ? v.rows.traces : v.rows.logs;
  expect(rows?.length).toBe(v.acceptedItems);
  expect(v.rejectedItems === 0).toBe(v.rejectionMessage === '');
  for (const r of v.rows.traces ?? []) {
    expect(r.Timestamp).toMatch(DECIMAL);
    expect(r.TraceId).toMatch(/^[0-9a-f]{32}$/);
    expect(r.SpanId).toMatch(/^[0-9a-f]{16}$/);
    expect(r.ParentSpanId).toMatch(SPAN_ID);
    expect(Number.isInteger(r.Duration) && r.Duration >= 0).toBe(true);
    expect(isAttributeMap(r.SpanAttributes) && isAttributeMap(r.ResourceAttributes)).toBe(true);
    const events = r['Events.Timestamp'].length;
    expect([r['Events.Name'].length, r['Events.Attributes'].length]).toEqual([events, events]);
    for (const t of r['Events.Timestamp']) expect(t).toMatch(DECIMAL);
    const links = r['Links.TraceId'].length;
    expect([r['Links.SpanId'].length, r['Links.TraceState'].length, r['Links.Attributes'].length]).toEqual([links, links, links]);
    for (const id of r['Links.TraceId']) expect(id).toMatch(TRACE_ID);
    for (const id of r['Links.SpanId']) expect(id).toMatch(SPAN_ID);
  }
  for (const r of v.rows.logs ?? []) {
    expect(r.Timestamp).toMatch(DECIMAL);
    expect(r.TraceId).toMatch(TRACE_ID);
    expect(r.SpanId).toMatch(SPAN_ID);
    expect(r.TraceFlags >= 0 && r.TraceFlags <= 255).toBe(true);
    expect(typeof r.Body).toBe('string');
    expect(isAttributeMap(r.LogAttributes) && isAttributeMap(r.ScopeAttributes)).toBe(true);
  }
}

/** Runs `decode` and fails the property if it throws (rather than letting the throw look like a test error). */
function neverThrows<T>(decode: (body: T) => Result<DecodedRequest>, body: T): void {
  let result: Result<DecodedRequest>;
  try {
    result = decode(body);
  } catch (e) {
    throw new Error(`decoder threw: ${String(e)}`, { cause: e });
  }
  checkResult(result);
}

const handBuiltTraces = message(
  1,
  message(1, stringAttribute(1, 'service.name', 'svc')),
  message(
    2,
    message(1, string(1, 'scope')),
    message(
      2,
      bytes(1, hex('5b8efff798038103d269b633813fc60c')),
      bytes(2, hex('eee19b7ec3c1b174')),
      fixed64(7, 1_700_000_000_000_000_000n),
      fixed64(8, 1_700_000_000_000_000_500n),
      varint(6, 2),
      unknownFields(),
      message(11, fixed64(1, 5n), string(2, 'event')),
      message(13, bytes(1, hex('5b8efff798038103d269b633813fc60d')), bytes(2, hex('eee19b7ec3c1b175'))),
      message(15, varint(3, 2), string(2, 'error')),
    ),
  ),
);

const TRACE_SEEDS = [ProtobufTraceSerializer.serializeRequest(sampleSpans())!, handBuiltTraces];
const LOG_SEEDS = [ProtobufLogsSerializer.serializeRequest(sampleLogRecords())!];
const JSON_TRACES: unknown = JSON.parse(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(sampleSpans())!));
const JSON_LOGS: unknown = JSON.parse(new TextDecoder().decode(JsonLogsSerializer.serializeRequest(sampleLogRecords())!));

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; data: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'set'; at: number; value: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), data: fc.uint8Array({ minLength: 1, maxLength: 12 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.constantFrom(0x00, 0x7f, 0x80, 0xff, 0x0a, 0x12, 0x08) }),
);

function mutate(seed: Uint8Array, mutations: Mutation[]): Uint8Array {
  let b = Uint8Array.from(seed);
  for (const m of mutations) {
    if (b.length === 0) break;
    const at = m.at % b.length;
    switch (m.kind) {
      case 'flip':
        b[at] = b[at]! ^ (1 << m.bit);
        break;
      case 'set':
        b[at] = m.value;
        break;
      case 'truncate':
        b = b.slice(0, at);
        break;
      case 'insert':
        b = Uint8Array.from([...b.subarray(0, at), ...m.data, ...b.subarray(at)]);
        break;
      case 'delete':
        b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + m.length)]);
        break;
    }
  }
  return b;
}

/** Every [container, key] position in a JSON tree, so a mutation can replace any value. */
function positions(v: unknown, out: Array<[Record<string, unknown> | unknown[], string | number]> = []): Array<[Record<string, unknown> | unknown[], string | number]> {
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      out.push([v, i]);
      positions(x, out);
    });
  } else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.push([v as Record<string, unknown>, k]);
      positions(x, out);
    }
  }
  return out;
}

function mutateJson(seed: unknown, replacements: Array<[number, unknown]>): unknown {
  const copy: unknown = structuredClone(seed);
  for (const [index, value] of replacements) {
    const all = positions(copy);
    if (all.length === 0) break;
    const [container, key] = all[index % all.length]!;
    (container as Record<string | number, unknown>)[key] = structuredClone(value);
  }
  return copy;
}

/** JSON values shaped like OTLP fragments, so mutations also reach deep branches. */
const otlpish: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('SPAN_KIND_SERVER', 'STATUS_CODE_ERROR', 'SEVERITY_NUMBER_WARN', '', '0', '-1', '18446744073709551616', 'ABCDEF', 'zz'),
  fc.record({ stringValue: fc.string() }),
  fc.record({ intValue: fc.oneof(fc.integer(), fc.string()) }),
  fc.record({ arrayValue: fc.record({ values: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }) }) }),
  fc.record({ kvlistValue: fc.record({ values: fc.array(fc.record({ key: fc.string(), value: fc.jsonValue({ maxDepth: 2 }) }), { maxLength: 3 }) }) }),
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), maxLength: 34 }),
);

describe('decoders under fuzzing', () => {
  it('random bytes never make the protobuf decoders throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (body) => {
        neverThrows(decodeTracesProto, body);
        neverThrows(decodeLogsProto, body);
      }),
      { numRuns: 3000 },
    );
  });

  it('mutated valid protobuf requests never make the decoders throw', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TRACE_SEEDS), fc.array(mutation, { minLength: 1, maxLength: 4 }), (seed, mutations) => {
        neverThrows(decodeTracesProto, mutate(seed, mutations));
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.constantFrom(...LOG_SEEDS), fc.array(mutation, { minLength: 1, maxLength: 4 }), (seed, mutations) => {
        neverThrows(decodeLogsProto, mutate(seed, mutations));
      }),
      { numRuns: 3000 },
    );
  });

  it('random JSON values never make the JSON decoders throw', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        neverThrows(decodeTracesJson, body);
        neverThrows(decodeLogsJson, body);
        neverThrows(decodeTracesJson, { resourceSpans: [{ scopeSpans: [{ spans: [body] }] }] });
        neverThrows(decodeLogsJson, { resourceLogs: [{ scopeLogs: [{ logRecords: [body] }] }] });
      }),
      { numRuns: 2000 },
    );
  });

  it('mutated valid JSON requests never make the decoders throw', () => {
    const replacements = fc.array(fc.tuple(fc.nat(), otlpish), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(replacements, (r) => {
        neverThrows(decodeTracesJson, mutateJson(JSON_TRACES, r));
        neverThrows(decodeLogsJson, mutateJson(JSON_LOGS, r));
      }),
      { numRuns: 1500 },
    );
  });

  it('the seeds themselves decode successfully (the mutations start from valid requests)', () => {
    for (const seed of TRACE_SEEDS) expect(decodeTracesProto(seed).ok).toBe(true);
    for (const seed of LOG_SEEDS) expect(decodeLogsProto(seed).ok).toBe(true);
    expect(decodeTracesJson(JSON_TRACES).ok).toBe(true);
    expect(decodeLogsJson(JSON_LOGS).ok).toBe(true);
  });
});

describe('deep nesting', () => {
  it('refuses AnyValues nested thousands deep with an error, not a stack overflow', () => {
    // The fields of an AnyValue: { string_value }, then wrapped as { array_value: { values: [previous] } }.
    let value = string(1, 'leaf');
    for (let i = 0; i < 3000; i++) value = message(5, message(1, value));
    const proto = message(1, message(2, message(2, bytes(1, hex('5b8efff798038103d269b633813fc60c')), bytes(2, hex('eee19b7ec3c1b174')), message(9, string(1, 'k'), message(2, value)))));
    const protoResult = decodeTracesProto(proto);
    expect(!protoResult.ok && protoResult.error.message).toMatch(/AnyValue nested deeper than \d+/);

    let json: unknown = { stringValue: 'leaf' };
    for (let i = 0; i < 3000; i++) json = { arrayValue: { values: [json] } };
    const jsonResult = decodeLogsJson({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: json }] }] }] });
    expect(!jsonResult.ok && jsonResult.error.message).toMatch(/logRecords\[0\]\.body(\.arrayValue\.values\[0\])+: AnyValue nested deeper than \d+/);
  });
});
