/**
 * OTLP/JSON readers for the metric data point messages (NumberDataPoint,
 * HistogramDataPoint, ExponentialHistogramDataPoint, SummaryDataPoint), into
 * the same shapes the protobuf readers fill (`metrics-points.ts`).
 *
 * Field names are lowerCamelCase or snake_case (`field()`); 64-bit integers
 * are decimal strings or numbers; doubles may be "NaN", "Infinity",
 * "-Infinity" (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding).
 * Absent fields take the protobuf defaults, so both formats agree.
 */
import {
  type JsonObject,
  arrayField,
  asObject,
  attributesField,
  doubleField,
  doubleValue,
  field,
} from './common-json.ts';
import {
  int32Field,
  numberValue,
  readExemplarsJson,
  timestampField,
  uint32Field,
  uint64ArrayField,
  uint64Field,
} from './metrics-json-fields.ts';
import {
  type ExponentialHistogramPoint,
  type HistogramPoint,
  type NumberPoint,
  type PointBase,
  type SummaryPoint,
  newExemplarList,
} from './metrics-points.ts';

/** attributes, start_time_unix_nano, time_unix_nano and flags, which every point kind has. */
function pointBase(o: JsonObject, path: string): PointBase {
  return {
    attributes: attributesField(o, 'attributes', path),
    startTimeUnix: timestampField(o, 'startTimeUnixNano', path),
    timeUnix: timestampField(o, 'timeUnixNano', path),
    flags: uint32Field(o, 'flags', path),
  };
}

export function readNumberPointJson(v: unknown, path: string): NumberPoint {
  const o = asObject(v, path);
  const base = pointBase(o, path);
  const value = numberValue(o, path);
  const exemplars = newExemplarList();
  readExemplarsJson(o, 'exemplars', exemplars, path);
  return {
    attributes: base.attributes,
    startTimeUnix: base.startTimeUnix,
    timeUnix: base.timeUnix,
    flags: base.flags,
    value: value ?? 0,
    hasValue: value !== undefined,
    exemplars,
  };
}

function doubleArrayField(o: JsonObject, camel: string, path: string): number[] {
  const list = arrayField(o, camel, path);
  const out = new Array<number>(list.length);
  for (let i = 0; i < list.length; i++) out[i] = doubleValue(list[i], `${path}.${camel}[${i}]`);
  return out;
}

export function readHistogramPointJson(v: unknown, path: string): HistogramPoint {
  const o = asObject(v, path);
  const base = pointBase(o, path);
  const exemplars = newExemplarList();
  readExemplarsJson(o, 'exemplars', exemplars, path);
  return {
    attributes: base.attributes,
    startTimeUnix: base.startTimeUnix,
    timeUnix: base.timeUnix,
    flags: base.flags,
    count: uint64Field(o, 'count', path),
    sum: doubleField(o, 'sum', path),
    bucketCounts: uint64ArrayField(o, 'bucketCounts', path),
    explicitBounds: doubleArrayField(o, 'explicitBounds', path),
    min: doubleField(o, 'min', path),
    max: doubleField(o, 'max', path),
    exemplars,
  };
}

/** ExponentialHistogramDataPoint.Buckets{offset, bucketCounts}; absent means offset 0 and no buckets. */
function buckets(o: JsonObject, camel: string, path: string): { offset: number; counts: number[] } {
  const v = field(o, camel);
  if (v === undefined) return { offset: 0, counts: [] };
  const b = asObject(v, `${path}.${camel}`);
  return { offset: int32Field(b, 'offset', `${path}.${camel}`), counts: uint64ArrayField(b, 'bucketCounts', `${path}.${camel}`) };
}

export function readExponentialHistogramPointJson(v: unknown, path: string): ExponentialHistogramPoint {
  const o = asObject(v, path);
  const base = pointBase(o, path);
  const positive = buckets(o, 'positive', path);
  const negative = buckets(o, 'negative', path);
  // zero_threshold has no column in the exporter schema; type-checked, then dropped.
  doubleField(o, 'zeroThreshold', path);
  const exemplars = newExemplarList();
  readExemplarsJson(o, 'exemplars', exemplars, path);
  return {
    attributes: base.attributes,
    startTimeUnix: base.startTimeUnix,
    timeUnix: base.timeUnix,
    flags: base.flags,
    count: uint64Field(o, 'count', path),
    sum: doubleField(o, 'sum', path),
    scale: int32Field(o, 'scale', path),
    zeroCount: uint64Field(o, 'zeroCount', path),
    positiveOffset: positive.offset,
    positiveBucketCounts: positive.counts,
    negativeOffset: negative.offset,
    negativeBucketCounts: negative.counts,
    min: doubleField(o, 'min', path),
    max: doubleField(o, 'max', path),
    exemplars,
  };
}

export function readSummaryPointJson(v: unknown, path: string): SummaryPoint {
  const o = asObject(v, path);
  const base = pointBase(o, path);
  const items = arrayField(o, 'quantileValues', path);
  const quantiles = new Array<number>(items.length);
  const quantileValues = new Array<number>(items.length);
  for (let i = 0; i < items.length; i++) {
    const itemPath = `${path}.quantileValues[${i}]`;
    const q = asObject(items[i], itemPath);
    quantiles[i] = doubleField(q, 'quantile', itemPath);
    quantileValues[i] = doubleField(q, 'value', itemPath);
  }
  return {
    attributes: base.attributes,
    startTimeUnix: base.startTimeUnix,
    timeUnix: base.timeUnix,
    flags: base.flags,
    count: uint64Field(o, 'count', path),
    sum: doubleField(o, 'sum', path),
    quantiles,
    quantileValues,
  };
}
