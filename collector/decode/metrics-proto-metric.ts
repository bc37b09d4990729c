/**
 * Protobuf decoding of one OTLP Metric and its data message (Gauge, Sum,
 * Histogram, ExponentialHistogram, Summary) into rows, for `metrics-proto.ts`.
 *
 * Contract: each function takes the ProtoReader positioned on the message's
 * length prefix and leaves it just after the message; a known field with the
 * wrong wire type throws `ProtoDecodeError` naming it
 * (`Metric.sum.aggregation_temporality`). The metric's own fields and the
 * data message's temporality may follow the data points, so each is read in
 * two passes: fields first, then points.
 */
import type { ResourceInfo, ScopeInfo } from './common-proto.ts';
import type { MetricInfo } from './metrics-points.ts';
import { readExponentialHistogramPoint, readHistogramPoint } from './metrics-proto-histograms.ts';
import { readNumberPoint, readSummaryPoint } from './metrics-proto-points.ts';
import type { MetricSink } from './metrics-sink.ts';
import { type ProtoReader, WIRE_LEN, WIRE_VARINT } from './proto-reader.ts';

/** Metric.data oneof field numbers. */
const GAUGE = 5;
const SUM = 7;
const HISTOGRAM = 9;
const EXPONENTIAL_HISTOGRAM = 10;
const SUMMARY = 11;

const DATA_FIELD_NAMES: Record<number, string> = {
  [GAUGE]: 'Metric.gauge',
  [SUM]: 'Metric.sum',
  [HISTOGRAM]: 'Metric.histogram',
  [EXPONENTIAL_HISTOGRAM]: 'Metric.exponential_histogram',
  [SUMMARY]: 'Metric.summary',
};

/**
 * Metric{name=1, description=2, unit=3, data oneof {gauge=5, sum=7,
 * histogram=9, exponential_histogram=10, summary=11}, metadata=12}. When
 * several data fields are present the last one wins (protobuf oneof rule); a
 * metric with none carries no points and is skipped. Metadata has no column.
 */
export function readMetric(
  r: ProtoReader,
  sink: MetricSink,
  resource: ResourceInfo,
  resourceSchemaUrl: string,
  scope: ScopeInfo,
  scopeSchemaUrl: string,
): void {
  const outer = r.enter();
  let name = '';
  let description = '';
  let unit = '';
  let kind = 0;
  let dataStart = 0;
  while (r.pos < r.end) {
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
        r.expect(wire, WIRE_LEN, DATA_FIELD_NAMES[field]!);
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
  const metricEnd = r.pos;
  if (kind !== 0) {
    r.pos = dataStart;
    if (name === '') {
      sink.rejectMetricPoints(countDataPoints(r, kind), 'metric has no name');
    } else {
      const m: MetricInfo = { resource, resourceSchemaUrl, scope, scopeSchemaUrl, name, description, unit };
      readData(r, sink, m, kind);
    }
    r.pos = metricEnd;
  }
  r.leave(outer);
}

/** Counts the data_points (field 1) of a data message, checking its framing only. */
function countDataPoints(r: ProtoReader, kind: number): number {
  const outer = r.enter();
  let count = 0;
  while (r.pos < r.end) {
    const tag = r.tag();
    if (tag >>> 3 === 1) {
      r.expect(tag & 7, WIRE_LEN, `${DATA_FIELD_NAMES[kind]!}.data_points`);
      count++;
    }
    r.skip(tag & 7);
  }
  r.leave(outer);
  return count;
}

/**
 * Gauge{data_points=1}, Sum{data_points=1, aggregation_temporality=2,
 * is_monotonic=3}, Histogram and ExponentialHistogram{data_points=1,
 * aggregation_temporality=2}, Summary{data_points=1}; `r` on the length
 * prefix of the data message.
 */
function readData(r: ProtoReader, sink: MetricSink, m: MetricInfo, kind: number): void {
  const outer = r.enter();
  const start = r.pos;
  const kindName = DATA_FIELD_NAMES[kind]!;
  let temporality = 0;
  let isMonotonic = false;
  while (r.pos < r.end) {
    const tag = r.tag();
    const wire = tag & 7;
    const field = tag >>> 3;
    if (field === 1) {
      r.expect(wire, WIRE_LEN, `${kindName}.data_points`);
      r.skip(wire);
    } else if (field === 2 && kind !== GAUGE && kind !== SUMMARY) {
      r.expect(wire, WIRE_VARINT, `${kindName}.aggregation_temporality`);
      temporality = r.int32();
    } else if (field === 3 && kind === SUM) {
      r.expect(wire, WIRE_VARINT, `${kindName}.is_monotonic`);
      isMonotonic = r.bool();
    } else {
      r.skip(wire);
    }
  }
  r.pos = start;
  let index = 0;
  while (r.pos < r.end) {
    const tag = r.tag();
    if (tag >>> 3 !== 1) {
      r.skip(tag & 7);
      continue;
    }
    sink.pointIndex = index++;
    switch (kind) {
      case GAUGE:
        sink.addGauge(m, readNumberPoint(r));
        break;
      case SUM:
        sink.addSum(m, readNumberPoint(r), temporality, isMonotonic);
        break;
      case HISTOGRAM:
        sink.addHistogram(m, readHistogramPoint(r), temporality);
        break;
      case EXPONENTIAL_HISTOGRAM:
        sink.addExponentialHistogram(m, readExponentialHistogramPoint(r), temporality);
        break;
      default:
        sink.addSummary(m, readSummaryPoint(r));
    }
    sink.pointIndex = -1;
  }
  r.leave(outer);
}
