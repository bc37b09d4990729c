/**
 * Migration 9: `causeway_spans_by_time`, the columns of every span that the
 * service graph, the ranking's trace evidence and latency objectives read,
 * sorted by time.
 *
 * `otel_traces` is sorted by (ServiceName, SpanName, time): a granule
 * holds the end of one operation's day and the start of the next, so a
 * read of the last minute touches nearly every granule of the day and
 * decompresses the attribute maps of all of them: the topology's read of
 * one minute took 165 ms with a day of 1.7 million spans stored, 300 ms
 * with 8.6 million. This table holds one narrow row per span (ids,
 * service, operation, duration, the error flag, the peer it calls and
 * where it ran), sorted by time, so a read of a range touches that range
 * only: 19-20 ms for the same reads at both sizes (docs/performance.md,
 * "Reads of spans by time").
 *
 * The view computes what readers used to compute from the maps, with the
 * conditions the span rollup is written with, so a graph node, a signal
 * entity and a ranked cause keep the same name:
 * - `IsError`: SPAN_ERROR_CONDITION;
 * - `Entry`: a SERVER or CONSUMER span;
 * - `Peer`: the peer an outgoing span calls (SPAN_PEER_NAME over
 *   SPAN_OUTGOING_CONDITION), '' for other spans; `PeerKind` is
 *   `database` when the span has `db.system`, else `external`, '' without
 *   a peer;
 * - `Pod`, `Host`, `Node`: `k8s.pod.name`, `host.name`, `k8s.node.name`
 *   of the span's resource.
 *
 * Spans stored before the view existed are copied once (the backfill:
 * those older than the first span the view wrote). Delivery is at least
 * once, so a span may be here twice, as in `otel_traces`; readers
 * deduplicate where a double would count twice. Retention follows traces.
 */
import { createMaterializedViewStatement, createTableStatements, qualified, type SchemaLayout } from '../ddl.ts';
import type { Migration } from '../migration.ts';
import { OTEL_TABLES } from '../../otel-rows.ts';
import type { MaterializedViewSpec, TableSpec } from '../table-spec.ts';
import { ENTRY_KINDS, SPAN_ERROR_CONDITION } from './0005-signal-rollups.ts';
import { SPAN_OUTGOING_CONDITION, SPAN_PEER_NAME } from './0007-span-peer-conventions.ts';

export const SPANS_BY_TIME_TABLE = 'causeway_spans_by_time';

const Z = 'ZSTD(1)';

export const SPANS_BY_TIME_SPEC: TableSpec = {
  name: SPANS_BY_TIME_TABLE,
  family: 'traces',
  columns: [
    { name: 'Timestamp', type: 'DateTime64(9)', codec: 'Delta, ZSTD(1)' },
    { name: 'TraceId', type: 'String', codec: Z },
    { name: 'SpanId', type: 'String', codec: Z },
    { name: 'ParentSpanId', type: 'String', codec: Z },
    { name: 'ServiceName', type: 'LowCardinality(String)', codec: Z },
    { name: 'SpanName', type: 'LowCardinality(String)', codec: Z },
    { name: 'Entry', type: 'UInt8', codec: Z },
    { name: 'Duration', type: 'UInt64', codec: 'T64, ZSTD(1)' },
    { name: 'IsError', type: 'UInt8', codec: Z },
    { name: 'Peer', type: 'LowCardinality(String)', codec: Z },
    { name: 'PeerKind', type: 'LowCardinality(String)', codec: Z },
    { name: 'Pod', type: 'LowCardinality(String)', codec: Z },
    { name: 'Host', type: 'LowCardinality(String)', codec: Z },
    { name: 'Node', type: 'LowCardinality(String)', codec: Z },
  ],
  indexes: [],
  engine: 'MergeTree',
  partitionBy: 'toDate(Timestamp)',
  orderBy: 'Timestamp',
  ttlFrom: 'toDateTime(Timestamp)',
  settings: { index_granularity: 8192, ttl_only_drop_parts: 1 },
  shardingKey: 'cityHash64(TraceId)',
};

const PEER = `if(${SPAN_OUTGOING_CONDITION}, coalesce(${SPAN_PEER_NAME}, ''), '')`;

/** The view's SELECT, with `extraColumns` (`, expr AS Name, ...`) that later migrations add after the released ones. */
export function spansByTimeSelect(extraColumns = ''): string {
  return `SELECT Timestamp, TraceId, SpanId, ParentSpanId, ServiceName, SpanName, toUInt8(SpanKind IN ${ENTRY_KINDS}) AS Entry, Duration,
       toUInt8(${SPAN_ERROR_CONDITION}) AS IsError, ${PEER} AS Peer,
       multiIf(Peer = '', '', SpanAttributes['db.system'] != '', 'database', 'external') AS PeerKind,
       ResourceAttributes['k8s.pod.name'] AS Pod, ResourceAttributes['host.name'] AS Host, ResourceAttributes['k8s.node.name'] AS Node${extraColumns}
FROM {from}`;
}

const SELECT = spansByTimeSelect();

/** The view that fills the table from `otel_traces`. */
export const SPANS_BY_TIME_VIEW = `${SPANS_BY_TIME_TABLE}_mv`;

export const SPANS_BY_TIME_VIEW_SPEC: MaterializedViewSpec = {
  name: SPANS_BY_TIME_VIEW,
  from: OTEL_TABLES.traces,
  to: SPANS_BY_TIME_TABLE,
  select: SELECT,
};

/**
 * Copies the spans stored before the view existed: those older than the
 * first span the view wrote (all of them when it wrote none), so a run that
 * stopped before its record can run again without copying twice. Spans of
 * that first instant inserted before the view was created, by another
 * writer while this migration ran, are the only ones missed.
 */
function backfillStatement(layout: SchemaLayout): string {
  const target = qualified(layout, SPANS_BY_TIME_TABLE);
  const source = qualified(layout, OTEL_TABLES.traces);
  const written = `(SELECT count() FROM ${target})`;
  const first = `(SELECT min(Timestamp) FROM ${target})`;
  return `INSERT INTO ${target}\n${SELECT.replace('{from}', source)}\nWHERE ${written} = 0 OR Timestamp < ${first}`;
}

export const spansByTimeMigration: Migration = {
  version: 9,
  name: 'spans-by-time',
  statements: (layout) => [...createTableStatements(SPANS_BY_TIME_SPEC, layout), createMaterializedViewStatement(SPANS_BY_TIME_VIEW_SPEC, layout), backfillStatement(layout)],
};
