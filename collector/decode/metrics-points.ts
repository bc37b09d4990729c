/**
 * The decoded form of one OTLP metric data point, shared by the protobuf and
 * JSON metrics decoders, and the rules deciding which points are stored.
 * Both decoders fill a `PointDraft` and hand it to `MetricSink`, which
 * validates it here and builds rows with `metrics-rows.ts`; nothing else
 * makes metric rows, so the two wire formats cannot drift apart.
 *
 * Data model: https://opentelemetry.io/docs/specs/otel/metrics/data-model/
 * Messages: opentelemetry/proto/metrics/v1/metrics.proto
 */
import type { AttributeMap, ExemplarColumns } from '../../storage/otel-rows.ts';
import type { ItemGroup } from './otlp-envelope.ts';

/**
 * DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK: "this DataPoint is
 * valid but has no recorded value" (an explicit gap, like a Prometheus
 * staleness marker). Such points are stored with zero values and this bit in
 * `Flags`; readers must test the bit before using the value.
 */
export const FLAG_NO_RECORDED_VALUE = 1;

/** Metric kinds, numbered as the Metric.data oneof fields that carry them. */
export const GAUGE = 5;
export const SUM = 7;
export const HISTOGRAM = 9;
export const EXPONENTIAL_HISTOGRAM = 10;
export const SUMMARY = 11;
export type MetricKind = typeof GAUGE | typeof SUM | typeof HISTOGRAM | typeof EXPONENTIAL_HISTOGRAM | typeof SUMMARY;

/** What every point of one Metric shares: its group (resource, scope), header and data message fields. */
export interface MetricInfo extends ItemGroup {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly kind: MetricKind;
  /** AggregationTemporality of a sum or (exponential) histogram; 0 for gauges and summaries. */
  readonly temporality: number;
  /** Sum.is_monotonic; false for the other kinds. */
  readonly isMonotonic: boolean;
}

/** The MetricInfo of a metric in `group`, as both decoders build it once per metric. */
export function metricInfo(
  group: ItemGroup,
  name: string,
  description: string,
  unit: string,
  kind: MetricKind,
  temporality: number,
  isMonotonic: boolean,
): MetricInfo {
  return {
    resource: group.resource,
    resourceSchemaUrl: group.resourceSchemaUrl,
    scope: group.scope,
    scopeSchemaUrl: group.scopeSchemaUrl,
    name,
    description,
    unit,
    kind,
    temporality,
    isMonotonic,
  };
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

/**
 * Stands for the arrays a point's kind does not have. Frozen: a reader that
 * wrote a field its kind lacks would throw rather than change another row.
 */
const NONE = Object.freeze([]) as unknown as number[];
const NO_EXEMPLARS = Object.freeze({
  columns: Object.freeze({
    'Exemplars.FilteredAttributes': NONE as unknown as AttributeMap[],
    'Exemplars.TimeUnix': NONE as unknown as string[],
    'Exemplars.Value': NONE,
    'Exemplars.SpanId': NONE as unknown as string[],
    'Exemplars.TraceId': NONE as unknown as string[],
  }),
  problem: '',
}) as ExemplarList;

/**
 * One data point of any kind as the protobuf and JSON decoders collect it,
 * reused for every point of a request: `reset(kind)` before each. Only the
 * fields of the point's kind are meaningful, and `reset` gives those fresh
 * maps and arrays (they move into the row); the row builders read only them.
 */
export class PointDraft implements NumberPoint, HistogramPoint, ExponentialHistogramPoint, SummaryPoint {
  attributes: AttributeMap = {};
  startTimeUnix = '0';
  timeUnix = '0';
  flags = 0;
  value = 0;
  hasValue = false;
  count = 0;
  sum = 0;
  min = 0;
  max = 0;
  scale = 0;
  zeroCount = 0;
  positiveOffset = 0;
  negativeOffset = 0;
  bucketCounts = NONE;
  explicitBounds = NONE;
  positiveBucketCounts = NONE;
  negativeBucketCounts = NONE;
  quantiles = NONE;
  quantileValues = NONE;
  exemplars = NO_EXEMPLARS;

  reset(kind: MetricKind): void {
    this.attributes = {};
    this.startTimeUnix = '0';
    this.timeUnix = '0';
    this.flags = 0;
    this.value = 0;
    this.hasValue = false;
    this.count = 0;
    this.sum = 0;
    this.min = 0;
    this.max = 0;
    this.scale = 0;
    this.zeroCount = 0;
    this.positiveOffset = 0;
    this.negativeOffset = 0;
    this.bucketCounts = kind === HISTOGRAM ? [] : NONE;
    this.explicitBounds = kind === HISTOGRAM ? [] : NONE;
    this.positiveBucketCounts = kind === EXPONENTIAL_HISTOGRAM ? [] : NONE;
    this.negativeBucketCounts = kind === EXPONENTIAL_HISTOGRAM ? [] : NONE;
    this.quantiles = kind === SUMMARY ? [] : NONE;
    this.quantileValues = kind === SUMMARY ? [] : NONE;
    this.exemplars = kind === SUMMARY ? NO_EXEMPLARS : newExemplarList();
  }
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
