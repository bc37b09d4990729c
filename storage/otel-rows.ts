/**
 * Row shapes of the `otel_*` tables, exactly as passed to `Store.insertRows`
 * (which writes them as RowBinary, see row-binary.ts, or as JSONEachRow
 * where it has no encoder). Column names and meanings follow the
 * OpenTelemetry Collector's ClickHouse exporter, so data written by either
 * can be read by both.
 *
 * Encoding contract (what the decoders must produce):
 * - Timestamps are nanoseconds since the Unix epoch as decimal strings
 *   (`"1700000000123456789"`): 64-bit values do not fit a JS number exactly.
 * - Durations are nanoseconds as numbers (exact below 2^53 ns, about 104 days).
 * - Ids are lower-case hex; an all-zero or absent id is the empty string.
 * - Attribute maps hold every value as a string (see `anyValueToString`).
 * - Nested columns are inserted as parallel arrays named `Nested.Field`.
 */

export type AttributeMap = Record<string, string>;

/** Names of the telemetry tables, without any database prefix. */
export const OTEL_TABLES = {
  traces: 'otel_traces',
  tracesTraceIdTs: 'otel_traces_trace_id_ts',
  logs: 'otel_logs',
  gauge: 'otel_metrics_gauge',
  sum: 'otel_metrics_sum',
  histogram: 'otel_metrics_histogram',
  exponentialHistogram: 'otel_metrics_exponential_histogram',
  summary: 'otel_metrics_summary',
} as const;

/** The tables that receive decoded rows (the trace-id table is filled by a materialized view). */
export type RowTable = Exclude<keyof typeof OTEL_TABLES, 'tracesTraceIdTs'>;

export interface SpanRow {
  Timestamp: string;
  TraceId: string;
  SpanId: string;
  ParentSpanId: string;
  TraceState: string;
  SpanName: string;
  /** `Unspecified`, `Internal`, `Server`, `Client`, `Producer` or `Consumer`. */
  SpanKind: string;
  ServiceName: string;
  ResourceAttributes: AttributeMap;
  ScopeName: string;
  ScopeVersion: string;
  SpanAttributes: AttributeMap;
  Duration: number;
  /** `Unset`, `Ok` or `Error`. */
  StatusCode: string;
  StatusMessage: string;
  'Events.Timestamp': string[];
  'Events.Name': string[];
  'Events.Attributes': AttributeMap[];
  'Links.TraceId': string[];
  'Links.SpanId': string[];
  'Links.TraceState': string[];
  'Links.Attributes': AttributeMap[];
}

export interface LogRow {
  Timestamp: string;
  TraceId: string;
  SpanId: string;
  TraceFlags: number;
  SeverityText: string;
  SeverityNumber: number;
  ServiceName: string;
  Body: string;
  ResourceSchemaUrl: string;
  ResourceAttributes: AttributeMap;
  ScopeSchemaUrl: string;
  ScopeName: string;
  ScopeVersion: string;
  ScopeAttributes: AttributeMap;
  LogAttributes: AttributeMap;
  EventName: string;
}

/** Columns every metric table shares. */
export interface MetricRowBase {
  ResourceAttributes: AttributeMap;
  ResourceSchemaUrl: string;
  ScopeName: string;
  ScopeVersion: string;
  ScopeAttributes: AttributeMap;
  ScopeDroppedAttrCount: number;
  ScopeSchemaUrl: string;
  ServiceName: string;
  MetricName: string;
  MetricDescription: string;
  MetricUnit: string;
  Attributes: AttributeMap;
  StartTimeUnix: string;
  TimeUnix: string;
  Flags: number;
}

export interface ExemplarColumns {
  'Exemplars.FilteredAttributes': AttributeMap[];
  'Exemplars.TimeUnix': string[];
  'Exemplars.Value': number[];
  'Exemplars.SpanId': string[];
  'Exemplars.TraceId': string[];
}

export interface GaugeRow extends MetricRowBase, ExemplarColumns {
  Value: number;
}

export interface SumRow extends MetricRowBase, ExemplarColumns {
  Value: number;
  /** 0 unspecified, 1 delta, 2 cumulative (the OTLP enum values). */
  AggregationTemporality: number;
  IsMonotonic: boolean;
}

export interface HistogramRow extends MetricRowBase, ExemplarColumns {
  Count: number;
  Sum: number;
  BucketCounts: number[];
  ExplicitBounds: number[];
  Min: number;
  Max: number;
  AggregationTemporality: number;
}

export interface ExponentialHistogramRow extends MetricRowBase, ExemplarColumns {
  Count: number;
  Sum: number;
  Scale: number;
  ZeroCount: number;
  PositiveOffset: number;
  PositiveBucketCounts: number[];
  NegativeOffset: number;
  NegativeBucketCounts: number[];
  Min: number;
  Max: number;
  AggregationTemporality: number;
}

export interface SummaryRow extends MetricRowBase {
  Count: number;
  Sum: number;
  'ValueAtQuantiles.Quantile': number[];
  'ValueAtQuantiles.Value': number[];
}

/** Rows decoded from one request, grouped by destination table. */
export interface RowsByTable {
  traces?: SpanRow[];
  logs?: LogRow[];
  gauge?: GaugeRow[];
  sum?: SumRow[];
  histogram?: HistogramRow[];
  exponentialHistogram?: ExponentialHistogramRow[];
  summary?: SummaryRow[];
}
