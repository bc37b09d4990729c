/**
 * OTLP/JSON metrics decoder: an ExportMetricsServiceRequest, already
 * `JSON.parse`d, to `otel_metrics_*` rows, one row per data point. The
 * shared envelope walker (json-envelope.ts) reads the resource and scope
 * groups; this file reads each Metric.
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
import type { Result } from '../../core/result.ts';
import { type JsonObject, JsonDecodeError, arrayField, asObject, boolField, field, stringField } from './common-json.ts';
import type { DecodedRequest } from './decoded-request.ts';
import { type JsonItemDecoder, walkJsonEnvelope } from './json-envelope.ts';
import { temporalityField } from './metrics-json-fields.ts';
import { readPointJson } from './metrics-json-points.ts';
import { EXPONENTIAL_HISTOGRAM, GAUGE, HISTOGRAM, type MetricKind, PointDraft, SUM, SUMMARY, metricInfo } from './metrics-points.ts';
import { MetricSink, type PointLocation } from './metrics-sink.ts';
import { type ItemGroup, METRICS_ENVELOPE } from './otlp-envelope.ts';

export function decodeMetricsJson(body: unknown): Result<DecodedRequest> {
  return walkJsonEnvelope(body, METRICS_ENVELOPE, new MetricJsonDecoder());
}

/** The Metric.data oneof, by JSON name. */
const DATA_KINDS: ReadonlyArray<readonly [string, MetricKind]> = [
  ['gauge', GAUGE],
  ['sum', SUM],
  ['histogram', HISTOGRAM],
  ['exponentialHistogram', EXPONENTIAL_HISTOGRAM],
  ['summary', SUMMARY],
];

/** Names the point being read, as the protobuf decoder does: `<metric path>.dataPoints[i]`. */
class JsonPointLocation implements PointLocation {
  metricPath = '';
  index = -1;

  where(): string {
    return `${this.metricPath}.dataPoints[${this.index}]`;
  }
}

class MetricJsonDecoder implements JsonItemDecoder {
  private readonly sink = new MetricSink();
  private readonly point = new PointDraft();
  private readonly at = new JsonPointLocation();

  result(): DecodedRequest {
    return this.sink.result();
  }

  /**
   * Metric{name, description, unit, one of gauge/sum/histogram/
   * exponentialHistogram/summary, metadata}. Two data fields at once break the
   * oneof and fail the request; none means no points (skipped). Metadata has
   * no column and is ignored.
   */
  readItem(o: JsonObject, path: string, group: ItemGroup): void {
    let dataKey = '';
    let kind: MetricKind | 0 = 0;
    for (const [key, k] of DATA_KINDS) {
      if (field(o, key) === undefined) continue;
      if (kind !== 0) throw new JsonDecodeError(path, `both ${dataKey} and ${key} are set (Metric.data is a oneof)`);
      dataKey = key;
      kind = k;
    }
    const name = stringField(o, 'name', path);
    const description = stringField(o, 'description', path);
    const unit = stringField(o, 'unit', path);
    if (kind === 0) return;
    const dataPath = `${path}.${dataKey}`;
    const data = asObject(field(o, dataKey), dataPath);
    const points = arrayField(data, 'dataPoints', dataPath);
    const at = this.at;
    at.metricPath = path;
    if (name === '') {
      for (at.index = 0; at.index < points.length; at.index++) this.sink.reject(at, 'metric has no name');
      return;
    }
    const temporality = kind === GAUGE || kind === SUMMARY ? 0 : temporalityField(data, 'aggregationTemporality', dataPath);
    const isMonotonic = kind === SUM ? boolField(data, 'isMonotonic', dataPath) : false;
    const m = metricInfo(group, name, description, unit, kind, temporality, isMonotonic);
    for (at.index = 0; at.index < points.length; at.index++) {
      readPointJson(points[at.index], `${dataPath}.dataPoints[${at.index}]`, kind, this.point);
      this.sink.add(m, this.point, at);
    }
  }
}
