/**
 * OTLP/JSON reader for the metric data point messages (NumberDataPoint,
 * HistogramDataPoint, ExponentialHistogramDataPoint, SummaryDataPoint), into
 * the same `PointDraft` the protobuf reader fills.
 *
 * Field names are lowerCamelCase or snake_case (`field()`); 64-bit integers
 * are decimal strings or numbers; doubles may be "NaN", "Infinity",
 * "-Infinity" (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding).
 * Absent fields take the protobuf defaults, so both formats agree.
 */
import { type JsonObject, arrayField, asObject, attributesField, doubleField, doubleValue, field } from './common-json.ts';
import { fixed64TimeField } from './json-otlp-fields.ts';
import { int32Field, numberValue, readExemplarsJson, uint32Field, uint64ArrayField, uint64Field } from './metrics-json-fields.ts';
import { EXPONENTIAL_HISTOGRAM, GAUGE, HISTOGRAM, type MetricKind, type PointDraft, SUM, SUMMARY } from './metrics-points.ts';

/** Resets `d` for `kind` and reads the data point `v` of that kind into it. */
export function readPointJson(v: unknown, path: string, kind: MetricKind, d: PointDraft): void {
  const o = asObject(v, path);
  d.reset(kind);
  d.attributes = attributesField(o, 'attributes', path);
  d.startTimeUnix = fixed64TimeField(o, 'startTimeUnixNano', path);
  d.timeUnix = fixed64TimeField(o, 'timeUnixNano', path);
  d.flags = uint32Field(o, 'flags', path);
  switch (kind) {
    case GAUGE:
    case SUM: {
      const value = numberValue(o, path);
      d.value = value ?? 0;
      d.hasValue = value !== undefined;
      break;
    }
    case HISTOGRAM:
      d.bucketCounts = uint64ArrayField(o, 'bucketCounts', path);
      d.explicitBounds = doubleArrayField(o, 'explicitBounds', path);
      break;
    case EXPONENTIAL_HISTOGRAM:
      d.scale = int32Field(o, 'scale', path);
      d.zeroCount = uint64Field(o, 'zeroCount', path);
      d.positiveOffset = readBucketsJson(o, 'positive', path, d.positiveBucketCounts);
      d.negativeOffset = readBucketsJson(o, 'negative', path, d.negativeBucketCounts);
      // zero_threshold has no column in the exporter schema; type-checked, then dropped.
      doubleField(o, 'zeroThreshold', path);
      break;
    default:
      readQuantilesJson(o, path, d);
  }
  if (kind !== GAUGE && kind !== SUM) {
    d.count = uint64Field(o, 'count', path);
    d.sum = doubleField(o, 'sum', path);
  }
  if (kind === HISTOGRAM || kind === EXPONENTIAL_HISTOGRAM) {
    d.min = doubleField(o, 'min', path);
    d.max = doubleField(o, 'max', path);
  }
  if (kind !== SUMMARY) readExemplarsJson(o, 'exemplars', d.exemplars, path);
}

function doubleArrayField(o: JsonObject, camel: string, path: string): number[] {
  const list = arrayField(o, camel, path);
  const out = new Array<number>(list.length);
  for (let i = 0; i < list.length; i++) out[i] = doubleValue(list[i], `${path}.${camel}[${i}]`);
  return out;
}

/** ExponentialHistogramDataPoint.Buckets{offset, bucketCounts}, counts appended to `counts`; absent means offset 0 and no buckets. */
function readBucketsJson(o: JsonObject, camel: string, path: string, counts: number[]): number {
  const v = field(o, camel);
  if (v === undefined) return 0;
  const bucketsPath = `${path}.${camel}`;
  const b = asObject(v, bucketsPath);
  const offset = int32Field(b, 'offset', bucketsPath);
  for (const n of uint64ArrayField(b, 'bucketCounts', bucketsPath)) counts.push(n);
  return offset;
}

/** SummaryDataPoint.quantileValues[{quantile, value}], appended to the point's two quantile columns. */
function readQuantilesJson(o: JsonObject, path: string, d: PointDraft): void {
  const items = arrayField(o, 'quantileValues', path);
  for (let i = 0; i < items.length; i++) {
    const itemPath = `${path}.quantileValues[${i}]`;
    const q = asObject(items[i], itemPath);
    d.quantiles.push(doubleField(q, 'quantile', itemPath));
    d.quantileValues.push(doubleField(q, 'value', itemPath));
  }
}
