/**
 * How OTLP AnyValues become the strings stored in attribute maps
 * (`Map(LowCardinality(String), String)` columns).
 *
 * Both decoders (protobuf and JSON) first turn an AnyValue into a `PlainValue`
 * and then call `plainValueToString`, so the two paths store identical text:
 * - string: as is; bool: `true` / `false`;
 * - int (64-bit): decimal digits, exact (kept as a string end to end);
 * - double: shortest round-trip decimal, `NaN`, `+Inf`, `-Inf`;
 * - bytes: base64;
 * - array and kvlist: compact JSON of their plain values (ints as numbers when
 *   exact, otherwise as strings; bytes as base64 strings);
 * - empty (no value set): ''.
 */

/** A 64-bit integer kept exact as its decimal text. */
export interface Int64Value {
  readonly int: string;
}

export type PlainValue =
  | string
  | boolean
  | number
  | Int64Value
  | Uint8Array
  | PlainValue[]
  | { readonly kvlist: ReadonlyArray<readonly [string, PlainValue]> }
  | null;

export function int64Value(decimal: string): Int64Value {
  return { int: decimal };
}

/**
 * Stores one key in an attribute map (or any map built from OTLP keys).
 * The maps are plain objects, where assigning the key `__proto__` would go to
 * the prototype accessor instead of creating the key: the attribute would be
 * dropped (or, for an object value, the map's prototype replaced). That one
 * key is therefore defined as an own property, stored like any other key.
 * Every place that fills such a map goes through here; a later duplicate key
 * overwrites an earlier one.
 */
export function setAttribute<V>(map: Record<string, V>, key: string, value: V): void {
  if (key === '__proto__') Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
  else map[key] = value;
}

export function formatDouble(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return String(n);
}

export function plainValueToString(v: PlainValue): string {
  if (v === null) return '';
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return formatDouble(v);
    default:
      break;
  }
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
  if (Array.isArray(v)) return JSON.stringify(v.map(toJsonable));
  if ('int' in v) return v.int;
  return JSON.stringify(toJsonable(v));
}

function toJsonable(v: PlainValue): unknown {
  if (v === null || typeof v !== 'object') {
    return typeof v === 'number' && !Number.isFinite(v) ? formatDouble(v) : v;
  }
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
  if (Array.isArray(v)) return v.map(toJsonable);
  if ('int' in v) {
    const n = Number(v.int);
    return Number.isSafeInteger(n) ? n : v.int;
  }
  const out: Record<string, unknown> = {};
  for (const [k, val] of v.kvlist) setAttribute(out, k, toJsonable(val));
  return out;
}

/** OTLP SpanKind enum values to the names stored in `SpanKind`. */
export const SPAN_KIND_NAMES = ['Unspecified', 'Internal', 'Server', 'Client', 'Producer', 'Consumer'] as const;

/** OTLP Status.code enum values to the names stored in `StatusCode`. */
export const STATUS_CODE_NAMES = ['Unset', 'Ok', 'Error'] as const;

export function spanKindName(kind: number): string {
  return SPAN_KIND_NAMES[kind] ?? 'Unspecified';
}

export function statusCodeName(code: number): string {
  return STATUS_CODE_NAMES[code] ?? 'Unset';
}
