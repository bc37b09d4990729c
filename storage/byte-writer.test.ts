/**
 * The byte writer and the exact 64-bit parsing under it: strings are the
 * bytes Buffer.from gives behind the right LEB128 length, and decimal text
 * becomes the exact 64-bit value, for every length and code point.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteWriter, varintSize } from './byte-writer.ts';
import { parseUnsignedDecimal, parsed, splitBigInt, splitInteger } from './uint64-text.ts';

function leb128(value: number): number[] {
  const out: number[] = [];
  while (value >= 0x80) {
    out.push((value & 0x7f) | 0x80);
    value = Math.floor(value / 128);
  }
  out.push(value);
  return out;
}

function encodedString(text: string): Buffer {
  const w = new ByteWriter(16);
  w.string(text);
  return Buffer.from(w.finish());
}

function expectedString(text: string): Buffer {
  const utf8 = Buffer.from(text, 'utf8');
  return Buffer.concat([Buffer.from(leb128(utf8.length)), utf8]);
}

function parsedValue(): bigint {
  return BigInt(parsed.hi) * 2n ** 32n + BigInt(parsed.lo);
}

describe('ByteWriter.varint', () => {
  it('writes unsigned LEB128 at every size boundary', () => {
    for (const value of [0, 1, 127, 128, 255, 16383, 16384, 2097151, 2097152, 268435455, 268435456, 2 ** 32 - 1]) {
      const w = new ByteWriter(0);
      w.varint(value);
      expect([...w.finish()]).toEqual(leb128(value));
      expect(varintSize(value)).toBe(leb128(value).length);
    }
  });
});

describe('ByteWriter.string', () => {
  it('matches Buffer.from for ASCII, 2-, 3- and 4-byte UTF-8 and lone surrogates', () => {
    const samples = ['', 'a', 'ü', '日本', '😀', '𝄞x', 'a\u0000b', '\ud800', '\udc00x', 'x\ud83d', '\ud83d\ud83d\ude00', 'é'.repeat(42), '😀'.repeat(21)];
    for (const text of samples) expect(encodedString(text)).toEqual(expectedString(text));
  });

  it('uses 1-, 2- and 3-byte lengths around 127 and 16383 bytes, on both the short and the long path', () => {
    const cases: Array<[string, number]> = [
      ['x'.repeat(42), 1], // short path
      ['€'.repeat(42), 1], // 126 bytes, short path
      ['€'.repeat(43), 2], // 129 bytes, long path
      ['x'.repeat(127), 1],
      ['x'.repeat(128), 2],
      ['x'.repeat(16383), 2],
      ['x'.repeat(16384), 3],
      ['😀'.repeat(5000), 3], // 20000 bytes
    ];
    for (const [text, lengthBytes] of cases) {
      const bytes = encodedString(text);
      expect(bytes).toEqual(expectedString(text));
      expect(bytes.length - Buffer.byteLength(text)).toBe(lengthBytes);
    }
  });

  it('matches Buffer.from for any UTF-16 string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 60 }), fc.string({ maxLength: 200 })), (text) => {
        expect(encodedString(text)).toEqual(expectedString(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('grows the buffer as needed and keeps what was written', () => {
    const w = new ByteWriter(0);
    const texts: string[] = [];
    for (let i = 0; i < 3000; i++) texts.push(`${i}:${'ß'.repeat(i % 50)}`);
    for (const text of texts) w.string(text);
    expect(Buffer.from(w.finish())).toEqual(Buffer.concat(texts.map(expectedString)));
  });
});

describe('ByteWriter fixed-width values', () => {
  it('writes little-endian integers and IEEE floats', () => {
    const w = new ByteWriter(0);
    w.ensure(64);
    w.u8(0xab);
    w.u16(0x1234);
    w.u32(0xdeadbeef);
    w.u32(-2);
    w.u64(0x89abcdef, 0x01234567);
    w.f64(1.5);
    w.f32(-2.5);
    const expected = Buffer.alloc(31);
    expected.writeUInt8(0xab, 0);
    expected.writeUInt16LE(0x1234, 1);
    expected.writeUInt32LE(0xdeadbeef, 3);
    expected.writeInt32LE(-2, 7);
    expected.writeBigUInt64LE(0x0123456789abcdefn, 11);
    expected.writeDoubleLE(1.5, 19);
    expected.writeFloatLE(-2.5, 27);
    expect(Buffer.from(w.finish())).toEqual(expected);
  });
});

describe('parseUnsignedDecimal', () => {
  it('is exact for every value below 2^64', () => {
    const edges = [0n, 1n, 999999999n, 1000000000n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n + 1n, 1700000000123456789n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 64n - 1n];
    for (const value of edges) {
      expect(parseUnsignedDecimal(value.toString(), 0)).toBe(true);
      expect(parsedValue()).toBe(value);
    }
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (value) => {
        expect(parseUnsignedDecimal(value.toString(), 0)).toBe(true);
        expect(parsedValue()).toBe(value);
      }),
      { numRuns: 5000 },
    );
  });

  it('reports 2^64 and more through hi >= 2^32, and refuses text that is not digits', () => {
    expect(parseUnsignedDecimal('18446744073709551616', 0)).toBe(true);
    expect(parsed.hi).toBeGreaterThanOrEqual(2 ** 32);
    expect(parseUnsignedDecimal('99999999999999999999', 0)).toBe(true);
    expect(parsed.hi).toBeGreaterThanOrEqual(2 ** 32);
    expect(parseUnsignedDecimal('100000000000000000000', 0)).toBe(false);
    expect(parseUnsignedDecimal('00000000000000000000000042', 0)).toBe(true);
    expect(parsedValue()).toBe(42n);
    for (const text of ['', '-1', '+1', '1.5', '1e9', ' 1', '1 ', '0x10', '١٢']) expect(parseUnsignedDecimal(text, 0)).toBe(false);
    expect(parseUnsignedDecimal('-123', 1)).toBe(true);
    expect(parsedValue()).toBe(123n);
  });
});

describe('splitInteger / splitBigInt', () => {
  it('give the 64-bit two\u2019s complement', () => {
    for (const value of [0, 1, -1, 2 ** 32, -(2 ** 32), 2 ** 53 - 1, -(2 ** 53), 2 ** 60, -(2 ** 63), 2 ** 64 - 2 ** 12]) {
      splitInteger(value);
      expect(parsedValue()).toBe(BigInt.asUintN(64, BigInt(value)));
    }
    for (const value of [0n, -1n, 2n ** 63n, -(2n ** 63n), 2n ** 64n - 1n]) {
      splitBigInt(value);
      expect(parsedValue()).toBe(BigInt.asUintN(64, value));
    }
  });
});
