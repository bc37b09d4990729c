/**
 * OTLP/protobuf metrics decoder: an ExportMetricsServiceRequest
 * (opentelemetry/proto/collector/metrics/v1/metrics_service.proto) straight
 * from its bytes to `otel_metrics_*` rows, one row per data point, with no
 * intermediate message tree. The shared envelope walker (proto-envelope.ts)
 * reads the resource and scope groups; this file reads each Metric.
 *
 * Contract:
 * - Never throws: malformed input (truncation, bad lengths, a known field
 *   with the wrong wire type, ...) is a `CW_ERR_INGEST_BAD_REQUEST` naming
 *   the byte offset and the item being decoded.
 * - Data points that are well-formed protobuf but invalid OTLP are rejected
 *   one by one (OTLP partial success) and the rest is stored; see
 *   `metrics-points.ts` for the rules.
 * - The JSON decoder (`metrics-json.ts`) produces identical rows for the same
 *   data: both build rows through `MetricSink`.
 *
 * The metric's name and the data message's aggregation temporality may
 * follow the data points (the OpenTelemetry JS SDK writes
 * aggregation_temporality last), so the Metric and its data message are
 * each read in two passes: fields first, then points.
 */
import type { Result } from '../../core/result.ts';
import type { DecodedRequest } from './decoded-request.ts';
import { EXPONENTIAL_HISTOGRAM, GAUGE, HISTOGRAM, type MetricKind, PointDraft, SUM, SUMMARY, metricInfo } from './metrics-points.ts';
import { readPoint } from './metrics-proto-points.ts';
import { MetricSink } from './metrics-sink.ts';
import { METRICS_ENVELOPE } from './otlp-envelope.ts';
import { type ProtoCursor, type ProtoItemDecoder, walkProtoEnvelope } from './proto-envelope.ts';
import { type ProtoReader, WIRE_LEN, WIRE_VARINT } from './proto-reader.ts';

export function decodeMetricsProto(body: Uint8Array): Result<DecodedRequest> {
  return walkProtoEnvelope(body, METRICS_ENVELOPE, new MetricProtoDecoder());
}

/** Field names of each Metric.data message, for wire-type errors. */
interface DataMessage {
  readonly field: string;
  readonly dataPoints: string;
  readonly temporality: string;
  readonly isMonotonic: string;
}

function dataMessage(field: string): DataMessage {
  return {
    field,
    dataPoints: `${field}.data_points`,
    temporality: `${field}.aggregation_temporality`,
    isMonotonic: `${field}.is_monotonic`,
  };
}

const DATA_MESSAGES: Readonly<Record<MetricKind, DataMessage>> = {
  [GAUGE]: dataMessage('Metric.gauge'),
  [SUM]: dataMessage('Metric.sum'),
  [HISTOGRAM]: dataMessage('Metric.histogram'),
  [EXPONENTIAL_HISTOGRAM]: dataMessage('Metric.exponential_histogram'),
  [SUMMARY]: dataMessage('Metric.summary'),
};

class MetricProtoDecoder implements ProtoItemDecoder {
  private readonly sink = new MetricSink();
  private readonly point = new PointDraft();

  result(): DecodedRequest {
    return this.sink.result();
  }

  /**
   * Metric{name=1, description=2, unit=3, data oneof {gauge=5, sum=7,
   * histogram=9, exponential_histogram=10, summary=11}, metadata=12}. When
   * several data fields are present the last one wins (protobuf oneof rule); a
   * metric with none carries no points and is skipped. Metadata has no column.
   */
  readItem(r: ProtoReader, at: ProtoCursor): void {
    let name = '';
    let description = '';
    let unit = '';
    let kind: MetricKind | 0 = 0;
    let dataStart = 0;
    while (r.hasMore()) {
      const tag = r.tag();
      const wire = tag & 7;
      const field = tag >>> 3;
      switch (field) {
        case 1:
          r.expect(wire, WIRE_LEN, 'Metric.name');
          name = r.string();
          break;
        case 2:
          r.expect(wire, WIRE_LEN, 'Metric.description');
          description = r.string();
          break;
        case 3:
          r.expect(wire, WIRE_LEN, 'Metric.unit');
          unit = r.string();
          break;
        case GAUGE:
        case SUM:
        case HISTOGRAM:
        case EXPONENTIAL_HISTOGRAM:
        case SUMMARY:
          r.expect(wire, WIRE_LEN, DATA_MESSAGES[field].field);
          kind = field;
          dataStart = r.pos;
          r.skip(wire);
          break;
        case 12:
          r.expect(wire, WIRE_LEN, 'Metric.metadata');
          r.skip(wire);
          break;
        default:
          r.skip(wire);
      }
    }
    if (kind === 0) return;
    r.pos = dataStart;
    this.readData(r, at, name, description, unit, kind);
    r.pos = r.end;
  }

  /**
   * Gauge{data_points=1}, Sum{data_points=1, aggregation_temporality=2,
   * is_monotonic=3}, Histogram and ExponentialHistogram{data_points=1,
   * aggregation_temporality=2}, Summary{data_points=1}; `r` on the length
   * prefix of the data message. Every point of a metric without a name is
   * rejected unread, as the JSON decoder does.
   */
  private readData(r: ProtoReader, at: ProtoCursor, name: string, description: string, unit: string, kind: MetricKind): void {
    const names = DATA_MESSAGES[kind];
    const outer = r.enter();
    const start = r.pos;
    let temporality = 0;
    let isMonotonic = false;
    while (name !== '' && r.hasMore()) {
      const tag = r.tag();
      const wire = tag & 7;
      const field = tag >>> 3;
      if (field === 2 && kind !== GAUGE && kind !== SUMMARY) {
        r.expect(wire, WIRE_VARINT, names.temporality);
        temporality = r.int32();
      } else if (field === 3 && kind === SUM) {
        r.expect(wire, WIRE_VARINT, names.isMonotonic);
        isMonotonic = r.bool();
      } else {
        r.skip(wire);
      }
    }
    const m = metricInfo(at, name, description, unit, kind, temporality, isMonotonic);
    r.pos = start;
    at.part = 'dataPoints';
    let index = 0;
    while (r.nextMessage(1, names.dataPoints)) {
      at.partIndex = index++;
      if (name === '') {
        this.sink.reject(at, 'metric has no name');
        r.skip(WIRE_LEN);
      } else {
        readPoint(r, kind, this.point);
        this.sink.add(m, this.point, at);
      }
    }
    at.part = '';
    at.partIndex = -1;
    r.leave(outer);
  }
}
