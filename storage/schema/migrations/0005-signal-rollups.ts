/**
 * Migration 5: the correlator's rollups. Materialized views fold every
 * insert into `otel_traces`, the four `otel_metrics_*` tables the
 * correlator reads and `otel_logs` into per-10-second aggregates, sorted by
 * time, so that reading a window's signals costs the same at any age of the
 * store (the `otel_*` tables are sorted by service and name before time, and
 * a time-range read scans their merged parts whole).
 *
 * - `causeway_span_rollup`: per bucket, service, entry flag (SERVER or
 *   CONSUMER span) and peer (the database or remote peer a CLIENT or
 *   PRODUCER span calls, '' otherwise): spans, spans in error, and the
 *   state of `quantiles(0.5, 0.95, 0.99)` over durations.
 * - `causeway_metric_rollup`: per bucket, service, metric, unit, kind and series:
 *   the sum and count of values (gauges, non-cumulative sums, summary
 *   medians, delta histograms' sums and counts) and the last sample by time
 *   (cumulative counters' values; cumulative histograms' sum and count).
 *   `Series` is the hash of a point's attributes and resource attributes for
 *   the kinds read per series, 0 for the kinds averaged over the service.
 * - `causeway_log_rollup`: per bucket and service: records and error records.
 *
 * Every column is an aggregate, so background merges of the
 * AggregatingMergeTree fold rows of one key; readers aggregate again on read
 * (merges happen whenever they do). A rollup row holds what a GROUP BY of
 * the raw rows gives exactly: sums and counts add, `argMax` keeps the last
 * sample, and the quantiles state is the same sample the raw query keeps.
 *
 * Data already stored is folded in once (the backfill after each view):
 * only raw rows older than the first bucket the view has written, so a run
 * that stopped before its record can run again without counting twice.
 * Backfilling a large store takes as long as reading it once.
 *
 * Retention follows the raw family each rollup comes from.
 *
 * The specs below are the ones this migration's text is generated from: once
 * released they do not change (the checksum is recorded in every store);
 * a change goes into a new migration.
 */
import { createMaterializedViewStatement, createTableStatements, qualified, type SchemaLayout } from '../ddl.ts';
import type { Migration } from '../migration.ts';
import { OTEL_TABLES } from '../../otel-rows.ts';
import type { MaterializedViewSpec, TableSpec } from '../table-spec.ts';

/** Width of a rollup bucket: signal ranges and steps are multiples of it. */
export const ROLLUP_BUCKET_SECONDS = 10;

/**
 * When a span counts as an error: status Error, or an HTTP status >= 500
 * (older instrumentation often leaves the status unset on failures).
 * Readers of raw spans use the same condition as the rollup.
 */
export const SPAN_ERROR_CONDITION =
  "(StatusCode IN ('Error', 'STATUS_CODE_ERROR') OR toUInt16OrZero(SpanAttributes['http.response.status_code']) >= 500 OR toUInt16OrZero(SpanAttributes['http.status_code']) >= 500)";

export const ROLLUP_TABLES = {
  spans: 'causeway_span_rollup',
  metrics: 'causeway_metric_rollup',
  logs: 'causeway_log_rollup',
} as const;

/** The rollups' 10 s bucket of a time column (an SQL expression). */
export const BUCKET = (time: string) => `toStartOfInterval(toDateTime(${time}), INTERVAL ${ROLLUP_BUCKET_SECONDS} SECOND)`;
const Z = 'ZSTD(1)';
const SETTINGS = { index_granularity: 8192, ttl_only_drop_parts: 1 };
const BUCKET_COLUMN = { name: 'Bucket', type: 'DateTime', codec: 'Delta, ZSTD(1)' };

export const SPAN_ROLLUP_SPEC: TableSpec = {
  name: ROLLUP_TABLES.spans,
  family: 'traces',
  columns: [
    BUCKET_COLUMN,
    { name: 'ServiceName', type: 'LowCardinality(String)', codec: Z },
    { name: 'Entry', type: 'UInt8', codec: Z },
    { name: 'Peer', type: 'LowCardinality(String)', codec: Z },
    { name: 'Spans', type: 'SimpleAggregateFunction(sum, UInt64)', codec: Z },
    { name: 'Errors', type: 'SimpleAggregateFunction(sum, UInt64)', codec: Z },
    { name: 'DurationQuantiles', type: 'AggregateFunction(quantiles(0.5, 0.95, 0.99), UInt64)', codec: Z },
  ],
  indexes: [],
  engine: 'AggregatingMergeTree',
  partitionBy: 'toDate(Bucket)',
  orderBy: '(Bucket, ServiceName, Entry, Peer)',
  ttlFrom: 'Bucket',
  settings: SETTINGS,
  shardingKey: 'cityHash64(ServiceName)',
};

export const METRIC_ROLLUP_SPEC: TableSpec = {
  name: ROLLUP_TABLES.metrics,
  family: 'metrics',
  columns: [
    BUCKET_COLUMN,
    { name: 'ServiceName', type: 'LowCardinality(String)', codec: Z },
    { name: 'MetricName', type: 'LowCardinality(String)', codec: Z },
    { name: 'MetricUnit', type: 'LowCardinality(String)', codec: Z },
    /** gauge | sum | summary (averaged over the service); counter | histogram | delta-histogram (per series). */
    { name: 'Kind', type: 'LowCardinality(String)', codec: Z },
    { name: 'Series', type: 'UInt64', codec: Z },
    { name: 'ValueSum', type: 'SimpleAggregateFunction(sum, Float64)', codec: Z },
    { name: 'ValueCount', type: 'SimpleAggregateFunction(sum, Float64)', codec: Z },
    { name: 'Last', type: 'AggregateFunction(argMax, Tuple(Float64, Float64), DateTime64(9))', codec: Z },
  ],
  indexes: [],
  engine: 'AggregatingMergeTree',
  partitionBy: 'toDate(Bucket)',
  orderBy: '(Bucket, ServiceName, MetricName, MetricUnit, Kind, Series)',
  ttlFrom: 'Bucket',
  settings: SETTINGS,
  shardingKey: 'cityHash64(ServiceName)',
};

export const LOG_ROLLUP_SPEC: TableSpec = {
  name: ROLLUP_TABLES.logs,
  family: 'logs',
  columns: [
    BUCKET_COLUMN,
    { name: 'ServiceName', type: 'LowCardinality(String)', codec: Z },
    { name: 'Records', type: 'SimpleAggregateFunction(sum, UInt64)', codec: Z },
    { name: 'Errors', type: 'SimpleAggregateFunction(sum, UInt64)', codec: Z },
  ],
  indexes: [],
  engine: 'AggregatingMergeTree',
  partitionBy: 'toDate(Bucket)',
  orderBy: '(Bucket, ServiceName)',
  ttlFrom: 'Bucket',
  settings: SETTINGS,
  shardingKey: 'cityHash64(ServiceName)',
};

/** Span kinds that enter a service: SERVER and CONSUMER, in both spellings. */
export const ENTRY_KINDS = "('Server', 'Consumer', 'SPAN_KIND_SERVER', 'SPAN_KIND_CONSUMER')";
const CALLING_KINDS = "('Client', 'Producer', 'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER')";
/** Spans that call a peer, as this migration released it: CLIENT and PRODUCER. */
export const CALLING_KINDS_CONDITION = `SpanKind IN ${CALLING_KINDS}`;
/**
 * The peer a client span calls as this migration released it:
 * `peer.service`, else a database's `server.address`, else the database
 * system. Migrations 6 and 7 widen it (`SPAN_PEER_NAME` of migration 7);
 * this text stays as released (see migration.ts).
 */
const RELEASED_PEER_NAME =
  "coalesce(nullIf(SpanAttributes['peer.service'], ''), nullIf(if(SpanAttributes['db.system'] != '', SpanAttributes['server.address'], ''), ''), nullIf(SpanAttributes['db.system'], ''))";

/**
 * The span rollup view's SELECT with `peerName` (an SQL expression, NULL
 * when a span names no peer) as the peer of the spans `outgoing` (an SQL
 * condition) holds for.
 */
function spanRollupSelect(peerName: string, outgoing: string): string {
  const peer = `if(${outgoing}, coalesce(${peerName}, ''), '')`;
  return `SELECT ${BUCKET('Timestamp')} AS Bucket, ServiceName, toUInt8(SpanKind IN ${ENTRY_KINDS}) AS Entry, ${peer} AS Peer,
       count() AS Spans, countIf(${SPAN_ERROR_CONDITION}) AS Errors, quantilesState(0.5, 0.95, 0.99)(Duration) AS DurationQuantiles
FROM {from}`;
}
export const SPAN_ROLLUP_GROUP_BY = 'GROUP BY Bucket, ServiceName, Entry, Peer';

/** A metric rollup view's SELECT; `extra` (migration 12) adds columns after `Last`, and is empty in this migration's text. */
const METRIC_COLUMNS = (kind: string, series: string, value: string, count: string, last: string, extra = '') =>
  `SELECT ${BUCKET('TimeUnix')} AS Bucket, ServiceName, MetricName, MetricUnit, ${kind} AS Kind, ${series} AS Series,
       sum(${value}) AS ValueSum, sum(toFloat64(${count})) AS ValueCount, argMaxState(${last}, TimeUnix) AS Last${extra}
FROM {from}`;
export const METRIC_GROUP = 'GROUP BY Bucket, ServiceName, MetricName, MetricUnit, Kind, Series';
const SERIES_HASH = 'cityHash64(Attributes, ResourceAttributes)';
const IS_COUNTER = 'IsMonotonic AND AggregationTemporality = 2';

/** The SELECTs of the views that fold `otel_metrics_sum` and `otel_metrics_histogram` into the metric rollup, before GROUP BY. */
export const sumRollupSelect = (extra = '') =>
  METRIC_COLUMNS(`if(${IS_COUNTER}, 'counter', 'sum')`, `if(${IS_COUNTER}, ${SERIES_HASH}, toUInt64(0))`, 'Value', '1', '(Value, toFloat64(0))', extra);
export const histogramRollupSelect = (extra = '') =>
  METRIC_COLUMNS("if(AggregationTemporality = 1, 'delta-histogram', 'histogram')", SERIES_HASH, 'Sum', 'Count', '(Sum, toFloat64(Count))', extra);

const LOG_SELECT = `SELECT ${BUCKET('Timestamp')} AS Bucket, ServiceName, count() AS Records,
       countIf(SeverityNumber >= 17 OR (SeverityNumber = 0 AND upper(SeverityText) IN ('ERROR', 'FATAL', 'CRITICAL', 'SEVERE'))) AS Errors
FROM {from}`;

interface Rollup {
  readonly view: MaterializedViewSpec;
  /** The view's GROUP BY, after the WHERE the backfill adds. */
  readonly groupBy: string;
}

function rollup(from: string, to: string, select: string, groupBy: string): Rollup {
  return { view: { name: `${to}_${from.replace(/^otel_/, '')}_mv`, from, to, select: `${select}\n${groupBy}` }, groupBy };
}

export const ROLLUPS: readonly Rollup[] = [
  rollup(OTEL_TABLES.traces, ROLLUP_TABLES.spans, spanRollupSelect(RELEASED_PEER_NAME, CALLING_KINDS_CONDITION), SPAN_ROLLUP_GROUP_BY),
  rollup(OTEL_TABLES.gauge, ROLLUP_TABLES.metrics, METRIC_COLUMNS("'gauge'", 'toUInt64(0)', 'Value', '1', '(Value, toFloat64(0))'), METRIC_GROUP),
  rollup(OTEL_TABLES.sum, ROLLUP_TABLES.metrics, sumRollupSelect(), METRIC_GROUP),
  rollup(OTEL_TABLES.histogram, ROLLUP_TABLES.metrics, histogramRollupSelect(), METRIC_GROUP),
  rollup(
    OTEL_TABLES.summary,
    ROLLUP_TABLES.metrics,
    METRIC_COLUMNS("'summary'", 'toUInt64(0)', 'arrayElement(ValueAtQuantiles.Value, indexOf(ValueAtQuantiles.Quantile, 0.5))', '1', '(toFloat64(0), toFloat64(0))'),
    METRIC_GROUP,
  ),
  rollup(OTEL_TABLES.logs, ROLLUP_TABLES.logs, LOG_SELECT, 'GROUP BY Bucket, ServiceName'),
];

/** The view that fills the span rollup from `otel_traces`. */
export const SPAN_ROLLUP_VIEW = ROLLUPS[0]!.view.name;

/**
 * The span rollup view with another peer name and outgoing condition (see
 * spanRollupSelect), for the migrations that change its query.
 */
export function spanRollupViewWith(peerName: string, outgoing: string): MaterializedViewSpec {
  return { ...ROLLUPS[0]!.view, select: `${spanRollupSelect(peerName, outgoing)}\n${SPAN_ROLLUP_GROUP_BY}` };
}

export const ROLLUP_TABLE_SPECS: readonly TableSpec[] = [SPAN_ROLLUP_SPEC, METRIC_ROLLUP_SPEC, LOG_ROLLUP_SPEC];

/**
 * Folds the raw rows stored before the view existed into the rollup: those
 * older than the first bucket the view wrote (all of them when it wrote
 * none). Rows of that first bucket inserted before the view was created, by
 * another writer while this migration ran, are the only ones missed.
 */
/**
 * A backfill groups a whole table at once; beyond this much memory its
 * GROUP BY spills to disk, so a large store upgrades slowly rather than
 * running out of memory.
 */
export const BACKFILL_GROUP_BY_BYTES = 1024 * 1024 * 1024;

function backfillStatement(r: Rollup, layout: SchemaLayout): string {
  const target = qualified(layout, r.view.to);
  const source = qualified(layout, r.view.from);
  const time = r.view.from.startsWith('otel_metrics') ? 'TimeUnix' : 'Timestamp';
  const select = r.view.select.replace(`\n${r.groupBy}`, '').replace('{from}', source);
  const kinds = `(SELECT count() FROM ${target} WHERE ${viewWrote(r)})`;
  const first = `(SELECT min(Bucket) FROM ${target} WHERE ${viewWrote(r)})`;
  return `INSERT INTO ${target}\n${select}\nWHERE ${kinds} = 0 OR ${BUCKET(time)} < ${first}\n${r.groupBy}\nSETTINGS max_bytes_before_external_group_by = ${BACKFILL_GROUP_BY_BYTES}`;
}

/** Rows of the rollup that this view (not another view into the same table) wrote. */
function viewWrote(r: Rollup): string {
  if (r.view.to !== ROLLUP_TABLES.metrics) return '1';
  const kinds: Record<string, string> = {
    [OTEL_TABLES.gauge]: "Kind = 'gauge'",
    [OTEL_TABLES.sum]: "Kind IN ('sum', 'counter')",
    [OTEL_TABLES.histogram]: "Kind IN ('histogram', 'delta-histogram')",
    [OTEL_TABLES.summary]: "Kind = 'summary'",
  };
  return kinds[r.view.from]!;
}

export const signalRollupsMigration: Migration = {
  version: 5,
  name: 'signal-rollups',
  statements: (layout) => [
    ...ROLLUP_TABLE_SPECS.flatMap((spec) => createTableStatements(spec, layout)),
    ...ROLLUPS.flatMap((r) => [createMaterializedViewStatement(r.view, layout), backfillStatement(r, layout)]),
  ],
};
