/**
 * Test support: builds protobuf bytes field by field, so tests control field
 * order, unknown fields, wire types and packing exactly (which a generated
 * encoder would not allow). Each helper returns the encoded field; a message
 * is the concatenation of its fields, and `message` nests one. Also the
 * attribute (KeyValue) helpers for both wire formats.
 */

function varintBytes(value: bigint): number[] {
  let v = BigInt.asUintN(64, value);
  const out: number[] = [];
  while (v > 0x7fn) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function tag(field: number, wire: number): Uint8Array {
  return new Uint8Array(varintBytes(BigInt((field << 3) | wire)));
}

/** A varint field (wire type 0); negative numbers are encoded as 10-byte two's complement, as int64 requires. */
export function varint(field: number, value: number | bigint): Uint8Array {
  return concat(tag(field, 0), new Uint8Array(varintBytes(BigInt(value))));
}

/** A sint32 field: zigzag-encoded varint. */
export function sint32(field: number, value: number): Uint8Array {
  return varint(field, ((value << 1) ^ (value >> 31)) >>> 0);
}

function fixed64Bytes(value: number | bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, BigInt(value)), true);
  return b;
}

function doubleBytes(value: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, value, true);
  return b;
}

/** A fixed64 or sfixed64 field (negative values as two's complement). */
export function fixed64(field: number, value: number | bigint): Uint8Array {
  return concat(tag(field, 1), fixed64Bytes(value));
}

export function double(field: number, value: number): Uint8Array {
  return concat(tag(field, 1), doubleBytes(value));
}

export function fixed32(field: number, value: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, value >>> 0, true);
  return concat(tag(field, 5), b);
}

export function bytes(field: number, data: Uint8Array | readonly number[]): Uint8Array {
  const d = data instanceof Uint8Array ? data : new Uint8Array(data);
  return concat(tag(field, 2), new Uint8Array(varintBytes(BigInt(d.length))), d);
}

export function string(field: number, text: string): Uint8Array {
  return bytes(field, new TextEncoder().encode(text));
}

/** A nested message field made of the given encoded fields. */
export function message(field: number, ...fields: Uint8Array[]): Uint8Array {
  return bytes(field, concat(...fields));
}

/** Packed repeated fields: one length-delimited field holding every element. */
export function packedFixed64(field: number, values: ReadonlyArray<number | bigint>): Uint8Array {
  return bytes(field, concat(...values.map(fixed64Bytes)));
}

export function packedDouble(field: number, values: readonly number[]): Uint8Array {
  return bytes(field, concat(...values.map(doubleBytes)));
}

export function packedVarint(field: number, values: ReadonlyArray<number | bigint>): Uint8Array {
  return bytes(field, values.flatMap((v) => varintBytes(BigInt(v))));
}

/** Bytes from hex text (ids). */
export function hex(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'hex'));
}

/**
 * One unknown field of each wire type (varint, fixed64, length-delimited,
 * fixed32) and an unknown nested message, under field numbers no OTLP
 * message uses.
 */
export function unknownFields(field = 1000): Uint8Array {
  return concat(varint(field, 1234567890123n), fixed64(field + 1, 42n), string(field + 2, 'future'), fixed32(field + 3, 7), message(field + 4, varint(1, 1)));
}

/** KeyValue with a string value (common.proto), for attribute fields. */
export function stringAttribute(field: number, key: string, value: string): Uint8Array {
  return message(field, string(1, key), message(2, string(1, value)));
}

/** KeyValue with a string, bool, int (integral numbers) or double value. */
export function keyValue(field: number, key: string, value: string | number | boolean): Uint8Array {
  let v: Uint8Array;
  if (typeof value === 'string') v = string(1, value);
  else if (typeof value === 'boolean') v = varint(2, value ? 1 : 0);
  else if (Number.isInteger(value)) v = varint(3, value);
  else v = double(4, value);
  return message(field, string(1, key), message(2, v));
}

/** The OTLP/JSON form of `keyValue`'s KeyValue. */
export function jsonKeyValue(key: string, value: string | number | boolean): unknown {
  if (typeof value === 'string') return { key, value: { stringValue: value } };
  if (typeof value === 'boolean') return { key, value: { boolValue: value } };
  if (Number.isInteger(value)) return { key, value: { intValue: String(value) } };
  return { key, value: { doubleValue: value } };
}
