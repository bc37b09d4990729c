/**
 * OTLP/JSON field readers the metrics decoder needs beyond `common-json.ts`
 * and `json-otlp-fields.ts`: range-checked integers, repeated numbers, the
 * AggregationTemporality enum and exemplars.
 *
 * Every reader accepts exactly what the protobuf field can carry and turns it
 * into the same number the protobuf decoder produces, so both formats give
 * identical rows. Contract as in `common-json.ts`: a value of the wrong type
 * or out of the field's range throws `JsonDecodeError` naming its JSON path.
 */
import type { AttributeMap } from '../../storage/otel-rows.ts';
import {
  type JsonObject,
  JsonDecodeError,
  asObject,
  arrayField,
  attributesField,
  describe,
  doubleValue,
  field,
  int64Text,
  intField,
} from './common-json.ts';
import { fixed64TimeField, idTextField } from './json-otlp-fields.ts';
import { type ExemplarList, addExemplar } from './metrics-points.ts';
import { SPAN_ID_BYTES, TRACE_ID_BYTES, idProblem } from './otlp-ids.ts';

const MAX_UINT64 = (1n << 64n) - 1n;

/** An unsigned 64-bit value (counts) as a number: exact below 2^53, rounded once above, as on the protobuf path. */
export function uint64Value(v: unknown, path: string): number {
  const text = int64Text(v, path);
  if (text.startsWith('-') || (text.length >= 20 && BigInt(text) > MAX_UINT64)) {
    throw new JsonDecodeError(path, `expected an unsigned 64-bit integer, got ${describe(v)}`);
  }
  return Number(text);
}

export function uint64Field(obj: JsonObject, camel: string, path: string): number {
  const v = field(obj, camel);
  return v === undefined ? 0 : uint64Value(v, `${path}.${camel}`);
}

/** An sfixed64 (`as_int`) as a number, rounded once like the protobuf path. */
export function int64Number(v: unknown, path: string): number {
  const text = int64Text(v, path);
  if (text.length >= 19 && BigInt.asIntN(64, BigInt(text)) !== BigInt(text)) {
    throw new JsonDecodeError(path, `expected a signed 64-bit integer, got ${describe(v)}`);
  }
  return Number(text);
}

export function uint32Field(obj: JsonObject, camel: string, path: string): number {
  const n = intField(obj, camel, path);
  if (n < 0 || n > 0xffffffff) throw new JsonDecodeError(`${path}.${camel}`, `expected an unsigned 32-bit integer, got ${n}`);
  return n;
}

export function int32Field(obj: JsonObject, camel: string, path: string): number {
  const n = intField(obj, camel, path);
  if (n < -0x80000000 || n > 0x7fffffff) throw new JsonDecodeError(`${path}.${camel}`, `expected a signed 32-bit integer, got ${n}`);
  return n;
}

/** A repeated uint64 field (bucket counts). */
export function uint64ArrayField(obj: JsonObject, camel: string, path: string): number[] {
  const list = arrayField(obj, camel, path);
  const out = new Array<number>(list.length);
  for (let i = 0; i < list.length; i++) out[i] = uint64Value(list[i], `${path}.${camel}[${i}]`);
  return out;
}

const TEMPORALITY_NAMES: Record<string, number> = {
  AGGREGATION_TEMPORALITY_UNSPECIFIED: 0,
  AGGREGATION_TEMPORALITY_DELTA: 1,
  AGGREGATION_TEMPORALITY_CUMULATIVE: 2,
  UNSPECIFIED: 0,
  DELTA: 1,
  CUMULATIVE: 2,
};

/**
 * AggregationTemporality: OTLP/JSON sends enums as integers; the proto3 JSON
 * names (and, leniently, their short forms in any case) are accepted too.
 * Unknown integer values are kept, as proto3 keeps unknown enum values.
 */
export function temporalityField(obj: JsonObject, camel: string, path: string): number {
  const v = field(obj, camel);
  if (typeof v === 'string' && !/^-?\d+$/.test(v)) {
    const n = TEMPORALITY_NAMES[v.toUpperCase()];
    if (n === undefined) throw new JsonDecodeError(`${path}.${camel}`, `expected an AggregationTemporality, got ${describe(v)}`);
    return n;
  }
  return int32Field(obj, camel, path);
}

/**
 * A trace or span id of an exemplar. Bad content is a problem of the data
 * point (recorded in `list.problem`, the point is rejected) rather than of the
 * request, matching the protobuf path where any byte string is well-formed.
 */
function exemplarId(obj: JsonObject, camel: string, name: 'trace_id' | 'span_id', bytes: number, index: number, list: ExemplarList, path: string): string {
  const id = idTextField(obj, camel, path);
  const problem = idProblem(`exemplars[${index}].${name}`, id.bytes, bytes, id.hex, false);
  if (problem !== '' && list.problem === '') list.problem = problem;
  return id.hex;
}

/** Number value oneof {asDouble, asInt} of a point or exemplar; undefined when neither is set. */
export function numberValue(obj: JsonObject, path: string): number | undefined {
  const d = field(obj, 'asDouble');
  const i = field(obj, 'asInt');
  if (d !== undefined && i !== undefined) throw new JsonDecodeError(path, 'both asDouble and asInt are set (they are one oneof)');
  if (d !== undefined) return doubleValue(d, `${path}.asDouble`);
  if (i !== undefined) return int64Number(i, `${path}.asInt`);
  return undefined;
}

/** The repeated Exemplar field of a point, appended to `list`. */
export function readExemplarsJson(obj: JsonObject, camel: string, list: ExemplarList, path: string): void {
  const items = arrayField(obj, camel, path);
  for (let i = 0; i < items.length; i++) {
    const itemPath = `${path}.${camel}[${i}]`;
    const e = asObject(items[i], itemPath);
    const attributes: AttributeMap = attributesField(e, 'filteredAttributes', itemPath);
    const time = fixed64TimeField(e, 'timeUnixNano', itemPath);
    const value = numberValue(e, itemPath) ?? 0;
    const spanId = exemplarId(e, 'spanId', 'span_id', SPAN_ID_BYTES, i, list, itemPath);
    const traceId = exemplarId(e, 'traceId', 'trace_id', TRACE_ID_BYTES, i, list, itemPath);
    addExemplar(list, attributes, time, value, spanId, traceId);
  }
}
