/**
 * Test support for the metrics decoders: a tiny protobuf field writer (each
 * helper encodes one field; a message is the concatenation of its fields) and
 * attribute helpers for both wire formats. Used only by `metrics-*.test.ts`.
 */

const WIRE = { varint: 0, fixed64: 1, len: 2, fixed32: 5 } as const;

function varintBytes(value: bigint): number[] {
  let v = BigInt.asUintN(64, value);
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

function tag(field: number, wire: number): number[] {
  return varintBytes(BigInt((field << 3) | wire));
}

function fixed64Bytes(value: bigint): number[] {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, value), true);
  return [...b];
}

function doubleBytes(value: number): number[] {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, value, true);
  return [...b];
}

export function cat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** One encoded field each; a message is the concatenation of its fields. */
export const pb = {
  varint: (field: number, v: number | bigint) => new Uint8Array([...tag(field, WIRE.varint), ...varintBytes(BigInt(v))]),
  sint32: (field: number, v: number) => new Uint8Array([...tag(field, WIRE.varint), ...varintBytes(BigInt(((v << 1) ^ (v >> 31)) >>> 0))]),
  fixed64: (field: number, v: number | bigint) => new Uint8Array([...tag(field, WIRE.fixed64), ...fixed64Bytes(BigInt(v))]),
  double: (field: number, v: number) => new Uint8Array([...tag(field, WIRE.fixed64), ...doubleBytes(v)]),
  fixed32: (field: number, v: number) => new Uint8Array([...tag(field, WIRE.fixed32), v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24]),
  bytes: (field: number, b: Uint8Array) => new Uint8Array([...tag(field, WIRE.len), ...varintBytes(BigInt(b.length)), ...b]),
  string: (field: number, s: string) => pb.bytes(field, new TextEncoder().encode(s)),
  message: (field: number, ...fields: Uint8Array[]) => pb.bytes(field, cat(...fields)),
  hex: (field: number, hex: string) => pb.bytes(field, new Uint8Array(Buffer.from(hex, 'hex'))),
  packedFixed64: (field: number, vs: Array<number | bigint>) => pb.bytes(field, new Uint8Array(vs.flatMap((v) => fixed64Bytes(BigInt(v))))),
  packedDouble: (field: number, vs: number[]) => pb.bytes(field, new Uint8Array(vs.flatMap(doubleBytes))),
  packedVarint: (field: number, vs: Array<number | bigint>) => pb.bytes(field, new Uint8Array(vs.flatMap((v) => varintBytes(BigInt(v))))),
  /** A raw tag with any wire type (for wrong-wire-type and group tests). */
  tag: (field: number, wire: number) => new Uint8Array(tag(field, wire)),
};

/** Unknown fields (numbers no OTLP message uses) of every wire type. */
export function unknownFields(): Uint8Array {
  return cat(pb.varint(1000, 123456789), pb.fixed64(1001, 7n), pb.string(1002, 'ignored'), pb.fixed32(1003, 0xdeadbeef), pb.message(1004, pb.varint(1, 1)));
}

export function keyValue(field: number, key: string, value: string | number | boolean): Uint8Array {
  let v: Uint8Array;
  if (typeof value === 'string') v = pb.string(1, value);
  else if (typeof value === 'boolean') v = pb.varint(2, value ? 1 : 0);
  else if (Number.isInteger(value)) v = pb.varint(3, BigInt(value));
  else v = pb.double(4, value);
  return pb.message(field, pb.string(1, key), pb.message(2, v));
}

export function jsonKeyValue(key: string, value: string | number | boolean): unknown {
  if (typeof value === 'string') return { key, value: { stringValue: value } };
  if (typeof value === 'boolean') return { key, value: { boolValue: value } };
  if (Number.isInteger(value)) return { key, value: { intValue: String(value) } };
  return { key, value: { doubleValue: value } };
}
