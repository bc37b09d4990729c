/**
 * OTLP/JSON metrics decoder: an ExportMetricsServiceRequest, already
 * `JSON.parse`d, to `otel_metrics_*` rows, one row per data point.
 *
 * Contract (the same as `metrics-proto.ts`, which gives identical rows for
 * the same data):
 * - Never throws: a value of the wrong type or range is a
 *   `CW_ERR_INGEST_BAD_REQUEST` naming its JSON path.
 * - Invalid data points are rejected one by one (OTLP partial success) and
 *   the rest is stored; see `metrics-points.ts` for the rules.
 * - Unknown fields are ignored; keys may be lowerCamelCase or snake_case.
 *
 * OTLP/JSON encoding: https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding
 */
import { causewayError } from '../../core/errors.ts';
import { type Result, fail, ok } from '../../core/result.ts';
import type { ResourceInfo, ScopeInfo } from './common-proto.ts';
import {
  type JsonObject,
  JsonDecodeError,
  arrayField,
  asObject,
  boolField,
  describe,
  field,
  readResourceJson,
  readScopeJson,
  stringField,
} from './common-json.ts';
import type { DecodedRequest } from './decoded-request.ts';
import { temporalityField } from './metrics-json-fields.ts';
import {
  readExponentialHistogramPointJson,
  readHistogramPointJson,
  readNumberPointJson,
  readSummaryPointJson,
} from './metrics-json-points.ts';
import type { MetricInfo } from './metrics-points.ts';
import { MetricSink } from './metrics-sink.ts';

/** The Metric.data oneof, by JSON name. */
const DATA_KINDS = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const;
type DataKind = (typeof DATA_KINDS)[number];

export function decodeMetricsJson(body: unknown): Result<DecodedRequest> {
  const sink = new MetricSink();
  try {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new JsonDecodeError('(body)', `expected an ExportMetricsServiceRequest object, got ${describe(body)}`);
    }
    const list = field(body as JsonObject, 'resourceMetrics') ?? [];
    if (!Array.isArray(list)) throw new JsonDecodeError('resourceMetrics', `expected an array, got ${describe(list)}`);
    for (let i = 0; i < list.length; i++) {
      sink.enterResource(i);
      readResourceMetrics(list[i], sink, `resourceMetrics[${i}]`);
    }
    return ok(sink.result());
  } catch (e) {
    // RangeError: a value too large for the engine (for example a huge integer string); still the input's fault.
    if (e instanceof JsonDecodeError || e instanceof RangeError) {
      return fail(causewayError('CW_ERR_INGEST_BAD_REQUEST', `invalid ExportMetricsServiceRequest (JSON): ${e.message}`));
    }
    throw e;
  }
}

function readResourceMetrics(v: unknown, sink: MetricSink, path: string): void {
  const o = asObject(v, path);
  const resource = readResourceJson(field(o, 'resource'), `${path}.resource`);
  // Shared by every row of the group: frozen so that no consumer can change one row's map under another.
  Object.freeze(resource.attributes);
  const schemaUrl = stringField(o, 'schemaUrl', path);
  const scopes = arrayField(o, 'scopeMetrics', path);
  for (let i = 0; i < scopes.length; i++) {
    sink.enterScope(i);
    readScopeMetrics(scopes[i], sink, `${path}.scopeMetrics[${i}]`, resource, schemaUrl);
  }
}

function readScopeMetrics(v: unknown, sink: MetricSink, path: string, resource: ResourceInfo, resourceSchemaUrl: string): void {
  const o = asObject(v, path);
  const scope: ScopeInfo = readScopeJson(field(o, 'scope'), `${path}.scope`);
  Object.freeze(scope.attributes);
  const schemaUrl = stringField(o, 'schemaUrl', path);
  const metrics = arrayField(o, 'metrics', path);
  for (let i = 0; i < metrics.length; i++) {
    sink.enterMetric(i);
    const metricPath = `${path}.metrics[${i}]`;
    const metric = asObject(metrics[i], metricPath);
    readMetric(metric, sink, metricPath, resource, resourceSchemaUrl, scope, schemaUrl);
  }
}

/**
 * Metric{name, description, unit, one of gauge/sum/histogram/
 * exponentialHistogram/summary, metadata}. Two data fields at once break the
 * oneof and fail the request; none means no points (skipped). Metadata has
 * no column and is ignored.
 */
function readMetric(
  o: JsonObject,
  sink: MetricSink,
  path: string,
  resource: ResourceInfo,
  resourceSchemaUrl: string,
  scope: ScopeInfo,
  scopeSchemaUrl: string,
): void {
  let kind: DataKind | undefined;
  for (const k of DATA_KINDS) {
    if (field(o, k) === undefined) continue;
    if (kind !== undefined) throw new JsonDecodeError(path, `both ${kind} and ${k} are set (Metric.data is a oneof)`);
    kind = k;
  }
  const name = stringField(o, 'name', path);
  const description = stringField(o, 'description', path);
  const unit = stringField(o, 'unit', path);
  const m: MetricInfo = { resource, resourceSchemaUrl, scope, scopeSchemaUrl, name, description, unit };
  if (kind === undefined) return;
  const dataPath = `${path}.${kind}`;
  const data = asObject(field(o, kind), dataPath);
  const points = arrayField(data, 'dataPoints', dataPath);
  if (name === '') {
    sink.rejectMetricPoints(points.length, 'metric has no name');
    return;
  }
  const temporality = kind === 'gauge' || kind === 'summary' ? 0 : temporalityField(data, 'aggregationTemporality', dataPath);
  const isMonotonic = kind === 'sum' ? boolField(data, 'isMonotonic', dataPath) : false;
  for (let i = 0; i < points.length; i++) {
    sink.pointIndex = i;
    const pointPath = `${dataPath}.dataPoints[${i}]`;
    switch (kind) {
      case 'gauge':
        sink.addGauge(m, readNumberPointJson(points[i], pointPath));
        break;
      case 'sum':
        sink.addSum(m, readNumberPointJson(points[i], pointPath), temporality, isMonotonic);
        break;
      case 'histogram':
        sink.addHistogram(m, readHistogramPointJson(points[i], pointPath), temporality);
        break;
      case 'exponentialHistogram':
        sink.addExponentialHistogram(m, readExponentialHistogramPointJson(points[i], pointPath), temporality);
        break;
      case 'summary':
        sink.addSummary(m, readSummaryPointJson(points[i], pointPath));
    }
  }
  sink.pointIndex = -1;
}
