/**
 * A growable little-endian byte buffer for the RowBinary encoder
 * (https://clickhouse.com/docs/interfaces/formats/RowBinary).
 *
 * One writer serves one encode call: callers `ensure` room before the fixed
 * width writes; `string` and `varint` make their own room. `finish` hands out
 * a view of the written bytes without copying, so the writer must not be
 * used afterwards (the view is the insert body until the insert settles).
 * Buffers are allocated outside Node's shared pool: the embedded engine
 * reads the body in place from another thread.
 */

/** Unsigned LEB128 length of a non-negative integer below 2^32. */
export function varintSize(value: number): number {
  let size = 1;
  while (value >= 0x80) {
    value >>>= 7;
    size++;
  }
  return size;
}

/**
 * Strings shorter than this are encoded by a JS loop: at three bytes per
 * UTF-16 unit they take at most 126 bytes, so their length varint is one
 * byte, written after the string. Measured on span rows (median string 12
 * characters), the loop is about twice as fast as `Buffer.byteLength` plus
 * `Buffer.write`, whose native calls dominate for short strings; a
 * back-patched `utf8Write` sits between the two.
 */
const SHORT_STRING = 43;

export class ByteWriter {
  buf: Buffer;
  pos = 0;
  private readonly floats = new Float64Array(1);
  private readonly floatBytes = new Uint8Array(this.floats.buffer);
  private readonly float32s = new Float32Array(1);
  private readonly float32Bytes = new Uint8Array(this.float32s.buffer);

  constructor(initialBytes: number) {
    this.buf = Buffer.allocUnsafeSlow(Math.max(1024, Math.ceil(initialBytes)));
  }

  /** Makes room for `bytes` more bytes. */
  ensure(bytes: number): void {
    if (this.pos + bytes > this.buf.length) this.grow(bytes);
  }

  private grow(bytes: number): void {
    let size = this.buf.length * 2;
    while (size < this.pos + bytes) size *= 2;
    const next = Buffer.allocUnsafeSlow(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** The bytes written so far (a view, not a copy). */
  finish(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  /** Caller ensured 1 byte. */
  u8(value: number): void {
    this.buf[this.pos++] = value;
  }

  /** Caller ensured 2 bytes. `value` is taken modulo 2^16. */
  u16(value: number): void {
    const buf = this.buf;
    const p = this.pos;
    buf[p] = value;
    buf[p + 1] = value >>> 8;
    this.pos = p + 2;
  }

  /** Caller ensured 4 bytes. `value` is taken modulo 2^32. */
  u32(value: number): void {
    const buf = this.buf;
    const p = this.pos;
    buf[p] = value;
    buf[p + 1] = value >>> 8;
    buf[p + 2] = value >>> 16;
    buf[p + 3] = value >>> 24;
    this.pos = p + 4;
  }

  /** Caller ensured 8 bytes. Writes `hi * 2^32 + lo`, both halves taken modulo 2^32. */
  u64(lo: number, hi: number): void {
    this.u32(lo);
    this.u32(hi);
  }

  /** Caller ensured 8 bytes. */
  f64(value: number): void {
    this.floats[0] = value;
    const bytes = this.floatBytes;
    const buf = this.buf;
    const p = this.pos;
    for (let i = 0; i < 8; i++) buf[p + i] = bytes[i] as number;
    this.pos = p + 8;
  }

  /** Caller ensured 4 bytes. */
  f32(value: number): void {
    this.float32s[0] = value;
    const bytes = this.float32Bytes;
    const buf = this.buf;
    const p = this.pos;
    for (let i = 0; i < 4; i++) buf[p + i] = bytes[i] as number;
    this.pos = p + 4;
  }

  /** Unsigned LEB128 of a non-negative integer below 2^32 (a length or a count). */
  varint(value: number): void {
    this.ensure(5);
    const buf = this.buf;
    let p = this.pos;
    while (value >= 0x80) {
      buf[p++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    buf[p++] = value;
    this.pos = p;
  }

  /**
   * A String: LEB128 byte length, then UTF-8. Lone surrogates become
   * U+FFFD, as `Buffer.from(text)` does.
   */
  string(text: string): void {
    const n = text.length;
    if (n >= SHORT_STRING) {
      const bytes = Buffer.byteLength(text, 'utf8');
      this.varint(bytes);
      this.ensure(bytes);
      this.pos += this.buf.write(text, this.pos, bytes, 'utf8');
      return;
    }
    this.ensure(1 + 3 * n);
    const buf = this.buf;
    const start = this.pos;
    let p = start + 1;
    for (let i = 0; i < n; i++) {
      let c = text.charCodeAt(i);
      if (c < 0x80) {
        buf[p++] = c;
      } else if (c < 0x800) {
        buf[p++] = 0xc0 | (c >>> 6);
        buf[p++] = 0x80 | (c & 0x3f);
      } else {
        if (c >= 0xd800 && c <= 0xdfff) {
          const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
          if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
            const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
            buf[p++] = 0xf0 | (cp >>> 18);
            buf[p++] = 0x80 | ((cp >>> 12) & 0x3f);
            buf[p++] = 0x80 | ((cp >>> 6) & 0x3f);
            buf[p++] = 0x80 | (cp & 0x3f);
            i++;
            continue;
          }
          c = 0xfffd;
        }
        buf[p++] = 0xe0 | (c >>> 12);
        buf[p++] = 0x80 | ((c >>> 6) & 0x3f);
        buf[p++] = 0x80 | (c & 0x3f);
      }
    }
    buf[start] = p - start - 1;
    this.pos = p;
  }
}
