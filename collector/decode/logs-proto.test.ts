// Hand-built protobuf edge cases for decodeLogsProto: field order, unknown
// fields, timestamps, flags, per-record refusals, truncation, wire types.
import { describe, expect, it } from 'vitest';
import type { LogRow } from '../../storage/otel-rows.ts';
import type { DecodedRequest } from './decoded-request.ts';
import { decodeLogsProto } from './logs-proto.ts';
import { bytes, concat, double, fixed32, fixed64, hex, message, string, stringAttribute, unknownFields, varint } from './testing/proto-writer.ts';

const TRACE = '5b8efff798038103d269b633813fc60c';
const SPAN = 'eee19b7ec3c1b174';
const TIME = 1_700_000_000_123_456_789n;

// Envelope field numbers (logs_service.proto, logs.proto).
const resourceLogs = (...f: Uint8Array[]): Uint8Array => message(1, ...f);
const scopeLogs = (...f: Uint8Array[]): Uint8Array => message(2, ...f);
const record = (...f: Uint8Array[]): Uint8Array => message(2, ...f);
const resource = message(1, stringAttribute(1, 'service.name', 'billing'), varint(2, 0));
const scope = message(1, string(1, 'io.billing'), string(2, '4.5.6'), stringAttribute(3, 'scope.tier', 'gold'), varint(4, 0));

/** Every LogRecord field, in field-number order; `unknown` goes between fields and inside nested messages. */
function fullRecordFields(unknown: Uint8Array = new Uint8Array()): Uint8Array[] {
  return [
    fixed64(1, TIME),
    varint(2, 17),
    string(3, 'ERROR'),
    unknown,
    // body: kvlist { "order": 7, "ok": false, "ratio": 0.25 }
    message(
      5,
      unknown,
      message(
        6,
        message(1, string(1, 'order'), message(2, varint(3, 7))),
        message(1, string(1, 'ok'), message(2, varint(2, 0))),
        message(1, string(1, 'ratio'), message(2, double(4, 0.25))),
      ),
    ),
    stringAttribute(6, 'order.id', 'o-7'),
    message(6, string(1, 'retries'), unknown, message(2, varint(3, -3))),
    varint(7, 0),
    fixed32(8, 0x0301),
    bytes(9, hex(TRACE)),
    bytes(10, hex(SPAN)),
    fixed64(11, TIME + 1000n),
    string(12, 'invoice.failed'),
    unknown,
  ];
}

const EXPECTED_FULL_ROW: LogRow = {
  Timestamp: '1700000000123456789',
  TraceId: TRACE,
  SpanId: SPAN,
  // Only the low 8 bits (the W3C trace flags) of LogRecord.flags.
  TraceFlags: 1,
  SeverityText: 'ERROR',
  SeverityNumber: 17,
  ServiceName: 'billing',
  Body: '{"order":7,"ok":false,"ratio":0.25}',
  ResourceSchemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
  ResourceAttributes: { 'service.name': 'billing' },
  ScopeSchemaUrl: 'https://opentelemetry.io/schemas/1.24.0',
  ScopeName: 'io.billing',
  ScopeVersion: '4.5.6',
  ScopeAttributes: { 'scope.tier': 'gold' },
  LogAttributes: { 'order.id': 'o-7', retries: '-3' },
  EventName: 'invoice.failed',
};

function request(...records: Uint8Array[]): Uint8Array {
  return resourceLogs(
    resource,
    scopeLogs(scope, ...records, string(3, 'https://opentelemetry.io/schemas/1.24.0')),
    string(3, 'https://opentelemetry.io/schemas/1.26.0'),
  );
}

function decoded(body: Uint8Array): DecodedRequest {
  const result = decodeLogsProto(body);
  if (!result.ok) throw new Error(`expected success, got ${result.error.message}`);
  return result.value;
}

function errorOf(body: Uint8Array): string {
  const result = decodeLogsProto(body);
  if (result.ok) throw new Error('expected a decode error');
  expect(result.error.code).toBe('CW_ERR_INGEST_BAD_REQUEST');
  return result.error.message;
}

describe('decodeLogsProto', () => {
  it('decodes an empty body to no rows', () => {
    expect(decoded(new Uint8Array())).toEqual({ signal: 'logs', rows: { logs: [] }, acceptedItems: 0, rejectedItems: 0, rejectionMessage: '' });
  });

  it('decodes every log record field', () => {
    expect(decoded(request(record(...fullRecordFields()))).rows.logs).toEqual([EXPECTED_FULL_ROW]);
  });

  it('gives the same row with fields reordered, schema URLs and scope last, and unknown fields everywhere', () => {
    const u = unknownFields();
    const body = concat(
      u,
      resourceLogs(
        string(3, 'https://opentelemetry.io/schemas/1.26.0'),
        u,
        scopeLogs(string(3, 'https://opentelemetry.io/schemas/1.24.0'), record(...fullRecordFields(u).reverse()), u, scope),
        resource,
      ),
    );
    expect(decoded(body).rows.logs).toEqual([EXPECTED_FULL_ROW]);
  });

  it('uses the observed time only when the event time is unknown', () => {
    const rows = decoded(
      request(record(fixed64(1, TIME), fixed64(11, TIME + 5n)), record(fixed64(11, TIME + 5n)), record(fixed64(1, 0n), fixed64(11, TIME + 6n)), record(string(3, 'no times'))),
    ).rows.logs!;
    expect(rows.map((r) => r.Timestamp)).toEqual(['1700000000123456789', '1700000000123456794', '1700000000123456795', '0']);
  });

  it('refuses records with ids of the wrong length and keeps the rest (partial success)', () => {
    const value = decoded(
      request(
        record(string(3, 'no ids')),
        record(bytes(9, hex(TRACE).subarray(1)), bytes(10, hex(SPAN))),
        record(bytes(9, hex(TRACE)), bytes(10, concat(hex(SPAN), new Uint8Array([1])))),
        record(bytes(9, new Uint8Array(16)), bytes(10, new Uint8Array(8)), string(3, 'zero ids')),
        record(bytes(9, []), bytes(10, []), string(3, 'empty ids')),
      ),
    );
    expect(value).toMatchObject({ acceptedItems: 3, rejectedItems: 2 });
    expect(value.rows.logs!.map((r) => [r.SeverityText, r.TraceId, r.SpanId])).toEqual([
      ['no ids', '', ''],
      ['zero ids', '', ''],
      ['empty ids', '', ''],
    ]);
    expect(value.rejectionMessage).toBe(
      'rejected 2 item(s): resourceLogs[0].scopeLogs[0].logRecords[1]: trace_id is 15 bytes, expected 16; ' +
        'resourceLogs[0].scopeLogs[0].logRecords[2]: span_id is 9 bytes, expected 8',
    );
  });

  it('stores severity numbers outside the specified 1..24 as 0 (unspecified)', () => {
    const severity = (n: number) => decoded(request(record(varint(2, n)))).rows.logs![0]!.SeverityNumber;
    expect([1, 9, 24].map(severity)).toEqual([1, 9, 24]);
    expect([0, 25, 99, 255, 256, 70000, -1, -2147483648].map(severity)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('returns an error for every truncation of a valid request, without throwing', () => {
    const body = request(record(...fullRecordFields()));
    for (let length = 1; length < body.length; length++) {
      expect(errorOf(body.subarray(0, length))).toMatch(/^invalid ExportLogsServiceRequest \(protobuf\): .+ at byte \d+, in (ExportLogsServiceRequest|resourceLogs\[0\])/);
    }
  });

  const WRONG_WIRE_TYPES: Array<[string, Uint8Array, string, string]> = [
    ['ScopeLogs.log_records', resourceLogs(scopeLogs(varint(2, 1))), 'ScopeLogs.log_records', 'resourceLogs[0].scopeLogs[0]'],
    ['ScopeLogs.schema_url', resourceLogs(scopeLogs(varint(3, 1))), 'ScopeLogs.schema_url', 'resourceLogs[0].scopeLogs[0]'],
    ['LogRecord.time_unix_nano', request(record(fixed32(1, 1))), 'LogRecord.time_unix_nano', 'resourceLogs[0].scopeLogs[0].logRecords[0]'],
    ['LogRecord.severity_number', request(record(string(2, 'INFO'))), 'LogRecord.severity_number', 'resourceLogs[0].scopeLogs[0].logRecords[0]'],
    ['LogRecord.body', request(record(string(3, 'x'), varint(5, 1))), 'LogRecord.body', 'resourceLogs[0].scopeLogs[0].logRecords[0]'],
    ['LogRecord.flags', request(record(varint(8, 1))), 'LogRecord.flags', 'resourceLogs[0].scopeLogs[0].logRecords[0]'],
    ['LogRecord.trace_id', request(record(fixed64(9, 1n))), 'LogRecord.trace_id', 'resourceLogs[0].scopeLogs[0].logRecords[0]'],
    ['LogRecord.observed_time_unix_nano', request(record(varint(11, 1))), 'LogRecord.observed_time_unix_nano', 'resourceLogs[0].scopeLogs[0].logRecords[0]'],
    ['LogRecord.event_name', request(record(fixed32(12, 1))), 'LogRecord.event_name', 'resourceLogs[0].scopeLogs[0].logRecords[0]'],
    ['AnyValue.kvlist_value in the body', request(record(message(5, varint(6, 1)))), 'AnyValue.kvlist_value', 'resourceLogs[0].scopeLogs[0].logRecords[0].body'],
    ['a record attribute value', request(record(stringAttribute(6, 'a', 'b'), message(6, string(1, 'k'), message(2, fixed32(7, 1))))), 'AnyValue.bytes_value', 'resourceLogs[0].scopeLogs[0].logRecords[0].attributes[1]'],
  ];
  it.each(WRONG_WIRE_TYPES)('rejects a wrong wire type for %s, naming the field and the path', (_name, body, field, path) => {
    const message = errorOf(body);
    expect(message).toContain(`field ${field} has wire type`);
    expect(message.endsWith(`in ${path}`)).toBe(true);
  });
});
