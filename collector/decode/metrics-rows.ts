/**
 * Builds the `otel_metrics_*` rows from decoded data points. The only place
 * rows are made, for both wire formats.
 *
 * Every table has the base columns (resource, scope, metric header, point
 * attributes and times), and all but the summary table the exemplar
 * columns; `baseRow` and `exemplarRow` write those once for every kind, and
 * `histogramStats` the columns both histogram tables have. Each
 * column is written out (a literal for the base, then assignments), never by
 * spreading a shared object into the row: rows are built per data point on
 * the ingest hot path, and spreading measured several times slower (and
 * more garbage) than literals and assignments, which give every row of a
 * kind the same hidden class.
 *
 * The resource and scope attribute maps are shared by all rows of their group
 * (and frozen by the decoders); each point has its own `Attributes` map.
 */
import type {
  ExemplarColumns,
  ExponentialHistogramRow,
  GaugeRow,
  HistogramRow,
  MetricRowBase,
  SumRow,
  SummaryRow,
} from '../../storage/otel-rows.ts';
import type { ExponentialHistogramPoint, HistogramPoint, MetricInfo, NumberPoint, PointBase, SummaryPoint } from './metrics-points.ts';

/** The columns every metric table has. */
function baseRow(m: MetricInfo, p: PointBase): MetricRowBase {
  return {
    ResourceAttributes: m.resource.attributes,
    ResourceSchemaUrl: m.resourceSchemaUrl,
    ScopeName: m.scope.name,
    ScopeVersion: m.scope.version,
    ScopeAttributes: m.scope.attributes,
    ScopeDroppedAttrCount: m.scope.droppedAttributesCount,
    ScopeSchemaUrl: m.scopeSchemaUrl,
    ServiceName: m.resource.serviceName,
    MetricName: m.name,
    MetricDescription: m.description,
    MetricUnit: m.unit,
    Attributes: p.attributes,
    StartTimeUnix: p.startTimeUnix,
    TimeUnix: p.timeUnix,
    Flags: p.flags,
  };
}

/** The base columns plus the exemplar columns (every table but the summary one). */
function exemplarRow(m: MetricInfo, p: NumberPoint | HistogramPoint | ExponentialHistogramPoint): MetricRowBase & ExemplarColumns {
  const row = baseRow(m, p) as MetricRowBase & ExemplarColumns;
  const ex = p.exemplars.columns;
  row['Exemplars.FilteredAttributes'] = ex['Exemplars.FilteredAttributes'];
  row['Exemplars.TimeUnix'] = ex['Exemplars.TimeUnix'];
  row['Exemplars.Value'] = ex['Exemplars.Value'];
  row['Exemplars.SpanId'] = ex['Exemplars.SpanId'];
  row['Exemplars.TraceId'] = ex['Exemplars.TraceId'];
  return row;
}

export function gaugeRow(m: MetricInfo, p: NumberPoint): GaugeRow {
  const row = exemplarRow(m, p) as GaugeRow;
  row.Value = p.value;
  return row;
}

export function sumRow(m: MetricInfo, p: NumberPoint): SumRow {
  const row = exemplarRow(m, p) as SumRow;
  row.Value = p.value;
  row.AggregationTemporality = m.temporality;
  row.IsMonotonic = m.isMonotonic;
  return row;
}

/** Count, Sum, Min, Max and AggregationTemporality, the statistics both histogram tables have. */
function histogramStats(row: HistogramRow | ExponentialHistogramRow, m: MetricInfo, p: HistogramPoint | ExponentialHistogramPoint): void {
  row.Count = p.count;
  row.Sum = p.sum;
  row.Min = p.min;
  row.Max = p.max;
  row.AggregationTemporality = m.temporality;
}

export function histogramRow(m: MetricInfo, p: HistogramPoint): HistogramRow {
  const row = exemplarRow(m, p) as HistogramRow;
  histogramStats(row, m, p);
  row.BucketCounts = p.bucketCounts;
  row.ExplicitBounds = p.explicitBounds;
  return row;
}

export function exponentialHistogramRow(m: MetricInfo, p: ExponentialHistogramPoint): ExponentialHistogramRow {
  const row = exemplarRow(m, p) as ExponentialHistogramRow;
  histogramStats(row, m, p);
  row.Scale = p.scale;
  row.ZeroCount = p.zeroCount;
  row.PositiveOffset = p.positiveOffset;
  row.PositiveBucketCounts = p.positiveBucketCounts;
  row.NegativeOffset = p.negativeOffset;
  row.NegativeBucketCounts = p.negativeBucketCounts;
  return row;
}

export function summaryRow(m: MetricInfo, p: SummaryPoint): SummaryRow {
  const row = baseRow(m, p) as SummaryRow;
  row.Count = p.count;
  row.Sum = p.sum;
  row['ValueAtQuantiles.Quantile'] = p.quantiles;
  row['ValueAtQuantiles.Value'] = p.quantileValues;
  return row;
}
