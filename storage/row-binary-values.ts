/**
 * RowBinary encoders of single values, one per ClickHouse type
 * (https://clickhouse.com/docs/interfaces/formats/RowBinary):
 *
 * - (U)Int8/16/32/64, Float32/64: fixed width, little-endian.
 * - Bool: one byte, 0 or 1.
 * - String: unsigned LEB128 byte length, then the UTF-8 bytes.
 * - LowCardinality(T): as T.
 * - DateTime: UInt32 seconds. DateTime64(9): Int64 nanoseconds.
 * - Array(T): LEB128 element count, then the elements.
 * - Map(K, V): LEB128 pair count, then key, value, key, value...
 *
 * Accepted JS values follow the row contract of otel-rows.ts and what the
 * JSONEachRow path accepts, so the two formats store the same rows alike:
 * `undefined` and `null` are the type's default (0, '', empty array/map);
 * integers come as numbers, bigints or decimal strings; nanosecond
 * timestamps as decimal strings of up to 2^64 - 1 (values from 2^63 wrap to
 * negative ticks, as JSONEachRow stores them), safe numbers or bigints.
 * Anything else throws BadValue rather than writing bytes that would shift
 * every later column. Types not listed throw UnsupportedType when the
 * encoder is compiled.
 */
import type { ByteWriter } from './byte-writer.ts';
import { splitTopLevel } from './schema/table-spec.ts';
import { negateParsed, parseUnsignedDecimal, parsed, splitBigInt, splitInteger } from './uint64-text.ts';

export type ValueEncoder = (w: ByteWriter, value: unknown) => void;

/** A value the column's type cannot take; the row encoder adds table, column and row. */
export class BadValue extends Error {
  override name = 'BadValue';
}

/** A column type this encoder does not write. */
export class UnsupportedType extends Error {
  override name = 'UnsupportedType';
}

const TWO_31 = 2147483648;
const TWO_32 = 4294967296;
const TWO_63 = 9223372036854775808;
const TWO_64 = 18446744073709551616;

function describe(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return `the ${typeof value} ${String(value)}`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a value of type ${typeof value}`;
}

function bad(expected: string, value: unknown): BadValue {
  return new BadValue(`expected ${expected}, got ${describe(value)}`);
}

const SIGNED_DECIMAL = /^-?\d+$/;
const FLOAT_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const FLOAT_WORDS: ReadonlyMap<string, number> = new Map([
  ['nan', Number.NaN],
  ['NaN', Number.NaN],
  ['inf', Number.POSITIVE_INFINITY],
  ['+inf', Number.POSITIVE_INFINITY],
  ['-inf', Number.NEGATIVE_INFINITY],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
]);

const encodeString: ValueEncoder = (w, value) => {
  if (typeof value === 'string') {
    w.string(value);
  } else if (value === undefined || value === null) {
    w.ensure(1);
    w.u8(0);
  } else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    // JSONEachRow reads a JSON number or boolean into a String column as its text.
    w.string(String(value));
  } else {
    throw bad('a string', value);
  }
};

/** UInt8/16/32 and Int8/16/32: JS numbers hold them exactly. */
function smallIntEncoder(bytes: 1 | 2 | 4, min: number, max: number): ValueEncoder {
  const expected = `an integer in ${min}..${max}`;
  const toNumber = (value: unknown): number => {
    if (value === undefined || value === null) return 0;
    if (typeof value === 'string' && SIGNED_DECIMAL.test(value)) return Number(value);
    if (typeof value === 'bigint' && value >= BigInt(min) && value <= BigInt(max)) return Number(value);
    return Number.NaN;
  };
  const check = (n: number, value: unknown): number => {
    if (!Number.isInteger(n) || n < min || n > max) throw bad(expected, value);
    return n;
  };
  if (bytes === 1) {
    return (w, value) => {
      const n = check(typeof value === 'number' ? value : toNumber(value), value);
      w.ensure(1);
      w.u8(n);
    };
  }
  if (bytes === 2) {
    return (w, value) => {
      const n = check(typeof value === 'number' ? value : toNumber(value), value);
      w.ensure(2);
      w.u16(n);
    };
  }
  return (w, value) => {
    const n = check(typeof value === 'number' ? value : toNumber(value), value);
    w.ensure(4);
    w.u32(n);
  };
}

/** UInt64 / Int64 from numbers (exact below 2^53), bigints or decimal strings (exact). */
function int64Encoder(signed: boolean): ValueEncoder {
  const expected = signed ? 'an integer in -2^63..2^63-1' : 'an integer in 0..2^64-1';
  return (w, value) => {
    if (typeof value === 'number') {
      if (!Number.isInteger(value) || (signed ? value < -TWO_63 || value >= TWO_63 : value < 0 || value >= TWO_64)) throw bad(expected, value);
      splitInteger(value);
    } else if (value === undefined || value === null) {
      parsed.lo = 0;
      parsed.hi = 0;
    } else if (typeof value === 'string') {
      const negative = signed && value.charCodeAt(0) === 45;
      if (!parseUnsignedDecimal(value, negative ? 1 : 0)) throw bad(expected, value);
      const limit = signed ? TWO_31 : TWO_32;
      // Magnitude below 2^63 (2^64 unsigned), or exactly 2^63 when negative.
      const inRange = parsed.hi < limit || (negative && parsed.hi === TWO_31 && parsed.lo === 0);
      if (!inRange) throw bad(expected, value);
      if (negative) negateParsed();
    } else if (typeof value === 'bigint') {
      if (signed ? value < -(2n ** 63n) || value >= 2n ** 63n : value < 0n || value >= 2n ** 64n) throw bad(expected, value);
      splitBigInt(value);
    } else {
      throw bad(expected, value);
    }
    w.ensure(8);
    w.u64(parsed.lo, parsed.hi);
  };
}

/**
 * DateTime64(9): Int64 nanoseconds. Decimal strings are the row contract
 * (otel-rows.ts); 2^63..2^64-1 wrap to negative ticks like JSONEachRow.
 */
const encodeNanos: ValueEncoder = (w, value) => {
  if (typeof value === 'string') {
    if (!parseUnsignedDecimal(value, 0)) throw bad('nanoseconds as decimal digits', value);
    if (parsed.hi >= TWO_32) throw bad('nanoseconds up to 2^64-1', value);
  } else if (typeof value === 'number') {
    if (!Number.isInteger(value) || value <= -TWO_63 || value >= TWO_63) throw bad('integer nanoseconds', value);
    splitInteger(value);
  } else if (value === undefined || value === null) {
    parsed.lo = 0;
    parsed.hi = 0;
  } else if (typeof value === 'bigint') {
    if (value < -(2n ** 63n) || value >= 2n ** 64n) throw bad('nanoseconds in -2^63..2^64-1', value);
    splitBigInt(value);
  } else {
    throw bad('nanoseconds as decimal digits', value);
  }
  w.ensure(8);
  w.u64(parsed.lo, parsed.hi);
};

/** DateTime: UInt32 seconds since the epoch (numbers, decimal strings or Dates). */
const encodeSeconds: ValueEncoder = (w, value) => {
  let seconds: number;
  if (typeof value === 'number') seconds = value;
  else if (value === undefined || value === null) seconds = 0;
  else if (typeof value === 'string' && /^\d{1,10}$/.test(value)) seconds = Number(value);
  else if (value instanceof Date) seconds = Math.floor(value.getTime() / 1000);
  else seconds = Number.NaN;
  if (!Number.isInteger(seconds) || seconds < 0 || seconds >= TWO_32) throw bad('seconds since the epoch in 0..2^32-1', value);
  w.ensure(4);
  w.u32(seconds);
};

function toFloat(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value === undefined || value === null) return 0;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') {
    if (FLOAT_TEXT.test(value)) return Number(value);
    const word = FLOAT_WORDS.get(value);
    if (word !== undefined) return word;
  }
  throw bad('a number', value);
}

const encodeFloat64: ValueEncoder = (w, value) => {
  const n = typeof value === 'number' ? value : toFloat(value);
  w.ensure(8);
  w.f64(n);
};

const encodeFloat32: ValueEncoder = (w, value) => {
  const n = typeof value === 'number' ? value : toFloat(value);
  w.ensure(4);
  w.f32(n);
};

const encodeBool: ValueEncoder = (w, value) => {
  let bit: number;
  if (value === true || value === 1) bit = 1;
  else if (value === false || value === 0 || value === undefined || value === null) bit = 0;
  else throw bad('a boolean', value);
  w.ensure(1);
  w.u8(bit);
};

function arrayEncoder(element: ValueEncoder): ValueEncoder {
  return (w, value) => {
    if (value === undefined || value === null) {
      w.ensure(1);
      w.u8(0);
      return;
    }
    if (!Array.isArray(value)) throw bad('an array', value);
    const items = value as unknown[];
    const n = items.length;
    w.varint(n);
    let i = 0;
    try {
      for (; i < n; i++) element(w, items[i]);
    } catch (err) {
      if (err instanceof BadValue) throw new BadValue(`element ${i}: ${err.message}`);
      throw err;
    }
  };
}

/**
 * Map(K, V) from an object's own enumerable string keys (what JSON.stringify
 * writes). A key whose value is `undefined` is left out, as JSON.stringify
 * leaves it out: the pairs are then written again without it.
 */
function mapEncoder(key: ValueEncoder, val: ValueEncoder): ValueEncoder {
  const stringKeys = key === encodeString;
  const stringValues = val === encodeString;
  const writeDefined = (w: ByteWriter, map: Record<string, unknown>, keys: readonly string[]): void => {
    const defined = keys.filter((k) => map[k] !== undefined);
    w.varint(defined.length);
    for (const k of defined) {
      key(w, k);
      val(w, map[k]);
    }
  };
  return (w, value) => {
    if (value === undefined || value === null) {
      w.ensure(1);
      w.u8(0);
      return;
    }
    if (typeof value !== 'object' || Array.isArray(value)) throw bad('an object of key/value pairs', value);
    const map = value as Record<string, unknown>;
    const keys = Object.keys(map);
    const n = keys.length;
    const start = w.pos;
    w.varint(n);
    let k = '';
    try {
      for (let i = 0; i < n; i++) {
        k = keys[i] as string;
        const v = map[k];
        if (stringKeys) w.string(k);
        else key(w, k);
        if (stringValues && typeof v === 'string') {
          w.string(v);
        } else if (v === undefined) {
          w.pos = start;
          writeDefined(w, map, keys);
          return;
        } else {
          val(w, v);
        }
      }
    } catch (err) {
      if (err instanceof BadValue) throw new BadValue(`key ${JSON.stringify(k)}: ${err.message}`);
      throw err;
    }
  };
}

interface TypeNode {
  readonly name: string;
  readonly args: readonly string[];
}

function parseType(text: string): TypeNode {
  const type = text.trim();
  const open = type.indexOf('(');
  if (open < 0) return { name: type, args: [] };
  if (!type.endsWith(')')) throw new UnsupportedType(`cannot read the type ${type}`);
  return { name: type.slice(0, open).trim(), args: splitTopLevel(type.slice(open + 1, -1)) };
}

function args(node: TypeNode, count: number, type: string): readonly string[] {
  if (node.args.length !== count) throw new UnsupportedType(`${type} is not supported by the RowBinary encoder`);
  return node.args;
}

/**
 * The type the bytes of a `type` value are, as RowBinary writes them: the
 * same type with every LowCardinality(T) replaced by T. Reading a body as
 * these types and converting to the table's types is exact.
 */
export function wireType(type: string): string {
  const node = parseType(type);
  if (node.name === 'LowCardinality' && node.args.length === 1) return wireType(node.args[0] as string);
  if (node.args.length === 0) return node.name;
  return `${node.name}(${node.args.map((arg) => (/^[A-Za-z]/.test(arg) ? wireType(arg) : arg)).join(', ')})`;
}

/**
 * The encoder of one value of `type` (a ClickHouse type as spelt in a
 * ColumnSpec; Nested columns are expanded by the row encoder). Throws
 * UnsupportedType for types it does not write.
 */
export function valueEncoder(type: string): ValueEncoder {
  const node = parseType(type);
  const plain = node.args.length === 0;
  switch (node.name) {
    case 'String':
      if (plain) return encodeString;
      break;
    case 'LowCardinality':
      return valueEncoder(args(node, 1, type)[0] as string);
    case 'UInt8':
      if (plain) return smallIntEncoder(1, 0, 0xff);
      break;
    case 'UInt16':
      if (plain) return smallIntEncoder(2, 0, 0xffff);
      break;
    case 'UInt32':
      if (plain) return smallIntEncoder(4, 0, 0xffffffff);
      break;
    case 'Int8':
      if (plain) return smallIntEncoder(1, -0x80, 0x7f);
      break;
    case 'Int16':
      if (plain) return smallIntEncoder(2, -0x8000, 0x7fff);
      break;
    case 'Int32':
      if (plain) return smallIntEncoder(4, -0x80000000, 0x7fffffff);
      break;
    case 'UInt64':
      if (plain) return int64Encoder(false);
      break;
    case 'Int64':
      if (plain) return int64Encoder(true);
      break;
    case 'Float64':
      if (plain) return encodeFloat64;
      break;
    case 'Float32':
      if (plain) return encodeFloat32;
      break;
    case 'Bool':
      if (plain) return encodeBool;
      break;
    case 'DateTime':
      // An optional time zone changes how text is read, not the stored seconds.
      if (node.args.length <= 1) return encodeSeconds;
      break;
    case 'DateTime64':
      // Only nanosecond precision: the row contract's timestamps are nanoseconds.
      if ((node.args.length === 1 || node.args.length === 2) && node.args[0] === '9') return encodeNanos;
      break;
    case 'Array':
      return arrayEncoder(valueEncoder(args(node, 1, type)[0] as string));
    case 'Map': {
      const [k, v] = args(node, 2, type);
      return mapEncoder(valueEncoder(k as string), valueEncoder(v as string));
    }
  }
  throw new UnsupportedType(`${type} is not supported by the RowBinary encoder`);
}
