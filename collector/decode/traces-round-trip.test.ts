// Golden round trip: spans made with the OpenTelemetry JS SDK, serialized by
// its own OTLP protobuf and JSON serializers, decoded by both decoders.
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../core/result.ts';
import type { SpanRow } from '../../storage/otel-rows.ts';
import type { DecodedRequest } from './decoded-request.ts';
import { EXPECTED_SPAN_ROWS, bySpanId, sampleSpans } from './testing/trace-fixtures.ts';
import { decodeTracesJson } from './traces-json.ts';
import { decodeTracesProto } from './traces-proto.ts';

function rowsOf(result: Result<DecodedRequest>): SpanRow[] {
  if (!result.ok) throw new Error(`decode failed: ${result.error.message}`);
  return result.value.rows.traces ?? [];
}

const spans = sampleSpans();
const protoBody = ProtobufTraceSerializer.serializeRequest(spans)!;
const jsonBody: unknown = JSON.parse(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans)!));

describe('traces round trip through the SDK serializers', () => {
  it('decodes the protobuf request to the expected rows', () => {
    const result = decodeTracesProto(protoBody);
    expect(bySpanId(rowsOf(result))).toEqual(bySpanId(EXPECTED_SPAN_ROWS));
    expect(result.ok && result.value).toMatchObject({ signal: 'traces', acceptedItems: 6, rejectedItems: 0, rejectionMessage: '' });
  });

  it('decodes the JSON request to the expected rows', () => {
    const result = decodeTracesJson(jsonBody);
    expect(bySpanId(rowsOf(result))).toEqual(bySpanId(EXPECTED_SPAN_ROWS));
    expect(result.ok && result.value).toMatchObject({ signal: 'traces', acceptedItems: 6, rejectedItems: 0 });
  });

  it('gives identical rows, in the same order, for both encodings', () => {
    const fromProto = rowsOf(decodeTracesProto(protoBody));
    const fromJson = rowsOf(decodeTracesJson(jsonBody));
    expect(fromJson).toStrictEqual(fromProto);
    expect(JSON.stringify(fromJson)).toBe(JSON.stringify(fromProto));
  });

  it('decodes a Buffer that is a view into a larger allocation', () => {
    const pool = Buffer.alloc(protoBody.length + 64, 0xff);
    pool.set(protoBody, 32);
    const view = pool.subarray(32, 32 + protoBody.length);
    expect(bySpanId(rowsOf(decodeTracesProto(view)))).toEqual(bySpanId(EXPECTED_SPAN_ROWS));
  });

  it('shares one frozen resource map between the rows of a resource', () => {
    const rows = rowsOf(decodeTracesProto(protoBody));
    expect(rows[0]!.ResourceAttributes).toBe(rows[1]!.ResourceAttributes);
    expect(Object.isFrozen(rows[0]!.ResourceAttributes)).toBe(true);
    expect(Object.isFrozen(rows[0]!.SpanAttributes)).toBe(false);
  });
});
