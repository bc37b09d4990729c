import { describe, expect, it } from 'vitest';
import { decodeLogsJson } from '../../collector/decode/logs-json.ts';
import { decodeLogsProto } from '../../collector/decode/logs-proto.ts';
import { decodeMetricsJson } from '../../collector/decode/metrics-json.ts';
import { decodeMetricsProto } from '../../collector/decode/metrics-proto.ts';
import { decodeTracesJson } from '../../collector/decode/traces-json.ts';
import { decodeTracesProto } from '../../collector/decode/traces-proto.ts';
import { exportResponseJson, exportResponseProto, statusJson, statusProto } from '../../collector/otlp-response.ts';
import { SAMPLE_T0, firstItem, logsRequest, metricsRequest, traceRequest } from '../format/testing/sample-case.ts';
import { partialSuccessFromJson, partialSuccessFromProto, statusFromJson, statusFromProto } from './export-response.ts';
import { encodeRequestProto } from './otlp-json-to-proto.ts';
import { otlpType } from './otlp-proto-schema.ts';

/** Rows of a decoded request, for comparison. */
function rows(r: ReturnType<typeof decodeTracesJson>) {
  if (!r.ok) throw new Error(r.error.message);
  return { rows: r.value.rows, accepted: r.value.acceptedItems, rejected: r.value.rejectedItems };
}

describe('OTLP/JSON -> protobuf', () => {
  it('traces: the receiver decodes the protobuf to the same rows as the JSON (hex ids as bytes, exact times)', () => {
    const request = traceRequest('carts', SAMPLE_T0 + 123_456_789n, 3);
    const proto = rows(decodeTracesProto(encodeRequestProto('traces', request)));
    expect(proto).toEqual(rows(decodeTracesJson(request)));
    expect(proto.accepted).toBe(3);
  });

  it('metrics: every kind, zero values and optional fields survive (asDouble 0, sum/min/max 0, int64 text)', () => {
    const request = metricsRequest('carts', SAMPLE_T0 + 987_654_321n);
    const proto = rows(decodeMetricsProto(encodeRequestProto('metrics', request)));
    expect(proto).toEqual(rows(decodeMetricsJson(request)));
    expect(proto.accepted).toBe(6);
    // On the wire: explicit-presence fields equal to zero are still there.
    const type = otlpType('ExportMetricsServiceRequest');
    const back = type.toObject(type.decode(encodeRequestProto('metrics', request)), { longs: String }) as {
      resourceMetrics: Array<{ scopeMetrics: Array<{ metrics: Array<Record<string, { dataPoints: Array<Record<string, unknown>> }>> }> }>;
    };
    const metrics = back.resourceMetrics[0]!.scopeMetrics[0]!.metrics;
    expect(metrics[0]!.gauge!.dataPoints[1]).toMatchObject({ asDouble: 0 });
    expect(metrics[1]!.sum!.dataPoints[0]).toMatchObject({ asInt: '12345678901234', timeUnixNano: (SAMPLE_T0 + 987_654_321n).toString() });
    expect(metrics[2]!.histogram!.dataPoints[0]).toMatchObject({ sum: 0, min: 0, max: 0 });
  });

  it('logs: the same rows, with enum names, snake_case keys and numeric enums in text accepted', () => {
    const request = logsRequest('carts', SAMPLE_T0 + 1n, 2);
    const proto = rows(decodeLogsProto(encodeRequestProto('logs', request)));
    expect(proto).toEqual(rows(decodeLogsJson(request)));
    const variant = {
      resource_logs: [
        {
          scope_logs: [
            { log_records: [{ time_unix_nano: '1700000000000000001', severity_number: 'SEVERITY_NUMBER_WARN', body: { int_value: '-7' }, trace_id: 'AB'.repeat(16) }] },
          ],
        },
      ],
    };
    expect(rows(decodeLogsProto(encodeRequestProto('logs', variant)))).toEqual(rows(decodeLogsJson(variant)));
  });

  it('an id that is not hex is refused by the receiver on both encodings', () => {
    const request = traceRequest('carts', SAMPLE_T0, 1);
    firstItem('traces', request).spanId = 'zzzzzzzzzzzzzzzz';
    expect(rows(decodeTracesProto(encodeRequestProto('traces', request))).rejected).toBe(1);
    expect(rows(decodeTracesJson(request)).rejected).toBe(1);
  });
});

describe('receiver answers', () => {
  it('reads partial success and RetryInfo from the receiver encodings', () => {
    expect(partialSuccessFromProto('metrics', exportResponseProto(3, 'bad points'))).toEqual({ rejectedItems: 3, errorMessage: 'bad points' });
    expect(partialSuccessFromProto('traces', new Uint8Array(0))).toEqual({ rejectedItems: 0, errorMessage: '' });
    expect(partialSuccessFromJson('logs', JSON.stringify(exportResponseJson('logs', 2, 'bad records')))).toEqual({ rejectedItems: 2, errorMessage: 'bad records' });
    expect(statusFromProto(statusProto(14, 'overloaded', 3))).toEqual({ message: 'overloaded', retryDelayMillis: 3000 });
    expect(statusFromProto(statusProto(3, 'bad'))).toEqual({ message: 'bad', retryDelayMillis: undefined });
    expect(statusFromJson(JSON.stringify(statusJson(14, 'overloaded', 2)))).toEqual({ message: 'overloaded', retryDelayMillis: 2000 });
  });
});
