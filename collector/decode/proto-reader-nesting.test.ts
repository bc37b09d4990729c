// ProtoReader's in-place nesting (enter / leave), fixed64 halves and UTF-8 strings.
import { describe, expect, it } from 'vitest';
import { ProtoDecodeError, ProtoReader, type Uint64Halves, joinUnsigned64 } from './proto-reader.ts';
import { concat, fixed64, message, string, varint } from './testing/proto-writer.ts';

describe('ProtoReader.enter / leave', () => {
  it('narrows the reader to a nested message and restores the enclosing end', () => {
    // outer { 1: inner { 1: "a", 2: 7 }, 2: "after" }
    const buf = concat(message(1, string(1, 'a'), varint(2, 7)), string(2, 'after'));
    const r = new ProtoReader(buf);
    expect(r.tag()).toBe((1 << 3) | 2);
    const outer = r.enter();
    expect(outer).toBe(buf.length);
    const seen: number[] = [];
    while (r.hasMore()) {
      const t = r.tag();
      seen.push(t >>> 3);
      r.skip(t & 7);
    }
    expect(seen).toEqual([1, 2]);
    r.leave(outer);
    expect(r.hasMore()).toBe(true);
    r.tag();
    expect(r.string()).toBe('after');
    expect(r.hasMore()).toBe(false);
  });

  it('refuses a nested length that runs past the enclosing message', () => {
    const inner = message(1, string(1, 'abc'));
    // Claim one byte more than the outer message holds.
    const broken = Uint8Array.from(inner);
    broken[1] = broken[1]! + 1;
    const r = new ProtoReader(broken);
    r.tag();
    expect(() => r.enter()).toThrow(ProtoDecodeError);
  });

  it('does not read past a narrowed end even when the buffer continues', () => {
    const buf = concat(message(1, varint(1, 300)), varint(2, 1));
    const r = new ProtoReader(buf);
    r.tag();
    const outer = r.enter();
    r.tag();
    expect(r.uint32()).toBe(300);
    expect(r.hasMore()).toBe(false);
    expect(() => r.tag()).toThrow(/truncated varint/);
    r.leave(outer);
    expect(r.hasMore()).toBe(true);
  });
});

describe('ProtoReader.fixed64Into', () => {
  it('reads both 32-bit halves exactly, matching fixed64String', () => {
    const out: Uint64Halves = { lo: -1, hi: -1 };
    for (const value of [0n, 1n, 0xffffffffn, 0x100000000n, 1_700_000_000_123_456_789n, 2n ** 64n - 1n]) {
      const bytes = fixed64(1, value);
      const a = new ProtoReader(bytes);
      a.tag();
      a.fixed64Into(out);
      expect([out.lo, out.hi]).toEqual([Number(value & 0xffffffffn), Number(value >> 32n)]);
      expect(joinUnsigned64(out.lo, out.hi)).toBe(value.toString());
      const b = new ProtoReader(bytes);
      b.tag();
      expect(b.fixed64String()).toBe(value.toString());
    }
  });

  it('throws ProtoDecodeError with the offset when fewer than 8 bytes remain', () => {
    const r = new ProtoReader(fixed64(1, 5n).subarray(0, 6));
    r.tag();
    expect(() => r.fixed64Into({ lo: 0, hi: 0 })).toThrow('truncated field: need 8 bytes, 5 left at byte 1');
  });
});

describe('ProtoReader.string', () => {
  // Invalid UTF-8 (a lone continuation byte, truncated sequences, a surrogate, overlong forms, past U+10FFFF) and valid text.
  const payloads = [[0xff], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0x61, 0xf8, 0x88, 0x80, 0x80, 0x80, 0x62], [0xf4, 0x90, 0x80, 0x80], [...Buffer.from('grüße, 世界 😀')]];
  const field = (bytes: number[]) => Uint8Array.from([0x0a, bytes.length, ...bytes]);

  it('decodes text as the WHATWG decoder does, bad bytes as U+FFFD, from a Buffer or a plain Uint8Array at any offset', () => {
    const expected = payloads.map((p) => new TextDecoder().decode(Uint8Array.from(p)));
    expect(expected.at(-1)).toBe('grüße, 世界 😀');
    for (const wrap of [(b: Uint8Array) => b, (b: Uint8Array) => Buffer.from(b), (b: Uint8Array) => new Uint8Array(Uint8Array.from([9, 9, ...b]).buffer, 2)]) {
      const decoded = payloads.map((p) => {
        const r = new ProtoReader(wrap(field(p)));
        r.tag();
        return r.string();
      });
      expect(decoded).toEqual(expected);
    }
  });
});
