/**
 * Property tests for the metrics decoders:
 * - no input, random or mutated, makes either decoder throw; every result is
 *   a success whose counts add up or a CW_ERR_INGEST_BAD_REQUEST;
 * - random valid metric data encoded as protobuf and as OTLP/JSON decodes to
 *   identical results.
 * Runs are seeded so that a failure reproduces.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../core/result.ts';
import type { DecodedRequest } from './decoded-request.ts';
import { decodeMetricsJson } from './metrics-json.ts';
import { decodeMetricsProto } from './metrics-proto.ts';
import { handBuiltJson, handBuiltRequest } from './testing/metrics-fixtures.ts';
import { partialJson, partialRequest } from './testing/metrics-partial.ts';
import * as pb from './testing/proto-writer.ts';
import { jsonKeyValue, keyValue } from './testing/proto-writer.ts';

const SEED = 20240611;

/** The invariants every decoder result must satisfy. */
function checkResult(result: Result<DecodedRequest>): void {
  if (!result.ok) {
    expect(result.error.code).toBe('CW_ERR_INGEST_BAD_REQUEST');
    expect(result.error.message.length).toBeGreaterThan(0);
    return;
  }
  const r = result.value;
  const rowCount = Object.values(r.rows).reduce((n, rows) => n + (rows as unknown[]).length, 0);
  expect(r.acceptedItems).toBe(rowCount);
  expect(r.rejectedItems === 0).toBe(r.rejectionMessage === '');
}

const VALID_PROTO = [handBuiltRequest(), handBuiltRequest({ unknown: true, packed: false }), partialRequest()];
const VALID_JSON = [handBuiltJson(), partialJson()];

/** Edits applied to a valid payload: overwrite, insert or delete bytes. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 12 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 16 }) }),
);

type Value<A> = A extends fc.Arbitrary<infer T> ? T : never;

function mutate(body: Uint8Array, edits: Array<Value<typeof mutation>>): Uint8Array {
  let out = body;
  for (const edit of edits) {
    const at = out.length === 0 ? 0 : edit.at % out.length;
    if (edit.kind === 'set') {
      out = out.slice();
      out[at] = edit.byte;
    } else if (edit.kind === 'insert') {
      out = pb.concat(out.subarray(0, at), edit.bytes, out.subarray(at));
    } else {
      out = pb.concat(out.subarray(0, at), out.subarray(at + edit.length));
    }
  }
  return out;
}

/** Random protobuf messages built from valid fields with OTLP-like field numbers, so decoding reaches deep. */
const protoMessage: fc.Arbitrary<Uint8Array> = fc.letrec<{ message: Uint8Array; field: Uint8Array }>((tie) => ({
  message: fc.array(tie('field'), { maxLength: 6 }).map((fields) => pb.concat(...fields)),
  field: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(fc.integer({ min: 1, max: 14 }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })).map(([f, v]) => pb.varint(f, v)),
    fc.tuple(fc.integer({ min: 1, max: 14 }), fc.double()).map(([f, v]) => pb.double(f, v)),
    fc.tuple(fc.integer({ min: 1, max: 14 }), fc.integer({ min: 0, max: 0xffffffff })).map(([f, v]) => pb.fixed32(f, v)),
    fc.tuple(fc.integer({ min: 1, max: 14 }), fc.uint8Array({ maxLength: 20 })).map(([f, v]) => pb.bytes(f, v)),
    fc.tuple(fc.integer({ min: 1, max: 14 }), tie('message')).map(([f, v]) => pb.bytes(f, v)),
  ),
})).message;

/** Replaces the value at one path of a JSON document. */
function replaceAt(doc: unknown, choice: number, value: unknown): unknown {
  const copy = structuredClone(doc);
  const slots: Array<[Record<string, unknown> | unknown[], string | number]> = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        slots.push([v, i]);
        walk(item);
      });
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, item] of Object.entries(v)) {
        slots.push([v as Record<string, unknown>, k]);
        walk(item);
      }
    }
  };
  walk(copy);
  const slot = slots[choice % slots.length];
  if (slot !== undefined) (slot[0] as Record<string | number, unknown>)[slot[1]] = value;
  return copy;
}

const oddJsonValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('', '-1', 'NaN', '-Infinity', '18446744073709551616', '9223372036854775808', 'zz', 'AGGREGATION_TEMPORALITY_DELTA', -1, 2 ** 53, 1e308, 0.5, null),
);

describe('metrics decoders under random input', () => {
  it('never throw on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => checkResult(decodeMetricsProto(bytes))),
      { numRuns: 3000, seed: SEED },
    );
  });

  it('never throw on mutated valid protobuf payloads', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), (which, edits) => {
        checkResult(decodeMetricsProto(mutate(VALID_PROTO[which % VALID_PROTO.length]!, edits)));
      }),
      { numRuns: 3000, seed: SEED },
    );
  });

  it('never throw on random well-framed protobuf trees', () => {
    fc.assert(
      fc.property(protoMessage, (body) => checkResult(decodeMetricsProto(body))),
      { numRuns: 3000, seed: SEED },
    );
  });

  it('never throw on random JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => checkResult(decodeMetricsJson(v))),
      { numRuns: 1500, seed: SEED },
    );
  });

  it('never throw on valid JSON requests with one value replaced', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), oddJsonValue, (which, choice, value) => {
        checkResult(decodeMetricsJson(replaceAt(VALID_JSON[which % VALID_JSON.length], choice, value)));
      }),
      { numRuns: 3000, seed: SEED },
    );
  });
});

// --- differential: the same random data through both wire formats -----------

const uint64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const int64 = fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });
const count = fc.bigInt({ min: 0n, max: 1n << 60n });
const anyDouble = fc.double();
// (integral doubles would be written as int attributes by the fixture helpers, so they are left to fc.integer)
const attributes = fc.array(
  fc.tuple(fc.string({ maxLength: 6 }), fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.double().filter((d) => !Number.isInteger(d)), fc.boolean())),
  {
  maxLength: 3,
});

/** A double in OTLP/JSON: special values as their strings. */
function jsonDouble(v: number): number | string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return v;
}

const numberPoint = fc.record({
  attributes,
  start: uint64,
  time: uint64,
  flags: fc.integer({ min: 0, max: 0xffffffff }),
  value: fc.oneof(fc.record({ double: anyDouble }), fc.record({ int: int64 }), fc.constant({})),
});

const histogramPoint = fc.record({
  attributes,
  time: uint64,
  count,
  sum: anyDouble,
  buckets: fc.array(count, { maxLength: 4 }),
  bounds: fc.array(anyDouble, { maxLength: 4 }),
  min: anyDouble,
  max: anyDouble,
});

const expPoint = fc.record({
  attributes,
  time: uint64,
  count,
  scale: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  zero: count,
  offset: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  buckets: fc.array(count, { maxLength: 4 }),
});

const summaryPoint = fc.record({ attributes, time: uint64, count, sum: anyDouble, quantiles: fc.array(fc.tuple(anyDouble, anyDouble), { maxLength: 3 }) });

function encodeBoth(
  name: string,
  temporality: number,
  monotonic: boolean,
  numbers: Array<Value<typeof numberPoint>>,
  histograms: Array<Value<typeof histogramPoint>>,
  exps: Array<Value<typeof expPoint>>,
  summaries: Array<Value<typeof summaryPoint>>,
): { proto: Uint8Array; json: unknown } {
  const kvs = (field: number, attrs: Array<[string, string | number | boolean]>) => pb.concat(...attrs.map(([k, v]) => keyValue(field, k, v)));
  const jkvs = (attrs: Array<[string, string | number | boolean]>) => attrs.map(([k, v]) => jsonKeyValue(k, v));
  const numberProto = numbers.map((p) =>
    pb.message(
      1,
      kvs(7, p.attributes),
      pb.fixed64(2, p.start),
      pb.fixed64(3, p.time),
      'double' in p.value ? pb.double(4, p.value.double) : 'int' in p.value ? pb.fixed64(6, p.value.int) : new Uint8Array(0),
      pb.varint(8, p.flags),
    ),
  );
  const numberJson = numbers.map((p) => ({
    attributes: jkvs(p.attributes),
    startTimeUnixNano: String(p.start),
    timeUnixNano: String(p.time),
    ...('double' in p.value ? { asDouble: jsonDouble(p.value.double) } : 'int' in p.value ? { asInt: String(p.value.int) } : {}),
    flags: p.flags,
  }));
  const histogramProto = histograms.map((p) =>
    pb.message(1, kvs(9, p.attributes), pb.fixed64(3, p.time), pb.fixed64(4, p.count), pb.double(5, p.sum), pb.packedFixed64(6, p.buckets), pb.packedDouble(7, p.bounds), pb.double(11, p.min), pb.double(12, p.max)),
  );
  const histogramJson = histograms.map((p) => ({
    attributes: jkvs(p.attributes),
    timeUnixNano: String(p.time),
    count: String(p.count),
    sum: jsonDouble(p.sum),
    bucketCounts: p.buckets.map(String),
    explicitBounds: p.bounds.map(jsonDouble),
    min: jsonDouble(p.min),
    max: jsonDouble(p.max),
  }));
  const expProto = exps.map((p) =>
    pb.message(1, kvs(1, p.attributes), pb.fixed64(3, p.time), pb.fixed64(4, p.count), pb.sint32(6, p.scale), pb.fixed64(7, p.zero), pb.message(9, pb.sint32(1, p.offset), pb.packedVarint(2, p.buckets))),
  );
  const expJson = exps.map((p) => ({
    attributes: jkvs(p.attributes),
    timeUnixNano: String(p.time),
    count: String(p.count),
    scale: p.scale,
    zeroCount: String(p.zero),
    negative: { offset: p.offset, bucketCounts: p.buckets.map(String) },
  }));
  const summaryProto = summaries.map((p) =>
    pb.message(1, kvs(7, p.attributes), pb.fixed64(3, p.time), pb.fixed64(4, p.count), pb.double(5, p.sum), ...p.quantiles.map(([q, v]) => pb.message(6, pb.double(1, q), pb.double(2, v)))),
  );
  const summaryJson = summaries.map((p) => ({
    attributes: jkvs(p.attributes),
    timeUnixNano: String(p.time),
    count: String(p.count),
    sum: jsonDouble(p.sum),
    quantileValues: p.quantiles.map(([q, v]) => ({ quantile: jsonDouble(q), value: jsonDouble(v) })),
  }));
  const proto = pb.message(
    1,
    pb.message(
      2,
      pb.message(2, pb.string(1, name), pb.message(7, ...numberProto, pb.varint(2, temporality), pb.varint(3, monotonic ? 1 : 0))),
      pb.message(2, pb.string(1, name), pb.message(5, ...numberProto)),
      pb.message(2, pb.string(1, name), pb.message(9, ...histogramProto, pb.varint(2, temporality))),
      pb.message(2, pb.string(1, name), pb.message(10, ...expProto, pb.varint(2, temporality))),
      pb.message(2, pb.string(1, name), pb.message(11, ...summaryProto)),
    ),
  );
  const json = {
    resourceMetrics: [
      {
        scopeMetrics: [
          {
            metrics: [
              { name, sum: { dataPoints: numberJson, aggregationTemporality: temporality, isMonotonic: monotonic } },
              { name, gauge: { dataPoints: numberJson } },
              { name, histogram: { dataPoints: histogramJson, aggregationTemporality: temporality } },
              { name, exponentialHistogram: { dataPoints: expJson, aggregationTemporality: temporality } },
              { name, summary: { dataPoints: summaryJson } },
            ],
          },
        ],
      },
    ],
  };
  return { proto, json };
}

describe('metrics decoders, protobuf against JSON', () => {
  it('decode the same random data to identical results', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 5 }),
        fc.integer({ min: 0, max: 2 }),
        fc.boolean(),
        fc.array(numberPoint, { maxLength: 3 }),
        fc.array(histogramPoint, { maxLength: 2 }),
        fc.array(expPoint, { maxLength: 2 }),
        fc.array(summaryPoint, { maxLength: 2 }),
        (name, temporality, monotonic, numbers, histograms, exps, summaries) => {
          const { proto, json } = encodeBoth(name, temporality, monotonic, numbers, histograms, exps, summaries);
          const fromProto = decodeMetricsProto(proto);
          const fromJson = decodeMetricsJson(json);
          expect(fromProto.ok).toBe(true);
          expect(fromJson).toEqual(fromProto);
          if (fromProto.ok) {
            const points = 2 * numbers.length + histograms.length + exps.length + summaries.length;
            expect(fromProto.value.acceptedItems + fromProto.value.rejectedItems).toBe(points);
          }
        },
      ),
      { numRuns: 1500, seed: SEED },
    );
  });
});
