// Golden round trip: log records made with the OpenTelemetry JS SDK,
// serialized by its own OTLP protobuf and JSON serializers, decoded by both
// decoders.
import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../core/result.ts';
import type { LogRow } from '../../storage/otel-rows.ts';
import type { DecodedRequest } from './decoded-request.ts';
import { decodeLogsJson } from './logs-json.ts';
import { decodeLogsProto } from './logs-proto.ts';
import { EXPECTED_LOG_ROWS, sampleLogRecords, sortLogRows } from './testing/log-fixtures.ts';

function rowsOf(result: Result<DecodedRequest>): LogRow[] {
  if (!result.ok) throw new Error(`decode failed: ${result.error.message}`);
  return result.value.rows.logs ?? [];
}

const records = sampleLogRecords();
const protoBody = ProtobufLogsSerializer.serializeRequest(records)!;
const jsonBody: unknown = JSON.parse(new TextDecoder().decode(JsonLogsSerializer.serializeRequest(records)!));

describe('logs round trip through the SDK serializers', () => {
  it('decodes the protobuf request to the expected rows', () => {
    const result = decodeLogsProto(protoBody);
    expect(sortLogRows(rowsOf(result))).toEqual(sortLogRows(EXPECTED_LOG_ROWS));
    expect(result.ok && result.value).toMatchObject({ signal: 'logs', acceptedItems: 8, rejectedItems: 0, rejectionMessage: '' });
  });

  it('decodes the JSON request to the expected rows', () => {
    const result = decodeLogsJson(jsonBody);
    expect(sortLogRows(rowsOf(result))).toEqual(sortLogRows(EXPECTED_LOG_ROWS));
    expect(result.ok && result.value).toMatchObject({ signal: 'logs', acceptedItems: 8, rejectedItems: 0 });
  });

  it('gives identical rows, in the same order, for both encodings', () => {
    const fromProto = rowsOf(decodeLogsProto(protoBody));
    const fromJson = rowsOf(decodeLogsJson(jsonBody));
    expect(fromJson).toStrictEqual(fromProto);
    expect(JSON.stringify(fromJson)).toBe(JSON.stringify(fromProto));
  });

  it('falls back to the observed time only when the event time is unknown', () => {
    const rows = sortLogRows(rowsOf(decodeLogsProto(protoBody)));
    // Emitted with timestamp 0 and observed 1700000101.000000005 s.
    expect(rows.find((r) => r.SeverityNumber === 9)?.Timestamp).toBe('1700000101000000005');
    // Emitted with both: the event time wins over the later observed time.
    expect(rows.find((r) => r.SeverityNumber === 17)?.Timestamp).toBe('1700000100123456789');
  });
});
