import { ClickHouseError } from '@clickhouse/client';
import { describe, expect, it } from 'vitest';
import { classifyStorageError, storageErrorFacts, TRANSIENT_CLICKHOUSE_CODES } from './classify-error.ts';

function systemError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

function clickhouseError(code: number, type: string, message: string): ClickHouseError {
  return new ClickHouseError({ code: String(code), type, message });
}

describe('classifyStorageError', () => {
  it.each([
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:8123'],
    ['ECONNRESET', 'read ECONNRESET'],
    ['ETIMEDOUT', 'connect ETIMEDOUT 10.0.0.1:8123'],
    ['ENOTFOUND', 'getaddrinfo ENOTFOUND clickhouse.invalid'],
    ['EAI_AGAIN', 'getaddrinfo EAI_AGAIN clickhouse'],
    ['EPIPE', 'write EPIPE'],
    ['EHOSTUNREACH', 'connect EHOSTUNREACH 10.0.0.1:8123'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'],
  ])('network failure %s is retryable', (code, message) => {
    const error = classifyStorageError(systemError(code, message), 'insert into db.otel_traces (3 rows)');
    expect(error.code).toBe('CW_ERR_STORAGE_UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(error.httpStatus).toBe(503);
    expect(error.message).toBe(`insert into db.otel_traces (3 rows): ${code}: ${message}`);
  });

  it('finds a network code in the cause chain', () => {
    const wrapped = new Error('request failed', { cause: systemError('ECONNRESET', 'socket hang up') });
    expect(classifyStorageError(wrapped, 'query').code).toBe('CW_ERR_STORAGE_UNAVAILABLE');
  });

  it.each(['Timeout error.', 'socket hang up', 'Client network socket disconnected before secure TLS connection was established'])(
    'code-less transport failure "%s" is retryable',
    (message) => {
      expect(classifyStorageError(new Error(message), 'query').code).toBe('CW_ERR_STORAGE_UNAVAILABLE');
    },
  );

  it('an HTTP 5xx answer without a ClickHouse code (a proxy page) is retryable', () => {
    const page = new Error('<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>');
    expect(classifyStorageError(page, 'query').code).toBe('CW_ERR_STORAGE_UNAVAILABLE');
    expect(classifyStorageError(new Error('upstream unavailable'), 'query').code).toBe('CW_ERR_STORAGE_QUERY');
    const withStatus = Object.assign(new Error('no healthy upstream'), { statusCode: 503 });
    expect(classifyStorageError(withStatus, 'query')).toMatchObject({ code: 'CW_ERR_STORAGE_UNAVAILABLE', message: 'query: HTTP 503: no healthy upstream' });
    const client4xx = Object.assign(new Error('forbidden'), { statusCode: 403 });
    expect(classifyStorageError(client4xx, 'query').code).toBe('CW_ERR_STORAGE_QUERY');
  });

  it.each([
    [159, 'TIMEOUT_EXCEEDED'],
    [202, 'TOO_MANY_SIMULTANEOUS_QUERIES'],
    [209, 'SOCKET_TIMEOUT'],
    [210, 'NETWORK_ERROR'],
    [241, 'MEMORY_LIMIT_EXCEEDED'],
    [242, 'TABLE_IS_READ_ONLY'],
    [252, 'TOO_MANY_PARTS'],
    [279, 'ALL_CONNECTION_TRIES_FAILED'],
    [999, 'KEEPER_EXCEPTION'],
  ])('ClickHouse code %i (%s) is retryable', (code, type) => {
    expect(TRANSIENT_CLICKHOUSE_CODES.get(code)).toBe(type);
    const error = classifyStorageError(clickhouseError(code, type, 'something passing'), 'insert into db.otel_logs (1 rows)');
    expect(error).toMatchObject({ code: 'CW_ERR_STORAGE_UNAVAILABLE', retryable: true });
    expect(error.message).toBe(`insert into db.otel_logs (1 rows): ${type} (${code}): something passing`);
  });

  it.each([
    [62, 'SYNTAX_ERROR'],
    [60, 'UNKNOWN_TABLE'],
    [16, 'NO_SUCH_COLUMN_IN_TABLE'],
    [53, 'TYPE_MISMATCH'],
    [27, 'CANNOT_PARSE_INPUT_ASSERTION_FAILED'],
    [516, 'AUTHENTICATION_FAILED'],
  ])('ClickHouse code %i (%s) is not retryable', (code, type) => {
    const error = classifyStorageError(clickhouseError(code, type, 'the reason'), 'statement "SELECT 1"');
    expect(error).toMatchObject({ code: 'CW_ERR_STORAGE_QUERY', retryable: false, httpStatus: 500 });
    expect(error.message).toBe(`statement "SELECT 1": ${type} (${code}): the reason`);
  });

  it('reads the code from the message of servers before 20.x, which the client does not parse', () => {
    const old = new Error("Code: 60, e.displayText() = DB::Exception: Table default.nope doesn't exist., e.what() = DB::Exception\n");
    expect(storageErrorFacts(old)).toEqual({ clickhouseCode: 60, clickhouseType: 'UNKNOWN_TABLE', message: "Table default.nope doesn't exist." });
    expect(classifyStorageError(old, 'query "SELECT * FROM nope"')).toMatchObject({
      code: 'CW_ERR_STORAGE_QUERY',
      message: `query "SELECT * FROM nope": UNKNOWN_TABLE (60): Table default.nope doesn't exist.`,
    });
    const overloaded = new Error('Code: 202, e.displayText() = DB::Exception: Too many simultaneous queries. Maximum: 100, e.what() = DB::Exception');
    expect(classifyStorageError(overloaded, 'query').code).toBe('CW_ERR_STORAGE_UNAVAILABLE');
  });

  it('reads code and type from the current message style', () => {
    const text = "Code: 241. DB::Exception: Memory limit (total) exceeded: would use 9.31 GiB. (MEMORY_LIMIT_EXCEEDED) (version 24.8.1.1)";
    expect(storageErrorFacts(new Error(text))).toMatchObject({ clickhouseCode: 241, clickhouseType: 'MEMORY_LIMIT_EXCEEDED' });
    expect(classifyStorageError(new Error(text), 'q').message).toBe('q: MEMORY_LIMIT_EXCEEDED (241): Memory limit (total) exceeded: would use 9.31 GiB.');
  });

  it('a ClickHouse code wins over words in the message', () => {
    const error = clickhouseError(62, 'SYNTAX_ERROR', 'Syntax error: failed at position 1 (timeout)');
    expect(classifyStorageError(error, 'q').code).toBe('CW_ERR_STORAGE_QUERY');
  });

  it('unknown failures are not retryable', () => {
    expect(classifyStorageError(new TypeError('Cannot read properties of undefined'), 'q').code).toBe('CW_ERR_STORAGE_QUERY');
    expect(classifyStorageError('weird', 'q')).toMatchObject({ code: 'CW_ERR_STORAGE_QUERY', message: 'q: weird' });
  });

  it('the embedded engine refusing a second data folder, and a closed connection, are retryable', () => {
    const busy = Object.assign(new Error("chdb: only one active data directory per process; close the current session (path='/a') before opening '/b'"), {
      code: 'CHDB_CONNECTION',
    });
    expect(classifyStorageError(busy, 'embedded store in /b').code).toBe('CW_ERR_STORAGE_UNAVAILABLE');
    expect(classifyStorageError(new Error('ChdbConnection is closed'), 'q').code).toBe('CW_ERR_STORAGE_UNAVAILABLE');
  });

  it('keeps long server messages bounded', () => {
    const error = classifyStorageError(clickhouseError(62, 'SYNTAX_ERROR', 'x'.repeat(10_000)), 'q');
    expect(error.message.length).toBeLessThan(2_100);
  });
});
