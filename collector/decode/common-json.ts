/**
 * OTLP/JSON decoding of the messages every signal shares.
 *
 * OTLP/JSON is the proto3 JSON mapping with OTLP's exceptions
 * (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding):
 * trace and span ids are hex strings, enums are integers, 64-bit integers may
 * be decimal strings or numbers, unknown fields are ignored. As proto3 JSON
 * parsers do, field names are accepted in lowerCamelCase and in the original
 * snake_case.
 *
 * Contract: helpers throw `JsonDecodeError` naming the JSON path of the bad
 * value; decoders catch it once at the top.
 */
import type { AttributeMap } from '../../storage/otel-rows.ts';
import { type PlainValue, int64Value, plainValueToString, setAttribute } from './any-value.ts';
import { EMPTY_RESOURCE, EMPTY_SCOPE, type ResourceInfo, type ScopeInfo } from './common-proto.ts';

export class JsonDecodeError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'JsonDecodeError';
    this.path = path;
  }
}

export type JsonObject = Record<string, unknown>;

const snakeCache = new Map<string, string>();
function snake(camel: string): string {
  let s = snakeCache.get(camel);
  if (s === undefined) {
    s = camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    snakeCache.set(camel, s);
  }
  return s;
}

/** A field by its lowerCamelCase name, falling back to snake_case. `null` counts as absent. */
export function field(obj: JsonObject, camel: string): unknown {
  const v = obj[camel];
  if (v !== undefined && v !== null) return v;
  const alt = obj[snake(camel)];
  return alt === null ? undefined : alt;
}

export function asObject(v: unknown, path: string): JsonObject {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new JsonDecodeError(path, `expected an object, got ${describe(v)}`);
  return v as JsonObject;
}

/** A repeated field: absent means empty. */
export function arrayField(obj: JsonObject, camel: string, path: string): unknown[] {
  const v = field(obj, camel);
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new JsonDecodeError(`${path}.${camel}`, `expected an array, got ${describe(v)}`);
  return v;
}

export function stringField(obj: JsonObject, camel: string, path: string): string {
  const v = field(obj, camel);
  if (v === undefined) return '';
  if (typeof v !== 'string') throw new JsonDecodeError(`${path}.${camel}`, `expected a string, got ${describe(v)}`);
  return v;
}

/** An integer field that fits 53 bits (uint32, int32, enums, counts). Accepts numbers or decimal strings. */
export function intField(obj: JsonObject, camel: string, path: string): number {
  const v = field(obj, camel);
  if (v === undefined) return 0;
  const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new JsonDecodeError(`${path}.${camel}`, `expected an integer, got ${describe(v)}`);
  return n;
}

/** A 64-bit integer field as exact decimal text (`"0"` when absent). */
export function int64Field(obj: JsonObject, camel: string, path: string): string {
  const v = field(obj, camel);
  if (v === undefined) return '0';
  return int64Text(v, `${path}.${camel}`);
}

export function int64Text(v: unknown, path: string): string {
  if (typeof v === 'string') {
    if (!/^-?\d+$/.test(v)) throw new JsonDecodeError(path, `expected a decimal integer, got ${describe(v)}`);
    return BigInt(v).toString();
  }
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v).toString();
  throw new JsonDecodeError(path, `expected an integer, got ${describe(v)}`);
}

/** A double field: numbers, or the strings `NaN`, `Infinity`, `-Infinity` (and decimal text). */
export function doubleField(obj: JsonObject, camel: string, path: string): number {
  const v = field(obj, camel);
  if (v === undefined) return 0;
  return doubleValue(v, `${path}.${camel}`);
}

export function doubleValue(v: unknown, path: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    if (v === 'NaN') return NaN;
    if (v === 'Infinity') return Infinity;
    if (v === '-Infinity') return -Infinity;
    const n = Number(v);
    if (v.trim() !== '' && !Number.isNaN(n)) return n;
  }
  throw new JsonDecodeError(path, `expected a number, got ${describe(v)}`);
}

export function boolField(obj: JsonObject, camel: string, path: string): boolean {
  const v = field(obj, camel);
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw new JsonDecodeError(`${path}.${camel}`, `expected true or false, got ${describe(v)}`);
  return v;
}

/** Nanosecond timestamp fields (fixed64): decimal text, '0' when absent. */
export function timeField(obj: JsonObject, camel: string, path: string): string {
  const text = int64Field(obj, camel, path);
  if (text.startsWith('-')) throw new JsonDecodeError(`${path}.${camel}`, `expected a non-negative timestamp, got ${text}`);
  return text;
}

const MAX_NESTING = 32;

export function readAnyValueJson(v: unknown, path: string, depth = 0): PlainValue {
  if (v === undefined || v === null) return null;
  if (depth > MAX_NESTING) throw new JsonDecodeError(path, `AnyValue nested deeper than ${MAX_NESTING}`);
  const obj = asObject(v, path);
  let x = field(obj, 'stringValue');
  if (x !== undefined) {
    if (typeof x !== 'string') throw new JsonDecodeError(`${path}.stringValue`, `expected a string, got ${describe(x)}`);
    return x;
  }
  x = field(obj, 'boolValue');
  if (x !== undefined) return boolField(obj, 'boolValue', path);
  x = field(obj, 'intValue');
  if (x !== undefined) return int64Value(int64Text(x, `${path}.intValue`));
  x = field(obj, 'doubleValue');
  if (x !== undefined) return doubleValue(x, `${path}.doubleValue`);
  x = field(obj, 'bytesValue');
  if (x !== undefined) {
    if (typeof x !== 'string') throw new JsonDecodeError(`${path}.bytesValue`, `expected base64 text, got ${describe(x)}`);
    return new Uint8Array(Buffer.from(x, 'base64'));
  }
  x = field(obj, 'arrayValue');
  if (x !== undefined) {
    const arr = asObject(x, `${path}.arrayValue`);
    return arrayField(arr, 'values', `${path}.arrayValue`).map((item, i) => readAnyValueJson(item, `${path}.arrayValue.values[${i}]`, depth + 1));
  }
  x = field(obj, 'kvlistValue');
  if (x !== undefined) {
    const list = asObject(x, `${path}.kvlistValue`);
    const kvs = arrayField(list, 'values', `${path}.kvlistValue`).map((kv, i) => readKeyValueJson(kv, `${path}.kvlistValue.values[${i}]`, depth + 1));
    return { kvlist: kvs };
  }
  return null;
}

export function readKeyValueJson(v: unknown, path: string, depth = 0): readonly [string, PlainValue] {
  const obj = asObject(v, path);
  return [stringField(obj, 'key', path), readAnyValueJson(field(obj, 'value'), `${path}.value`, depth)];
}

/** A repeated KeyValue field as an attribute map. */
export function attributesField(obj: JsonObject, camel: string, path: string): AttributeMap {
  const out: AttributeMap = {};
  const list = arrayField(obj, camel, path);
  for (let i = 0; i < list.length; i++) {
    const [key, value] = readKeyValueJson(list[i], `${path}.${camel}[${i}]`);
    setAttribute(out, key, plainValueToString(value));
  }
  return out;
}

export function readResourceJson(v: unknown, path: string): ResourceInfo {
  if (v === undefined) return EMPTY_RESOURCE;
  const obj = asObject(v, path);
  const attributes = attributesField(obj, 'attributes', path);
  return { attributes, serviceName: attributes['service.name'] ?? '' };
}

export function readScopeJson(v: unknown, path: string): ScopeInfo {
  if (v === undefined) return EMPTY_SCOPE;
  const obj = asObject(v, path);
  return {
    name: stringField(obj, 'name', path),
    version: stringField(obj, 'version', path),
    attributes: attributesField(obj, 'attributes', path),
    droppedAttributesCount: intField(obj, 'droppedAttributesCount', path),
  };
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return v.length > 40 ? `"${v.slice(0, 40)}..."` : `"${v}"`;
  if (typeof v === 'object') return 'an object';
  return String(v);
}
