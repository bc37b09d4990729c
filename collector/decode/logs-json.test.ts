// OTLP/JSON specifics of decodeLogsJson: accepted spellings, shape errors
// with their paths, and per-record refusals identical to the protobuf path.
import { JsonLogsSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import type { DecodedRequest } from './decoded-request.ts';
import { decodeLogsJson } from './logs-json.ts';
import { decodeLogsProto } from './logs-proto.ts';
import { EXPECTED_LOG_ROWS, sampleLogRecords, sortLogRows } from './testing/log-fixtures.ts';
import { bytes, fixed32, fixed64, hex, message, string, varint } from './testing/proto-writer.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const TRACE = '5b8efff798038103d269b633813fc60c';
const SPAN = 'eee19b7ec3c1b174';

function decoded(body: unknown): DecodedRequest {
  const result = decodeLogsJson(body);
  if (!result.ok) throw new Error(`expected success, got ${result.error.message}`);
  return result.value;
}

function errorOf(body: unknown): string {
  const result = decodeLogsJson(body);
  if (result.ok) throw new Error('expected a decode error');
  expect(result.error.code).toBe('CW_ERR_INGEST_BAD_REQUEST');
  return result.error.message;
}

function oneRecord(fields: { [key: string]: Json }): Json {
  return { resourceLogs: [{ scopeLogs: [{ logRecords: [fields] }] }] };
}

describe('decodeLogsJson', () => {
  it('decodes {} and absent arrays to no rows', () => {
    for (const body of [{}, { resourceLogs: [] }, { resourceLogs: [{}] }, { resourceLogs: [{ scopeLogs: [{}] }] }]) {
      expect(decoded(body)).toEqual({ signal: 'logs', rows: { logs: [] }, acceptedItems: 0, rejectedItems: 0, rejectionMessage: '' });
    }
  });

  it('accepts snake_case keys, upper-case ids and severity names', () => {
    const text = new TextDecoder().decode(JsonLogsSerializer.serializeRequest(sampleLogRecords())!);
    const variant = JSON.parse(text, function (this: Record<string, unknown>, key, value: unknown) {
      if ((key === 'traceId' || key === 'spanId') && typeof value === 'string') return value.toUpperCase();
      if (key === 'severityNumber' && value === 17) return 'SEVERITY_NUMBER_ERROR';
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]));
      }
      return value;
    }) as unknown;
    expect(JSON.stringify(variant)).toContain('"severity_number":"SEVERITY_NUMBER_ERROR"');
    expect(JSON.stringify(variant)).toContain('"trace_id":"4BF92F3577B34DA6A3CE929D0E0E4736"');
    expect(sortLogRows(decoded(variant).rows.logs!)).toEqual(sortLogRows(EXPECTED_LOG_ROWS));
  });

  it('uses the observed time only when the event time is unknown', () => {
    const value = decoded({
      resourceLogs: [
        {
          scopeLogs: [
            {
              logRecords: [
                { timeUnixNano: '10', observedTimeUnixNano: '20' },
                { timeUnixNano: 0, observedTimeUnixNano: 20 },
                { observedTimeUnixNano: '30' },
                {},
              ],
            },
          ],
        },
      ],
    });
    expect(value.rows.logs!.map((r) => r.Timestamp)).toEqual(['10', '20', '30', '0']);
  });

  it('masks flags to the trace flags and accepts severity as text or number', () => {
    const row = decoded(oneRecord({ flags: 0x0301, severityNumber: '13', severityText: 'WARN' })).rows.logs![0]!;
    expect([row.TraceFlags, row.SeverityNumber]).toEqual([1, 13]);
  });

  it('stores severity numbers outside the specified 1..24 as 0 (unspecified)', () => {
    const severity = (v: number | string) => decoded(oneRecord({ severityNumber: v })).rows.logs![0]!.SeverityNumber;
    expect([24, 'SEVERITY_NUMBER_FATAL4', '1'].map(severity)).toEqual([24, 24, 1]);
    expect([25, 256, '300', -1, '-7', 2 ** 40].map(severity)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  const SHAPE_ERRORS: Array<[string, unknown, string]> = [
    ['a body that is not an object', 'logs', 'request body: expected an object, got "logs"'],
    ['resourceLogs not an array', { resourceLogs: 1 }, 'resourceLogs: expected an array, got 1'],
    ['logRecords not an array', { resourceLogs: [{ scopeLogs: [{ logRecords: {} }] }] }, 'resourceLogs[0].scopeLogs[0].logRecords: expected an array'],
    ['a resource that is not an object', { resourceLogs: [{ resource: [] }] }, 'resourceLogs[0].resource: expected an object, got an array'],
    ['a resource schema URL that is not text', { resourceLogs: [{ schemaUrl: 1 }] }, 'resourceLogs[0].schemaUrl: expected a string, got 1'],
    ['a record that is not an object', { resourceLogs: [{ scopeLogs: [{ logRecords: ['x'] }] }] }, 'logRecords[0]: expected an object, got "x"'],
    ['a log body that is not an AnyValue', oneRecord({ body: 'text' }), 'logRecords[0].body: expected an object, got "text"'],
    ['a kvlist entry that is not an object', oneRecord({ body: { kvlistValue: { values: [null] } } }), 'logRecords[0].body.kvlistValue.values[0]: expected an object, got null'],
    ['a severity text that is not text', oneRecord({ severityText: 3 }), 'logRecords[0].severityText: expected a string, got 3'],
    ['an unknown severity name', oneRecord({ severityNumber: 'WARN' }), 'logRecords[0].severityNumber: expected an integer or an enum name like "SEVERITY_NUMBER_UNSPECIFIED", got "WARN"'],
    ['flags that are not an integer', oneRecord({ flags: 'abc' }), 'logRecords[0].flags: expected an integer, got "abc"'],
    ['an observed time that is a fraction', oneRecord({ observedTimeUnixNano: 1.5 }), 'logRecords[0].observedTimeUnixNano: expected an integer, got 1.5'],
    ['a span id that is not text', oneRecord({ spanId: false }), 'logRecords[0].spanId: expected hex text, got false'],
  ];
  it.each(SHAPE_ERRORS)('rejects %s, naming the JSON path', (_name, body, expected) => {
    const message = errorOf(body);
    expect(message.startsWith('invalid ExportLogsServiceRequest (JSON): ')).toBe(true);
    expect(message).toContain(expected);
  });

  it('refuses the same records as the protobuf path, with the same rows, counts and message', () => {
    const json = {
      resourceLogs: [
        {
          schemaUrl: 'https://r',
          scopeLogs: [
            {
              logRecords: [
                { timeUnixNano: '5', severityNumber: 9, body: { stringValue: 'ok' }, traceId: TRACE, spanId: SPAN, flags: 1 },
                { traceId: TRACE.slice(2), spanId: SPAN },
                { traceId: TRACE, spanId: `${SPAN}00` },
                { traceId: '0'.repeat(32), body: { bytesValue: 'AQID' } },
              ],
            },
          ],
        },
      ],
    };
    const record = (...f: Uint8Array[]): Uint8Array => message(2, ...f);
    const proto = message(
      1,
      string(3, 'https://r'),
      message(
        2,
        record(fixed64(1, 5n), varint(2, 9), message(5, string(1, 'ok')), bytes(9, hex(TRACE)), bytes(10, hex(SPAN)), fixed32(8, 1)),
        record(bytes(9, hex(TRACE.slice(2))), bytes(10, hex(SPAN))),
        record(bytes(9, hex(TRACE)), bytes(10, hex(`${SPAN}00`))),
        record(bytes(9, new Uint8Array(16)), message(5, bytes(7, [1, 2, 3]))),
      ),
    );
    const fromJson = decodeLogsJson(json);
    expect(fromJson).toEqual(decodeLogsProto(proto));
    expect(fromJson.ok && fromJson.value).toMatchObject({ acceptedItems: 2, rejectedItems: 2 });
    expect(fromJson.ok && fromJson.value.rows.logs!.map((r) => r.Body)).toEqual(['ok', 'AQID']);
  });
});
