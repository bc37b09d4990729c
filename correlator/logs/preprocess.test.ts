import { describe, expect, it } from 'vitest';
import { maskVariables, splitFirstLine, tokenize } from './preprocess.ts';

describe('maskVariables', () => {
  it.each([
    ['Request 1234 from 10.0.0.1:8080 took 12ms', 'Request <*> from <*> took <*>'],
    ['trace=4bf92f3577b34da6a3ce929d0e0e4736 span 0x1f2e', 'trace=<*> span <*>'],
    ['id 550e8400-e29b-41d4-a716-446655440000 done', 'id <*> done'],
    ['user "john doe" said \'hi there\'', 'user <*> said <*>'],
    ['GET /api/users/123/orders?page=2 returned 200', 'GET <*> returned <*>'],
    ['peer fe80::1ff:fe23:4567:890a reset', 'peer <*> reset'],
    ['retry in 1h30m after 1.5s, used 64KiB 99%', 'retry in <*> after <*>, used <*> <*>'],
    ['at 2024-01-02T03:04:05.123Z and 12:30:45', 'at <*> and <*>'],
  ])('masks variables in %j', (input, expected) => {
    expect(maskVariables(input)).toBe(expected);
  });

  it('leaves constant words that merely contain digits or hex letters', () => {
    const line = "http2 upgrade on v1 for user42: can't find std::vector in /usr/lib, deadbeef";
    expect(maskVariables(line)).toBe(line);
  });
});

describe('splitFirstLine / tokenize', () => {
  it('keeps only the first non-blank line and reports the rest', () => {
    expect(splitFirstLine('\n  Exception: boom\n\tat a.b(C.java:1)\n')).toEqual({ firstLine: 'Exception: boom', multiLine: true });
    expect(splitFirstLine('single line\n')).toEqual({ firstLine: 'single line', multiLine: false });
  });

  it('reads a JSON first line as its message, with its error after it', () => {
    const structured = '{"error":"rpc error: code = Unavailable desc = context deadline exceeded","message":"request error","severity":"error"}';
    expect(splitFirstLine(`${structured}\nerror: rpc error\n\ngoroutine 7 [running]:\n`)).toEqual({
      firstLine: 'request error: rpc error: code = Unavailable desc = context deadline exceeded',
      multiLine: true,
    });
    expect(splitFirstLine('{"level":"error","msg":"cache refresh failed","user":"u-1"}')).toEqual({ firstLine: 'cache refresh failed', multiLine: false });
    expect(splitFirstLine('{\n  "msg": "pretty printed",\n  "n": 3\n}')).toEqual({ firstLine: 'pretty printed', multiLine: false });
    // Not an object, or no message: the line as it is.
    expect(splitFirstLine('{"level":"error","n":3}').firstLine).toBe('{"level":"error","n":3}');
    expect(splitFirstLine('{broken json}').firstLine).toBe('{broken json}');
  });

  it('splits on whitespace runs and gives no tokens for an empty line', () => {
    expect(tokenize('  a \t b   c ')).toEqual(['a', 'b', 'c']);
    expect(tokenize('   ')).toEqual([]);
  });
});
