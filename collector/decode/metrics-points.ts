/**
 * The decoded form of one OTLP metric data point, shared by the protobuf and
 * JSON metrics decoders, and the rules deciding which points are stored.
 * Both decoders fill these shapes and hand them to `MetricSink`, which
 * validates them here and builds rows with `metrics-rows.ts`; nothing else
 * makes metric rows, so the two wire formats cannot drift apart.
 *
 * Data model: https://opentelemetry.io/docs/specs/otel/metrics/data-model/
 * Messages: opentelemetry/proto/metrics/v1/metrics.proto
 */
import type { AttributeMap, ExemplarColumns } from '../../storage/otel-rows.ts';
import type { ResourceInfo, ScopeInfo } from './common-proto.ts';

/**
 * DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK: "this DataPoint is
 * valid but has no recorded value" (an explicit gap, like a Prometheus
 * staleness marker). Such points are stored with zero values and this bit in
 * `Flags`; readers must test the bit before using the value.
 */
export const FLAG_NO_RECORDED_VALUE = 1;

/** What every point of one Metric shares (resource, scope, metric header). */
export interface MetricInfo {
  readonly resource: ResourceInfo;
  readonly resourceSchemaUrl: string;
  readonly scope: ScopeInfo;
  readonly scopeSchemaUrl: string;
  readonly name: string;
  readonly description: string;
  readonly unit: string;
}

export interface PointBase {
  attributes: AttributeMap;
  /** Nanoseconds as decimal text ('0' when absent). */
  startTimeUnix: string;
  timeUnix: string;
  flags: number;
}

export interface ExemplarList {
  readonly columns: ExemplarColumns;
  /** Why the first invalid exemplar is invalid; '' when all are valid. */
  problem: string;
}

/** NumberDataPoint (gauge and sum points). */
export interface NumberPoint extends PointBase {
  value: number;
  /** Whether as_double or as_int was present. */
  hasValue: boolean;
  exemplars: ExemplarList;
}

export interface HistogramPoint extends PointBase {
  count: number;
  sum: number;
  bucketCounts: number[];
  explicitBounds: number[];
  min: number;
  max: number;
  exemplars: ExemplarList;
}

export interface ExponentialHistogramPoint extends PointBase {
  count: number;
  sum: number;
  scale: number;
  zeroCount: number;
  positiveOffset: number;
  positiveBucketCounts: number[];
  negativeOffset: number;
  negativeBucketCounts: number[];
  min: number;
  max: number;
  exemplars: ExemplarList;
}

export interface SummaryPoint extends PointBase {
  count: number;
  sum: number;
  quantiles: number[];
  quantileValues: number[];
}

export function newExemplarList(): ExemplarList {
  return {
    columns: {
      'Exemplars.FilteredAttributes': [],
      'Exemplars.TimeUnix': [],
      'Exemplars.Value': [],
      'Exemplars.SpanId': [],
      'Exemplars.TraceId': [],
    },
    problem: '',
  };
}

/**
 * Appends one exemplar. Ids are lower-case hex or '' (an exemplar without a
 * trace); a point with an invalid id is rejected through `problem`. An
 * exemplar with neither as_double nor as_int has value 0: the column cannot
 * say "absent".
 */
export function addExemplar(list: ExemplarList, attributes: AttributeMap, timeUnix: string, value: number, spanId: string, traceId: string): void {
  const c = list.columns;
  c['Exemplars.FilteredAttributes'].push(attributes);
  c['Exemplars.TimeUnix'].push(timeUnix);
  c['Exemplars.Value'].push(value);
  c['Exemplars.SpanId'].push(spanId);
  c['Exemplars.TraceId'].push(traceId);
}

// --- validation: each returns why the point is rejected, or '' -------------

/**
 * Checks every point kind shares. "Data points with the 0 value for
 * TimeUnixNano SHOULD be rejected by consumers" (metrics.proto, comment on
 * Metric): such a point would land at the epoch, outside every window.
 */
function baseProblem(p: PointBase): string {
  return p.timeUnix === '0' ? 'time_unix_nano is 0' : '';
}

/**
 * NumberDataPoint: "A point is considered invalid when one of the recognized
 * value fields is not present inside this oneof." A point with no value is
 * stored (as Value 0) only when it carries the no-recorded-value flag, which
 * makes the gap explicit; without the flag it is rejected rather than stored
 * as a made-up 0 that detectors would read as a real drop.
 */
export function numberPointProblem(p: NumberPoint): string {
  const base = baseProblem(p);
  if (base !== '') return base;
  if (!p.hasValue && (p.flags & FLAG_NO_RECORDED_VALUE) === 0) {
    return 'no value (neither as_double nor as_int) and the no-recorded-value flag is not set';
  }
  return p.exemplars.problem;
}

/**
 * HistogramDataPoint: "The number of elements in bucket_counts array must be
 * by one greater than the number of elements in explicit_bounds array." An
 * empty bucket_counts (a count/sum-only histogram) is accepted whatever the
 * bounds, since its count, sum, min and max are still meaningful.
 */
export function histogramPointProblem(p: HistogramPoint): string {
  const base = baseProblem(p);
  if (base !== '') return base;
  const n = p.bucketCounts.length;
  const b = p.explicitBounds.length;
  if (n !== 0 && n !== b + 1) return `${n} bucket_counts for ${b} explicit_bounds (need ${b + 1})`;
  return p.exemplars.problem;
}

export function exponentialHistogramPointProblem(p: ExponentialHistogramPoint): string {
  const base = baseProblem(p);
  return base !== '' ? base : p.exemplars.problem;
}

/** ValueAtQuantile.quantile "must be in the interval [0.0, 1.0]". */
export function summaryPointProblem(p: SummaryPoint): string {
  const base = baseProblem(p);
  if (base !== '') return base;
  for (let i = 0; i < p.quantiles.length; i++) {
    const q = p.quantiles[i]!;
    if (!(q >= 0 && q <= 1)) return `quantile_values[${i}].quantile ${q} is outside [0, 1]`;
  }
  return '';
}
