/**
 * The `otel_*` tables with the names, columns and types of the OpenTelemetry
 * Collector's ClickHouse exporter (exporter/clickhouseexporter), so data
 * written by the Collector is readable by Causeway and the other way round,
 * and Grafana's ClickHouse plugin finds what it expects.
 *
 * Choices that differ from the exporter's defaults, none of which changes a
 * column name or type:
 * - otel_traces is ordered by (ServiceName, SpanName, toDateTime(Timestamp),
 *   Timestamp): the full timestamp last keeps spans of one second in time order.
 * - Duration uses CODEC(T64, ZSTD(1)): T64 packs integers of a narrow range.
 * - Map columns stay in the metric tables' ORDER BY as in the exporter;
 *   ClickHouse 26 accepts a Map in a sorting key.
 *
 * Migration 1 is generated from these specs and its checksum is recorded in
 * every store it ran on: change a table through a new migration, and freeze
 * the spec migration 1 used if the change would alter its text.
 */
import { OTEL_TABLES } from '../otel-rows.ts';
import type { ColumnSpec, IndexSpec, MaterializedViewSpec, TableSpec } from './table-spec.ts';

const Z = 'ZSTD(1)';
const DZ = 'Delta, ZSTD(1)';
const ATTRS = 'Map(LowCardinality(String), String)';

const MERGE_TREE_SETTINGS = { index_granularity: 8192, ttl_only_drop_parts: 1 } as const;

function mapIndexes(prefix: string, column: string): IndexSpec[] {
  return [
    { name: `idx_${prefix}_key`, expression: `mapKeys(${column})`, type: 'bloom_filter(0.01)', granularity: 1 },
    { name: `idx_${prefix}_value`, expression: `mapValues(${column})`, type: 'bloom_filter(0.01)', granularity: 1 },
  ];
}

export const TRACES_SPEC: TableSpec = {
  name: OTEL_TABLES.traces,
  family: 'traces',
  columns: [
    { name: 'Timestamp', type: 'DateTime64(9)', codec: DZ },
    { name: 'TraceId', type: 'String', codec: Z },
    { name: 'SpanId', type: 'String', codec: Z },
    { name: 'ParentSpanId', type: 'String', codec: Z },
    { name: 'TraceState', type: 'String', codec: Z },
    { name: 'SpanName', type: 'LowCardinality(String)', codec: Z },
    { name: 'SpanKind', type: 'LowCardinality(String)', codec: Z },
    { name: 'ServiceName', type: 'LowCardinality(String)', codec: Z },
    { name: 'ResourceAttributes', type: ATTRS, codec: Z },
    { name: 'ScopeName', type: 'String', codec: Z },
    { name: 'ScopeVersion', type: 'String', codec: Z },
    { name: 'SpanAttributes', type: ATTRS, codec: Z },
    { name: 'Duration', type: 'UInt64', codec: 'T64, ZSTD(1)' },
    { name: 'StatusCode', type: 'LowCardinality(String)', codec: Z },
    { name: 'StatusMessage', type: 'String', codec: Z },
    { name: 'Events', type: `Nested(Timestamp DateTime64(9), Name LowCardinality(String), Attributes ${ATTRS})`, codec: Z },
    { name: 'Links', type: `Nested(TraceId String, SpanId String, TraceState String, Attributes ${ATTRS})`, codec: Z },
  ],
  indexes: [
    { name: 'idx_trace_id', expression: 'TraceId', type: 'bloom_filter(0.001)', granularity: 1 },
    ...mapIndexes('res_attr', 'ResourceAttributes'),
    ...mapIndexes('span_attr', 'SpanAttributes'),
    { name: 'idx_duration', expression: 'Duration', type: 'minmax', granularity: 1 },
  ],
  engine: 'MergeTree',
  partitionBy: 'toDate(Timestamp)',
  orderBy: '(ServiceName, SpanName, toDateTime(Timestamp), Timestamp)',
  ttlFrom: 'toDateTime(Timestamp)',
  settings: MERGE_TREE_SETTINGS,
  // All spans of a trace on one shard: trace assembly and the trace-id
  // lookup stay shard-local.
  shardingKey: 'cityHash64(TraceId)',
};

/** First and last span time per trace, filled by TRACES_TRACE_ID_TS_MV. */
export const TRACES_TRACE_ID_TS_SPEC: TableSpec = {
  name: OTEL_TABLES.tracesTraceIdTs,
  family: 'traces',
  columns: [
    { name: 'TraceId', type: 'String', codec: Z },
    { name: 'Start', type: 'DateTime', codec: DZ },
    { name: 'End', type: 'DateTime', codec: DZ },
  ],
  indexes: [{ name: 'idx_trace_id', expression: 'TraceId', type: 'bloom_filter(0.01)', granularity: 1 }],
  engine: 'MergeTree',
  partitionBy: 'toDate(Start)',
  orderBy: '(TraceId, Start)',
  ttlFrom: 'Start',
  settings: MERGE_TREE_SETTINGS,
  shardingKey: 'cityHash64(TraceId)',
};

/**
 * One row per trace and insert block: a trace whose spans arrive in several
 * inserts has several rows; readers take min(Start) and max(End).
 */
export const TRACES_TRACE_ID_TS_MV: MaterializedViewSpec = {
  name: `${OTEL_TABLES.tracesTraceIdTs}_mv`,
  from: OTEL_TABLES.traces,
  to: OTEL_TABLES.tracesTraceIdTs,
  select: 'SELECT TraceId, min(Timestamp) AS Start, max(Timestamp) AS End\nFROM {from}\nWHERE TraceId != \'\'\nGROUP BY TraceId',
};

export const LOGS_SPEC: TableSpec = {
  name: OTEL_TABLES.logs,
  family: 'logs',
  columns: [
    { name: 'Timestamp', type: 'DateTime64(9)', codec: 'Delta(8), ZSTD(1)' },
    { name: 'TimestampTime', type: 'DateTime', default: 'toDateTime(Timestamp)' },
    { name: 'TraceId', type: 'String', codec: Z },
    { name: 'SpanId', type: 'String', codec: Z },
    { name: 'TraceFlags', type: 'UInt8' },
    { name: 'SeverityText', type: 'LowCardinality(String)', codec: Z },
    { name: 'SeverityNumber', type: 'UInt8' },
    { name: 'ServiceName', type: 'LowCardinality(String)', codec: Z },
    { name: 'Body', type: 'String', codec: Z },
    { name: 'ResourceSchemaUrl', type: 'LowCardinality(String)', codec: Z },
    { name: 'ResourceAttributes', type: ATTRS, codec: Z },
    { name: 'ScopeSchemaUrl', type: 'LowCardinality(String)', codec: Z },
    { name: 'ScopeName', type: 'String', codec: Z },
    { name: 'ScopeVersion', type: 'LowCardinality(String)', codec: Z },
    { name: 'ScopeAttributes', type: ATTRS, codec: Z },
    { name: 'LogAttributes', type: ATTRS, codec: Z },
    { name: 'EventName', type: 'String', codec: Z },
  ],
  indexes: [
    { name: 'idx_trace_id', expression: 'TraceId', type: 'bloom_filter(0.001)', granularity: 1 },
    ...mapIndexes('res_attr', 'ResourceAttributes'),
    ...mapIndexes('scope_attr', 'ScopeAttributes'),
    ...mapIndexes('log_attr', 'LogAttributes'),
    { name: 'idx_body', expression: 'Body', type: 'tokenbf_v1(32768, 3, 0)', granularity: 8 },
  ],
  engine: 'MergeTree',
  partitionBy: 'toDate(TimestampTime)',
  primaryKey: '(ServiceName, TimestampTime)',
  orderBy: '(ServiceName, TimestampTime, Timestamp)',
  // TimestampTime is toDateTime(Timestamp), materialized: the TTL needs no
  // computation per row and matches the partition key.
  ttlFrom: 'TimestampTime',
  settings: MERGE_TREE_SETTINGS,
  shardingKey: 'rand()',
};

/**
 * A condition on otel_logs' TimestampTime (the time column of its primary
 * key and partition key, which the engine fills with toDateTime(Timestamp))
 * that every record with Timestamp in [from, to] meets; `fromMillisSql`
 * and `toMillisSql` are SQL expressions of epoch milliseconds. A read that
 * bounds Timestamp alone reads every partition and granule of the table,
 * whatever its range; with this as well, the engine skips the other days
 * and, within each service, the other times (on a day of 8.6 million
 * records, a 10 s window's read touched 79 granules instead of 854, in
 * 16 ms instead of 31: docs/performance.md).
 */
export function otelLogsTimeBound(fromMillisSql: string, toMillisSql: string): string {
  return `TimestampTime >= toDateTime(intDiv(${fromMillisSql}, 1000)) AND TimestampTime <= toDateTime(intDiv(${toMillisSql}, 1000))`;
}

/** Columns every metric table starts with. */
const METRIC_HEAD: ColumnSpec[] = [
  { name: 'ResourceAttributes', type: ATTRS, codec: Z },
  { name: 'ResourceSchemaUrl', type: 'String', codec: Z },
  { name: 'ScopeName', type: 'String', codec: Z },
  { name: 'ScopeVersion', type: 'String', codec: Z },
  { name: 'ScopeAttributes', type: ATTRS, codec: Z },
  { name: 'ScopeDroppedAttrCount', type: 'UInt32', codec: Z },
  { name: 'ScopeSchemaUrl', type: 'String', codec: Z },
  { name: 'ServiceName', type: 'LowCardinality(String)', codec: Z },
  { name: 'MetricName', type: 'String', codec: Z },
  { name: 'MetricDescription', type: 'String', codec: Z },
  { name: 'MetricUnit', type: 'String', codec: Z },
  { name: 'Attributes', type: ATTRS, codec: Z },
  { name: 'StartTimeUnix', type: 'DateTime64(9)', codec: DZ },
  { name: 'TimeUnix', type: 'DateTime64(9)', codec: DZ },
];

const EXEMPLARS: ColumnSpec = {
  name: 'Exemplars',
  type: `Nested(FilteredAttributes ${ATTRS}, TimeUnix DateTime64(9), Value Float64, SpanId String, TraceId String)`,
  codec: Z,
};

const FLAGS: ColumnSpec = { name: 'Flags', type: 'UInt32', codec: Z };

function metricSpec(name: string, columns: ColumnSpec[]): TableSpec {
  return {
    name,
    family: 'metrics',
    columns: [...METRIC_HEAD, ...columns],
    indexes: [...mapIndexes('res_attr', 'ResourceAttributes'), ...mapIndexes('scope_attr', 'ScopeAttributes'), ...mapIndexes('attr', 'Attributes')],
    engine: 'MergeTree',
    partitionBy: 'toDate(TimeUnix)',
    orderBy: '(ServiceName, MetricName, Attributes, toUnixTimestamp64Nano(TimeUnix))',
    ttlFrom: 'toDateTime(TimeUnix)',
    settings: MERGE_TREE_SETTINGS,
    shardingKey: 'rand()',
  };
}

export const GAUGE_SPEC = metricSpec(OTEL_TABLES.gauge, [{ name: 'Value', type: 'Float64', codec: Z }, FLAGS, EXEMPLARS]);

export const SUM_SPEC = metricSpec(OTEL_TABLES.sum, [
  { name: 'Value', type: 'Float64', codec: Z },
  FLAGS,
  EXEMPLARS,
  { name: 'AggregationTemporality', type: 'Int32', codec: Z },
  { name: 'IsMonotonic', type: 'Bool', codec: DZ },
]);

export const HISTOGRAM_SPEC = metricSpec(OTEL_TABLES.histogram, [
  { name: 'Count', type: 'UInt64', codec: DZ },
  { name: 'Sum', type: 'Float64', codec: Z },
  { name: 'BucketCounts', type: 'Array(UInt64)', codec: Z },
  { name: 'ExplicitBounds', type: 'Array(Float64)', codec: Z },
  EXEMPLARS,
  FLAGS,
  { name: 'Min', type: 'Float64', codec: Z },
  { name: 'Max', type: 'Float64', codec: Z },
  { name: 'AggregationTemporality', type: 'Int32', codec: Z },
]);

export const EXPONENTIAL_HISTOGRAM_SPEC = metricSpec(OTEL_TABLES.exponentialHistogram, [
  { name: 'Count', type: 'UInt64', codec: DZ },
  { name: 'Sum', type: 'Float64', codec: Z },
  { name: 'Scale', type: 'Int32', codec: Z },
  { name: 'ZeroCount', type: 'UInt64', codec: Z },
  { name: 'PositiveOffset', type: 'Int32', codec: Z },
  { name: 'PositiveBucketCounts', type: 'Array(UInt64)', codec: Z },
  { name: 'NegativeOffset', type: 'Int32', codec: Z },
  { name: 'NegativeBucketCounts', type: 'Array(UInt64)', codec: Z },
  EXEMPLARS,
  FLAGS,
  { name: 'Min', type: 'Float64', codec: Z },
  { name: 'Max', type: 'Float64', codec: Z },
  { name: 'AggregationTemporality', type: 'Int32', codec: Z },
]);

export const SUMMARY_SPEC = metricSpec(OTEL_TABLES.summary, [
  { name: 'Count', type: 'UInt64', codec: DZ },
  { name: 'Sum', type: 'Float64', codec: Z },
  { name: 'ValueAtQuantiles', type: 'Nested(Quantile Float64, Value Float64)', codec: Z },
  FLAGS,
]);

/** Every otel table, in creation order (the view's tables before the view). */
export const OTEL_TABLE_SPECS: readonly TableSpec[] = [
  TRACES_SPEC,
  TRACES_TRACE_ID_TS_SPEC,
  LOGS_SPEC,
  GAUGE_SPEC,
  SUM_SPEC,
  HISTOGRAM_SPEC,
  EXPONENTIAL_HISTOGRAM_SPEC,
  SUMMARY_SPEC,
];
