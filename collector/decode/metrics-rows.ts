/**
 * Builds the `otel_metrics_*` rows from decoded data points. The only place
 * rows are made, for both wire formats.
 *
 * Each row is one object literal with every column spelled out (no spread):
 * rows are built per data point on the ingest hot path, and literals of one
 * shape share a hidden class, where spreading a shared base object into each
 * row costs several times more time and garbage.
 *
 * The resource and scope attribute maps are shared by all rows of their group
 * (and frozen by the decoders); each point has its own `Attributes` map.
 */
import type { ExponentialHistogramRow, GaugeRow, HistogramRow, SumRow, SummaryRow } from '../../storage/otel-rows.ts';
import type { ExponentialHistogramPoint, HistogramPoint, MetricInfo, NumberPoint, SummaryPoint } from './metrics-points.ts';

export function gaugeRow(m: MetricInfo, p: NumberPoint): GaugeRow {
  const ex = p.exemplars.columns;
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
    Value: p.value,
    'Exemplars.FilteredAttributes': ex['Exemplars.FilteredAttributes'],
    'Exemplars.TimeUnix': ex['Exemplars.TimeUnix'],
    'Exemplars.Value': ex['Exemplars.Value'],
    'Exemplars.SpanId': ex['Exemplars.SpanId'],
    'Exemplars.TraceId': ex['Exemplars.TraceId'],
  };
}

export function sumRow(m: MetricInfo, p: NumberPoint, temporality: number, isMonotonic: boolean): SumRow {
  const ex = p.exemplars.columns;
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
    Value: p.value,
    AggregationTemporality: temporality,
    IsMonotonic: isMonotonic,
    'Exemplars.FilteredAttributes': ex['Exemplars.FilteredAttributes'],
    'Exemplars.TimeUnix': ex['Exemplars.TimeUnix'],
    'Exemplars.Value': ex['Exemplars.Value'],
    'Exemplars.SpanId': ex['Exemplars.SpanId'],
    'Exemplars.TraceId': ex['Exemplars.TraceId'],
  };
}

export function histogramRow(m: MetricInfo, p: HistogramPoint, temporality: number): HistogramRow {
  const ex = p.exemplars.columns;
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
    Count: p.count,
    Sum: p.sum,
    BucketCounts: p.bucketCounts,
    ExplicitBounds: p.explicitBounds,
    Min: p.min,
    Max: p.max,
    AggregationTemporality: temporality,
    'Exemplars.FilteredAttributes': ex['Exemplars.FilteredAttributes'],
    'Exemplars.TimeUnix': ex['Exemplars.TimeUnix'],
    'Exemplars.Value': ex['Exemplars.Value'],
    'Exemplars.SpanId': ex['Exemplars.SpanId'],
    'Exemplars.TraceId': ex['Exemplars.TraceId'],
  };
}

export function exponentialHistogramRow(m: MetricInfo, p: ExponentialHistogramPoint, temporality: number): ExponentialHistogramRow {
  const ex = p.exemplars.columns;
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
    Count: p.count,
    Sum: p.sum,
    Scale: p.scale,
    ZeroCount: p.zeroCount,
    PositiveOffset: p.positiveOffset,
    PositiveBucketCounts: p.positiveBucketCounts,
    NegativeOffset: p.negativeOffset,
    NegativeBucketCounts: p.negativeBucketCounts,
    Min: p.min,
    Max: p.max,
    AggregationTemporality: temporality,
    'Exemplars.FilteredAttributes': ex['Exemplars.FilteredAttributes'],
    'Exemplars.TimeUnix': ex['Exemplars.TimeUnix'],
    'Exemplars.Value': ex['Exemplars.Value'],
    'Exemplars.SpanId': ex['Exemplars.SpanId'],
    'Exemplars.TraceId': ex['Exemplars.TraceId'],
  };
}

export function summaryRow(m: MetricInfo, p: SummaryPoint): SummaryRow {
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
    Count: p.count,
    Sum: p.sum,
    'ValueAtQuantiles.Quantile': p.quantiles,
    'ValueAtQuantiles.Value': p.quantileValues,
  };
}
