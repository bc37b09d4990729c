/**
 * A minimal protobuf wire-format reader for the OTLP decoders.
 *
 * Contract: every read checks bounds and throws `ProtoDecodeError` (with the
 * byte offset) on truncated or malformed input; decoders catch it at the
 * top and turn it into a 400 / INVALID_ARGUMENT naming where it happened.
 * Unknown fields are skipped by wire type, as the protobuf spec requires, so
 * newer senders stay compatible.
 *
 * Wire format reference: https://protobuf.dev/programming-guides/encoding/
 */

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_FIXED32 = 5;

export class ProtoDecodeError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(`${message} at byte ${offset}`);
    this.name = 'ProtoDecodeError';
    this.offset = offset;
  }
}

/** An unsigned 64-bit value as its unsigned 32-bit halves. */
export interface Uint64Halves {
  lo: number;
  hi: number;
}

const TWO_POW_32 = 4294967296;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export class ProtoReader {
  readonly buf: Uint8Array;
  pos: number;
  /** Exclusive end of the message being read. */
  end: number;
  private readonly view: DataView;
  /** The same bytes as a Buffer, whose `toString` decodes a range without making a view of it first. */
  private readonly text: Buffer;

  constructor(buf: Uint8Array, start = 0, end = buf.length) {
    this.buf = buf;
    this.pos = start;
    this.end = end;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.text = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  hasMore(): boolean {
    return this.pos < this.end;
  }

  /** Reads a tag; returns `fieldNumber << 3 | wireType` as a plain number. */
  tag(): number {
    const t = this.uint32();
    if (t >>> 3 === 0) throw new ProtoDecodeError('invalid field number 0', this.pos);
    return t;
  }

  /** Varint as an unsigned 32-bit number (higher bits discarded, per spec for uint32/int32 fields). */
  uint32(): number {
    const buf = this.buf;
    let pos = this.pos;
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      if (pos >= this.end) throw new ProtoDecodeError('truncated varint', pos);
      const b = buf[pos++]!;
      if (shift < 32) result |= (b & 0x7f) << shift;
      shift += 7;
      if (b < 0x80) {
        this.pos = pos;
        return result >>> 0;
      }
    }
    throw new ProtoDecodeError('varint longer than 10 bytes', pos);
  }

  /** int32 / enum: the low 32 bits as a signed number. */
  int32(): number {
    return this.uint32() | 0;
  }

  /** Varint as two 32-bit halves [lo, hi] (unsigned). */
  private varint64(): [number, number] {
    const buf = this.buf;
    let pos = this.pos;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (pos >= this.end) throw new ProtoDecodeError('truncated varint', pos);
      const b = buf[pos++]!;
      if (i < 4) lo |= (b & 0x7f) << (i * 7);
      else if (i === 4) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >> 4;
      } else hi |= (b & 0x7f) << (i * 7 - 32);
      if (b < 0x80) {
        this.pos = pos;
        return [lo >>> 0, hi >>> 0];
      }
    }
    throw new ProtoDecodeError('varint longer than 10 bytes', pos);
  }

  /** int64 varint as a decimal string (exact). */
  int64String(): string {
    const [lo, hi] = this.varint64();
    return joinSigned64(lo, hi);
  }

  /** uint64 varint as a number (exact below 2^53; counts and bucket counts). */
  uint64Number(): number {
    const [lo, hi] = this.varint64();
    return hi * TWO_POW_32 + lo;
  }

  bool(): boolean {
    return this.uint32() !== 0;
  }

  private need(n: number): number {
    const p = this.pos;
    if (p + n > this.end) throw new ProtoDecodeError(`truncated field: need ${n} bytes, ${this.end - p} left`, p);
    this.pos = p + n;
    return p;
  }

  /** fixed64 as a decimal string of the unsigned value (timestamps in ns). */
  fixed64String(): string {
    const p = this.need(8);
    const lo = this.view.getUint32(p, true);
    const hi = this.view.getUint32(p + 4, true);
    return joinUnsigned64(lo, hi);
  }

  /** fixed64 as a number (exact below 2^53). */
  fixed64Number(): number {
    const p = this.need(8);
    return this.view.getUint32(p + 4, true) * TWO_POW_32 + this.view.getUint32(p, true);
  }

  /**
   * fixed64 into `out` as its unsigned 32-bit halves: exact 64-bit arithmetic
   * (span durations) without BigInt, and no allocation when `out` is reused.
   */
  fixed64Into(out: Uint64Halves): void {
    const p = this.need(8);
    out.lo = this.view.getUint32(p, true);
    out.hi = this.view.getUint32(p + 4, true);
  }

  /** sfixed64 as a decimal string. */
  sfixed64String(): string {
    const p = this.need(8);
    return joinSigned64(this.view.getUint32(p, true), this.view.getUint32(p + 4, true));
  }

  /** sint32 (zigzag varint). */
  sint32(): number {
    const n = this.uint32();
    return (n >>> 1) ^ -(n & 1);
  }

  fixed32(): number {
    const p = this.need(4);
    return this.view.getUint32(p, true);
  }

  double(): number {
    const p = this.need(8);
    return this.view.getFloat64(p, true);
  }

  /** Reads a length prefix and returns the [start, end) range of the payload. */
  lengthDelimited(): [number, number] {
    const len = this.uint32();
    const start = this.need(len);
    return [start, start + len];
  }

  string(): string {
    const [s, e] = this.lengthDelimited();
    return s === e ? '' : this.text.toString('utf8', s, e);
  }

  bytes(): Uint8Array {
    const [s, e] = this.lengthDelimited();
    return this.buf.subarray(s, e);
  }

  /**
   * Narrows this reader to the length-delimited message at its position, so
   * it can be read in place without allocating a sub-reader. Returns the
   * enclosing message's end: pass it to `leave()` once the nested message's
   * fields are read (`hasMore()` is false by then).
   */
  enter(): number {
    const len = this.uint32();
    const start = this.need(len);
    const outerEnd = this.end;
    this.pos = start;
    this.end = start + len;
    return outerEnd;
  }

  /** Ends a nested message begun with `enter()`, restoring the enclosing message's end. */
  leave(outerEnd: number): void {
    this.end = outerEnd;
  }

  /**
   * Moves to the next occurrence of the message field `field`, skipping
   * other fields: true with the reader on that field's length prefix (ready
   * for `enter()`), false at the end of the message being read. For loops
   * over a repeated message field; `name` labels the field in the error when
   * it comes with another wire type.
   */
  nextMessage(field: number, name: string): boolean {
    while (this.pos < this.end) {
      const tag = this.tag();
      if (tag >>> 3 === field) {
        this.expect(tag & 7, WIRE_LEN, name);
        return true;
      }
      this.skip(tag & 7);
    }
    return false;
  }

  /**
   * Reads a repeated scalar field that may be packed (LEN) or not; calls
   * `readOne` once per element.
   */
  repeated(wireType: number, readOne: () => void): void {
    if (wireType !== WIRE_LEN) {
      readOne();
      return;
    }
    const [s, e] = this.lengthDelimited();
    const savedEnd = this.end;
    this.pos = s;
    this.end = e;
    while (this.pos < e) readOne();
    this.end = savedEnd;
  }

  skip(wireType: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.varint64();
        return;
      case WIRE_FIXED64:
        this.need(8);
        return;
      case WIRE_LEN:
        this.lengthDelimited();
        return;
      case WIRE_FIXED32:
        this.need(4);
        return;
      default:
        throw new ProtoDecodeError(`unsupported wire type ${wireType}`, this.pos);
    }
  }

  /** Throws unless `wireType` is the one the schema says the field has. */
  expect(wireType: number, expected: number, field: string): void {
    if (wireType !== expected) {
      throw new ProtoDecodeError(`field ${field} has wire type ${wireType}, expected ${expected}`, this.pos);
    }
  }
}

export function bytesToIdHex(buf: Uint8Array, start: number, end: number): string {
  let zero = true;
  let out = '';
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    if (b !== 0) zero = false;
    out += HEX[b];
  }
  return zero ? '' : out;
}

/** An unsigned 64-bit value as exact decimal text, from its 32-bit halves. */
export function joinUnsigned64(lo: number, hi: number): string {
  if (hi < 0x200000) return String(hi * TWO_POW_32 + lo);
  return ((BigInt(hi) << 32n) | BigInt(lo)).toString();
}

function joinSigned64(lo: number, hi: number): string {
  if (hi & 0x80000000) return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString();
  return joinUnsigned64(lo, hi);
}
