import { describe, expect, it } from 'vitest';
import { encodeJsonEachRow, encodeJsonEachRowLine } from './json-each-row.ts';

const NANOS = new Set(['Timestamp', 'Events.Timestamp']);

describe('encodeJsonEachRow', () => {
  it('writes nanosecond columns as bare numbers, exact beyond 2^53', () => {
    const line = encodeJsonEachRowLine({ Timestamp: '1700000000123456789', 'Events.Timestamp': ['1700000000123456790', '0'], Name: 'x' }, NANOS);
    expect(line).toBe('{"Timestamp":1700000000123456789,"Events.Timestamp":[1700000000123456790,0],"Name":"x"}\n');
  });

  it('quotes digit strings of other columns and leaves non-decimal timestamps to ClickHouse', () => {
    expect(encodeJsonEachRowLine({ TraceId: '0123', Timestamp: '2024-01-01 00:00:00' }, NANOS)).toBe(
      '{"TraceId":"0123","Timestamp":"2024-01-01 00:00:00"}\n',
    );
  });

  it('puts nanosecond fields first, whatever their place in the row', () => {
    expect(encodeJsonEachRowLine({ Name: 'x', Timestamp: '7' }, NANOS)).toBe('{"Timestamp":7,"Name":"x"}\n');
    expect(encodeJsonEachRowLine({ Timestamp: '7' }, NANOS)).toBe('{"Timestamp":7}\n');
    expect(encodeJsonEachRowLine({}, NANOS)).toBe('{}\n');
  });

  it('drops leading zeros (not valid JSON numbers)', () => {
    expect(encodeJsonEachRowLine({ Timestamp: '000' }, NANOS)).toBe('{"Timestamp":0}\n');
  });

  it('leaves out undefined values and writes bigints exactly', () => {
    expect(encodeJsonEachRowLine({ a: undefined, Timestamp: 5n, n: 12345678901234567890n, m: { k: 1n } }, NANOS)).toBe(
      '{"Timestamp":5,"n":12345678901234567890,"m":{"k":"1"}}\n',
    );
  });

  it('keeps maps, arrays of maps and escapes', () => {
    const body = encodeJsonEachRow([{ m: { 'a"b': 'c\nd' }, l: [{ x: 'y' }] }, { m: {} }], new Set());
    expect(body.split('\n')).toEqual(['{"m":{"a\\"b":"c\\nd"},"l":[{"x":"y"}]}', '{"m":{}}', '']);
    for (const line of body.trim().split('\n')) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });
});
