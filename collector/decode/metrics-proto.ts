/**
 * OTLP/protobuf metrics decoder: an ExportMetricsServiceRequest
 * (opentelemetry/proto/collector/metrics/v1/metrics_service.proto) straight
 * from its bytes to `otel_metrics_*` rows, one row per data point, with no
 * intermediate message tree.
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
 * Protobuf fields may appear in any order and a singular field may repeat
 * (https://protobuf.dev/programming-guides/encoding/#optional). Because the
 * resource, scope, schema URLs, metric name and aggregation temporality can
 * follow the items they describe (the OpenTelemetry JS SDK writes schema_url
 * and aggregation_temporality last), each level is read in two passes over
 * its bytes: first its own fields, then its children.
 */
import { causewayError } from '../../core/errors.ts';
import { type Result, fail, ok } from '../../core/result.ts';
import { EMPTY_RESOURCE, EMPTY_SCOPE, type ResourceInfo, type ScopeInfo, readResource, readScope } from './common-proto.ts';
import type { DecodedRequest } from './decoded-request.ts';
import type { MetricInfo } from './metrics-points.ts';
import { narrow } from './metrics-proto-exemplar.ts';
import { readExponentialHistogramPoint, readHistogramPoint } from './metrics-proto-histograms.ts';
import { readNumberPoint, readSummaryPoint } from './metrics-proto-points.ts';
import { MetricSink } from './metrics-sink.ts';
import { ProtoDecodeError, ProtoReader, WIRE_LEN, WIRE_VARINT } from './proto-reader.ts';

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

export function decodeMetricsProto(body: Uint8Array): Result<DecodedRequest> {
  const sink = new MetricSink();
  try {
    const r = new ProtoReader(body);
    let index = 0;
    while (r.hasMore()) {
      const tag = r.tag();
      if (tag >>> 3 === 1) {
        r.expect(tag & 7, WIRE_LEN, 'ExportMetricsServiceRequest.resource_metrics');
        sink.enterResource(index++);
        readResourceMetrics(r, sink);
        sink.enterResource(-1);
      } else {
        r.skip(tag & 7);
      }
    }
    return ok(sink.result());
  } catch (e) {
    // RangeError: an allocation or string too large for the engine; still the input's fault.
    if (e instanceof ProtoDecodeError || e instanceof RangeError) {
      const where = sink.path();
      const message = `malformed OTLP metrics request (protobuf): ${e.message}${where === '' ? '' : ` in ${where}`}`;
      return fail(causewayError('CW_ERR_INGEST_BAD_REQUEST', message));
    }
    throw e;
  }
}

/** A repeated singular message field merges (later attributes win), as protobuf requires. */
function mergeResource(a: ResourceInfo, b: ResourceInfo): ResourceInfo {
  if (a === EMPTY_RESOURCE) return b;
  const attributes = { ...a.attributes, ...b.attributes };
  return { attributes, serviceName: attributes['service.name'] ?? '' };
}

function mergeScope(a: ScopeInfo, b: ScopeInfo): ScopeInfo {
  if (a === EMPTY_SCOPE) return b;
  return {
    name: b.name !== '' ? b.name : a.name,
    version: b.version !== '' ? b.version : a.version,
    attributes: { ...a.attributes, ...b.attributes },
    droppedAttributesCount: b.droppedAttributesCount !== 0 ? b.droppedAttributesCount : a.droppedAttributesCount,
  };
}

/** ResourceMetrics{resource=1, scope_metrics=2, schema_url=3}; `r` on its length prefix. */
function readResourceMetrics(r: ProtoReader, sink: MetricSink): void {
  const outer = narrow(r);
  const start = r.pos;
  let resource = EMPTY_RESOURCE;
  let schemaUrl = '';
  while (r.pos < r.end) {
    const tag = r.tag();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        r.expect(wire, WIRE_LEN, 'ResourceMetrics.resource');
        resource = mergeResource(resource, readResource(r.sub()));
        break;
      case 2:
        r.expect(wire, WIRE_LEN, 'ResourceMetrics.scope_metrics');
        r.skip(wire);
        break;
      case 3:
        r.expect(wire, WIRE_LEN, 'ResourceMetrics.schema_url');
        schemaUrl = r.string();
        break;
      default:
        r.skip(wire);
    }
  }
  r.pos = start;
  let index = 0;
  while (r.pos < r.end) {
    const tag = r.tag();
    if (tag >>> 3 === 2) {
      sink.enterScope(index++);
      readScopeMetrics(r, sink, resource, schemaUrl);
      sink.enterScope(-1);
    } else {
      r.skip(tag & 7);
    }
  }
  r.end = outer;
}

/** ScopeMetrics{scope=1, metrics=2, schema_url=3}; `r` on its length prefix. */
function readScopeMetrics(r: ProtoReader, sink: MetricSink, resource: ResourceInfo, resourceSchemaUrl: string): void {
  const outer = narrow(r);
  const start = r.pos;
  let scope = EMPTY_SCOPE;
  let schemaUrl = '';
  while (r.pos < r.end) {
    const tag = r.tag();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        r.expect(wire, WIRE_LEN, 'ScopeMetrics.scope');
        scope = mergeScope(scope, readScope(r.sub()));
        break;
      case 2:
        r.expect(wire, WIRE_LEN, 'ScopeMetrics.metrics');
        r.skip(wire);
        break;
      case 3:
        r.expect(wire, WIRE_LEN, 'ScopeMetrics.schema_url');
        schemaUrl = r.string();
        break;
      default:
        r.skip(wire);
    }
  }
  r.pos = start;
  let index = 0;
  while (r.pos < r.end) {
    const tag = r.tag();
    if (tag >>> 3 === 2) {
      sink.enterMetric(index++);
      readMetric(r, sink, resource, resourceSchemaUrl, scope, schemaUrl);
      sink.enterMetric(-1);
    } else {
      r.skip(tag & 7);
    }
  }
  r.end = outer;
}

/**
 * Metric{name=1, description=2, unit=3, data oneof {gauge=5, sum=7,
 * histogram=9, exponential_histogram=10, summary=11}, metadata=12}. When
 * several data fields are present the last one wins (protobuf oneof rule); a
 * metric with none carries no points and is skipped. Metadata has no column.
 */
function readMetric(
  r: ProtoReader,
  sink: MetricSink,
  resource: ResourceInfo,
  resourceSchemaUrl: string,
  scope: ScopeInfo,
  scopeSchemaUrl: string,
): void {
  const outer = narrow(r);
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
  r.end = outer;
}

/** Counts the data_points (field 1) of a data message, checking its framing only. */
function countDataPoints(r: ProtoReader, kind: number): number {
  const outer = narrow(r);
  let count = 0;
  while (r.pos < r.end) {
    const tag = r.tag();
    if (tag >>> 3 === 1) {
      r.expect(tag & 7, WIRE_LEN, `${DATA_FIELD_NAMES[kind]!}.data_points`);
      count++;
    }
    r.skip(tag & 7);
  }
  r.end = outer;
  return count;
}

/**
 * Gauge{data_points=1}, Sum{data_points=1, aggregation_temporality=2,
 * is_monotonic=3}, Histogram and ExponentialHistogram{data_points=1,
 * aggregation_temporality=2}, Summary{data_points=1}; `r` on the length
 * prefix of the data message.
 */
function readData(r: ProtoReader, sink: MetricSink, m: MetricInfo, kind: number): void {
  const outer = narrow(r);
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
  r.end = outer;
}
