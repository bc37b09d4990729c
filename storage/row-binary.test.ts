/**
 * The RowBinary encoder without an engine: what it compiles (and refuses to),
 * the exact bytes of each type, and the errors naming table, column and row.
 * storage/row-binary-engine.test.ts checks what the engine stores from it.
 */
import { describe, expect, it } from 'vitest';
import { compileRowBinaryEncoder, type RowBinaryEncoder, RowBinaryValueError } from './row-binary.ts';
import { LOGS_SPEC, OTEL_TABLE_SPECS, TRACES_SPEC } from './schema/otel-tables.ts';
import type { ColumnSpec } from './schema/table-spec.ts';

function compile(columns: ColumnSpec[], name = 't'): RowBinaryEncoder {
  const compiled = compileRowBinaryEncoder({ name, columns });
  if (!compiled.ok) throw new Error(compiled.reason);
  return compiled.encoder;
}

function hex(encoder: RowBinaryEncoder, rows: object[]): string {
  return encoder.encode(rows).toString('hex');
}

function encodeError(encoder: RowBinaryEncoder, rows: object[]): RowBinaryValueError {
  try {
    encoder.encode(rows);
  } catch (err) {
    if (err instanceof RowBinaryValueError) return err;
    throw err;
  }
  throw new Error('expected a RowBinaryValueError');
}

describe('compileRowBinaryEncoder', () => {
  it('compiles every otel table', () => {
    for (const spec of OTEL_TABLE_SPECS) expect(compileRowBinaryEncoder(spec).ok, spec.name).toBe(true);
  });

  it('flattens Nested columns into their Array fields, in declaration order', () => {
    const compiled = compileRowBinaryEncoder(TRACES_SPEC);
    expect(compiled.ok && compiled.encoder.columns).toEqual([
      'Timestamp',
      'TraceId',
      'SpanId',
      'ParentSpanId',
      'TraceState',
      'SpanName',
      'SpanKind',
      'ServiceName',
      'ResourceAttributes',
      'ScopeName',
      'ScopeVersion',
      'SpanAttributes',
      'Duration',
      'StatusCode',
      'StatusMessage',
      'Events.Timestamp',
      'Events.Name',
      'Events.Attributes',
      'Links.TraceId',
      'Links.SpanId',
      'Links.TraceState',
      'Links.Attributes',
    ]);
  });

  it('gives the type each column is written as: LowCardinality(T) as T', () => {
    const compiled = compileRowBinaryEncoder(TRACES_SPEC);
    if (!compiled.ok) throw new Error(compiled.reason);
    const types = Object.fromEntries(compiled.encoder.columns.map((c, i) => [c, compiled.encoder.types[i]]));
    expect(types).toMatchObject({
      Timestamp: 'DateTime64(9)',
      SpanName: 'String',
      ResourceAttributes: 'Map(String, String)',
      Duration: 'UInt64',
      'Events.Timestamp': 'Array(DateTime64(9))',
      'Events.Name': 'Array(String)',
      'Events.Attributes': 'Array(Map(String, String))',
    });
    const zoned = compileRowBinaryEncoder({ name: 't', columns: [{ name: 'd', type: "DateTime64(9, 'UTC')" }, { name: 'a', type: 'Array(LowCardinality(String))' }] });
    expect(zoned.ok && zoned.encoder.types).toEqual(["DateTime64(9, 'UTC')", 'Array(String)']);
  });

  it('leaves columns with a DEFAULT expression out of the insert', () => {
    const compiled = compileRowBinaryEncoder(LOGS_SPEC);
    expect(compiled.ok && compiled.encoder.columns).not.toContain('TimestampTime');
    expect(compiled.ok && compiled.encoder.columns.length).toBe(LOGS_SPEC.columns.length - 1);
  });

  it('says which column has a type it does not write', () => {
    const cases: Array<[string, string]> = [
      ['Nullable(String)', 'column c: Nullable(String) is not supported by the RowBinary encoder'],
      ['Decimal(10, 2)', 'column c: Decimal(10, 2) is not supported'],
      ['DateTime64(3)', 'column c: DateTime64(3) is not supported'],
      ['Array(IPv6)', 'column c: IPv6 is not supported'],
      ['Map(String, Tuple(UInt8, String))', 'column c: Tuple(UInt8, String) is not supported'],
      ['Nested(a String, b UUID)', 'column c.b: UUID is not supported'],
      ['LowCardinality(Nullable(String))', 'column c: Nullable(String) is not supported'],
      ['String(3)', 'column c: String(3) is not supported'],
    ];
    for (const [type, reason] of cases) {
      const compiled = compileRowBinaryEncoder({ name: 'events', columns: [{ name: 'a', type: 'String' }, { name: 'c', type }] });
      expect(compiled.ok, type).toBe(false);
      expect(!compiled.ok && compiled.reason, type).toContain(`events: ${reason}`);
    }
  });
});

describe('encode: bytes per type', () => {
  it('writes integers, floats, Bool and strings little-endian with LEB128 lengths', () => {
    const encoder = compile([
      { name: 'u8', type: 'UInt8' },
      { name: 'i32', type: 'Int32' },
      { name: 'u32', type: 'UInt32' },
      { name: 'u64', type: 'UInt64' },
      { name: 'i64', type: 'Int64' },
      { name: 'f64', type: 'Float64' },
      { name: 'b', type: 'Bool' },
      { name: 's', type: 'LowCardinality(String)' },
    ]);
    const row = { u8: 255, i32: -2, u32: 4294967295, u64: '18446744073709551615', i64: '-9223372036854775808', f64: 1.5, b: true, s: 'hé' };
    expect(hex(encoder, [row])).toBe(
      ['ff', 'feffffff', 'ffffffff', 'ffffffffffffffff', '0000000000000080', '000000000000f83f', '01', '0368c3a9'].join(''),
    );
  });

  it('writes DateTime64(9) as Int64 nanoseconds from decimal strings, numbers and bigints', () => {
    const encoder = compile([{ name: 't', type: 'DateTime64(9)' }]);
    const values: Array<[unknown, string]> = [
      ['0', '0000000000000000'],
      ['000', '0000000000000000'],
      ['1700000000123456789', Buffer.from(BigInt.asUintN(64, 1700000000123456789n).toString(16).padStart(16, '0'), 'hex').reverse().toString('hex')],
      ['18446744073709551615', 'ffffffffffffffff'],
      [1, '0100000000000000'],
      [-1, 'ffffffffffffffff'],
      [2n ** 63n - 1n, 'ffffffffffffff7f'],
      [undefined, '0000000000000000'],
    ];
    for (const [value, bytes] of values) expect(hex(encoder, [{ t: value }]), String(value)).toBe(bytes);
  });

  it('writes DateTime as UInt32 seconds', () => {
    const encoder = compile([{ name: 'd', type: 'DateTime' }]);
    expect(hex(encoder, [{ d: 1700000000 }, { d: '1' }, { d: new Date(2000) }])).toBe('00f1536501000000' + '02000000');
  });

  it('writes arrays and maps with LEB128 counts, and defaults for missing values', () => {
    const encoder = compile([
      { name: 'a', type: 'Array(UInt64)' },
      { name: 'm', type: 'Map(LowCardinality(String), String)' },
      { name: 'n', type: 'Nested(x Float64, y String)' },
    ]);
    expect(hex(encoder, [{ a: [1, 2], m: { k: 'v' }, 'n.x': [0], 'n.y': [''] }])).toBe(
      '02' + '0100000000000000' + '0200000000000000' + '01' + '016b' + '0176' + '01' + '0000000000000000' + '01' + '00',
    );
    expect(hex(encoder, [{}])).toBe('00' + '00' + '00' + '00');
    expect(hex(encoder, [{ a: null, m: null }])).toBe('00000000');
  });

  it('leaves out map keys whose value is undefined, as JSON does', () => {
    const encoder = compile([{ name: 'm', type: 'Map(String, String)' }]);
    expect(hex(encoder, [{ m: { a: 'x', b: undefined, c: 'y' } }])).toBe('02' + '0161' + '0178' + '0163' + '0179');
    expect(hex(encoder, [{ m: { b: undefined } }])).toBe('00');
  });

  it('writes __proto__ as an ordinary map key', () => {
    const encoder = compile([{ name: 'm', type: 'Map(String, String)' }]);
    const map = JSON.parse('{"__proto__":"p","a":"b"}') as Record<string, string>;
    expect(hex(encoder, [{ m: map }])).toBe('02' + '095f5f70726f746f5f5f' + '0170' + '0161' + '0162');
  });

  it('writes many rows across buffer growth', () => {
    const encoder = compile([
      { name: 'i', type: 'UInt32' },
      { name: 's', type: 'String' },
    ]);
    const rows = Array.from({ length: 5000 }, (_, i) => ({ i, s: 'x'.repeat(i % 300) }));
    const body = encoder.encode(rows);
    const decoded: Array<{ i: number; s: string }> = [];
    let p = 0;
    while (p < body.length) {
      const i = body.readUInt32LE(p);
      p += 4;
      let length = 0;
      let shift = 0;
      for (;;) {
        const byte = body[p++] as number;
        length |= (byte & 0x7f) << shift;
        shift += 7;
        if (byte < 0x80) break;
      }
      decoded.push({ i, s: body.toString('utf8', p, p + length) });
      p += length;
    }
    expect(decoded).toEqual(rows);
    expect(p).toBe(body.length);
    // A second call is as large again and starts from the size seen.
    expect(encoder.encode(rows).equals(body)).toBe(true);
  });
});

describe('encode: bad values name table, column and row', () => {
  const encoder = compile(
    [
      { name: 'Timestamp', type: 'DateTime64(9)' },
      { name: 'Count', type: 'UInt64' },
      { name: 'Level', type: 'UInt8' },
      { name: 'Offset', type: 'Int32' },
      { name: 'Value', type: 'Float64' },
      { name: 'Flag', type: 'Bool' },
      { name: 'Name', type: 'String' },
      { name: 'Attributes', type: 'Map(LowCardinality(String), String)' },
      { name: 'Bounds', type: 'Array(Float64)' },
      { name: 'Derived', type: 'DateTime', default: 'toDateTime(Timestamp)' },
      { name: 'Events', type: 'Nested(Timestamp DateTime64(9), Name String)' },
    ],
    'otel_things',
  );
  const good = { Timestamp: '1700000000000000000', Count: 1, Level: 2, Offset: -3, Value: 0.5, Flag: false, Name: 'n', Attributes: { a: 'b' }, Bounds: [1] };

  const cases: Array<[string, object, string, string]> = [
    ['a timestamp that is not digits', { Timestamp: '2023-11-14T22:13:20Z' }, 'Timestamp', 'expected nanoseconds as decimal digits, got the string "2023-11-14T22:13:20Z"'],
    ['a negative timestamp string', { Timestamp: '-1' }, 'Timestamp', 'expected nanoseconds as decimal digits'],
    ['a timestamp of 2^64', { Timestamp: '18446744073709551616' }, 'Timestamp', 'expected nanoseconds up to 2^64-1'],
    ['a fractional timestamp', { Timestamp: 1.5 }, 'Timestamp', 'expected integer nanoseconds, got the number 1.5'],
    ['a non-numeric count', { Count: 'many' }, 'Count', 'expected an integer in 0..2^64-1, got the string "many"'],
    ['a negative count', { Count: -1 }, 'Count', 'expected an integer in 0..2^64-1, got the number -1'],
    ['a count of 2^64', { Count: '18446744073709551616' }, 'Count', 'expected an integer in 0..2^64-1'],
    ['a UInt8 out of range', { Level: 256 }, 'Level', 'expected an integer in 0..255, got the number 256'],
    ['an Int32 out of range', { Offset: 2 ** 31 }, 'Offset', 'expected an integer in -2147483648..2147483647'],
    ['NaN for an integer', { Offset: Number.NaN }, 'Offset', 'expected an integer in -2147483648..2147483647, got the number NaN'],
    ['a word for a float', { Value: 'fast' }, 'Value', 'expected a number, got the string "fast"'],
    ['a string for a Bool', { Flag: 'yes' }, 'Flag', 'expected a boolean, got the string "yes"'],
    ['an object for a String', { Name: { first: 'x' } }, 'Name', 'expected a string, got a value of type object'],
    ['an array for a Map', { Attributes: ['a'] }, 'Attributes', 'expected an object of key/value pairs, got an array'],
    ['a non-string map value', { Attributes: { ok: 'x', bad: {} } }, 'Attributes', 'key "bad": expected a string, got a value of type object'],
    ['a bad array element', { Bounds: [1, 'x'] }, 'Bounds', 'element 1: expected a number, got the string "x"'],
    ['a string for an array', { Bounds: '1,2' }, 'Bounds', 'expected an array, got the string "1,2"'],
    ['an unknown column', { Severity: 'typo' }, 'Severity', 'is not a column of otel_things'],
    ['a column with a DEFAULT expression', { Derived: 1 }, 'Derived', 'is computed by its DEFAULT expression and cannot be inserted'],
    ['Nested arrays of different lengths', { 'Events.Timestamp': ['1', '2'], 'Events.Name': ['a'] }, 'Events.Name', 'the arrays of one Nested column must have the same length in a row'],
    ['a bad nested element', { 'Events.Timestamp': ['1', 'x'], 'Events.Name': ['a', 'b'] }, 'Events.Timestamp', 'element 1: expected nanoseconds as decimal digits'],
  ];

  for (const [what, change, column, detail] of cases) {
    it(what, () => {
      const err = encodeError(encoder, [good, good, { ...good, ...change }]);
      expect(err).toMatchObject({ table: 'otel_things', column, row: 2 });
      expect(err.message).toContain(`otel_things row 2, column ${column}: ${detail}`);
    });
  }

  it('a row that is not an object', () => {
    const err = encodeError(encoder, [good, null as unknown as object]);
    expect(err.message).toBe('otel_things row 1, column (row): a row must be an object of columns');
  });

  it('accepts what JSONEachRow accepts: numeric strings, bigints, undefined keys and missing columns', () => {
    const rows = [
      { ...good, Count: '42', Level: '7', Offset: '-7', Value: '1e3', Name: 12, Unused: undefined },
      { ...good, Count: 2n ** 64n - 1n, Timestamp: 1700000000000000000n, Value: 'nan' },
      { Timestamp: '1' },
    ];
    expect(() => encoder.encode(rows)).not.toThrow();
  });
});
