/**
 * Migration 11: `causeway_deploy_marker_rollup`, when each value of a
 * service's deployment markers was seen, per minute, folded in as records
 * arrive.
 *
 * The ranking's change evidence asks, for the services around an incident,
 * which marker values appeared in the last hour and a quarter. Read from the
 * raw tables that meant decompressing and grouping the resource map of every
 * span, log record and data point of that range: 80-90 ms for a 40-service
 * case of 137,000 records, the dearest part of a ranking. From this table
 * the same answer is a few thousand narrow rows (docs/performance.md).
 *
 * Markers, read off a record's resource attributes:
 * - `service.version` (SDK resource: traces, logs, SDK metrics);
 * - `container.image.tag` (kubeletstats container metrics);
 * - `k8s.replicaset.name`: the ReplicaSet a Deployment's pod belongs to, as
 *   the k8sattributes processor sets it, or else read off the pod name
 *   (`<deployment>-<pod-template-hash>-<suffix>`). A new ReplicaSet is a
 *   rollout even when the version string stays the same (a config or
 *   image change under the same tag); a restarted or rescheduled pod keeps
 *   its ReplicaSet.
 *
 * One row per minute, service, source table, marker and value: the first
 * and last record time (exact, not rounded to the minute) and the number of
 * records. Each view groups an insert's rows by the hash of their whole
 * resource first (a batch holds thousands of records with the same few
 * resources) and reads the markers off the distinct resources only.
 *
 * Data already stored is folded in once, per source table: the raw rows
 * older than the first minute that table's view wrote.
 *
 * Kept as long as Causeway's own records (incidents, their rankings), so a
 * past incident's changes can be read again while the incident is kept.
 */
import { createMaterializedViewStatement, createTableStatements, qualified, type SchemaLayout } from '../ddl.ts';
import type { Migration } from '../migration.ts';
import { OTEL_TABLES } from '../../otel-rows.ts';
import type { MaterializedViewSpec, TableSpec } from '../table-spec.ts';
import { BACKFILL_GROUP_BY_BYTES } from './0005-signal-rollups.ts';

export const DEPLOY_MARKER_ROLLUP_TABLE = 'causeway_deploy_marker_rollup';

/** The markers the views read, in the order rankings list them on ties. */
export const DEPLOY_MARKERS = ['service.version', 'container.image.tag', 'k8s.replicaset.name'] as const;
export type DeployMarker = (typeof DEPLOY_MARKERS)[number];

const Z = 'ZSTD(1)';

export const DEPLOY_MARKER_ROLLUP_SPEC: TableSpec = {
  name: DEPLOY_MARKER_ROLLUP_TABLE,
  family: 'causeway',
  columns: [
    { name: 'Bucket', type: 'DateTime', codec: 'Delta, ZSTD(1)' },
    { name: 'ServiceName', type: 'LowCardinality(String)', codec: Z },
    /** The raw table the records are in: traces, logs, gauge, sum or histogram. */
    { name: 'Source', type: 'LowCardinality(String)', codec: Z },
    { name: 'Marker', type: 'LowCardinality(String)', codec: Z },
    { name: 'Value', type: 'String', codec: Z },
    { name: 'FirstSeen', type: 'SimpleAggregateFunction(min, DateTime64(9))', codec: Z },
    { name: 'LastSeen', type: 'SimpleAggregateFunction(max, DateTime64(9))', codec: Z },
    { name: 'Records', type: 'SimpleAggregateFunction(sum, UInt64)', codec: Z },
  ],
  indexes: [],
  engine: 'AggregatingMergeTree',
  partitionBy: 'toDate(Bucket)',
  orderBy: '(Bucket, ServiceName, Source, Marker, Value)',
  ttlFrom: 'Bucket',
  settings: { index_granularity: 8192, ttl_only_drop_parts: 1 },
  shardingKey: 'cityHash64(ServiceName)',
};

/** `Resource` is a record's resource attributes. */
const REPLICASET = `if(Resource['k8s.replicaset.name'] != '', Resource['k8s.replicaset.name'],
  if(Resource['k8s.deployment.name'] != '' AND startsWith(Resource['k8s.pod.name'], concat(Resource['k8s.deployment.name'], '-')),
     concat(Resource['k8s.deployment.name'], '-', splitByChar('-', substring(Resource['k8s.pod.name'], length(Resource['k8s.deployment.name']) + 2))[1]), ''))`;

const MARKER_VALUES = `[('service.version', Resource['service.version']), ('container.image.tag', Resource['container.image.tag']), ('k8s.replicaset.name', ${REPLICASET})]`;

interface Source {
  readonly table: string;
  /** `Source` column value. */
  readonly name: string;
  readonly time: string;
}

const SOURCES: readonly Source[] = [
  { table: OTEL_TABLES.traces, name: 'traces', time: 'Timestamp' },
  { table: OTEL_TABLES.logs, name: 'logs', time: 'Timestamp' },
  { table: OTEL_TABLES.gauge, name: 'gauge', time: 'TimeUnix' },
  { table: OTEL_TABLES.sum, name: 'sum', time: 'TimeUnix' },
  { table: OTEL_TABLES.histogram, name: 'histogram', time: 'TimeUnix' },
];

/** The SELECT of one source, with `{from}` for the table and `where` (a condition on raw rows, '' for none). */
function markerSelect(source: Source, where: string): string {
  const t = source.time;
  return `SELECT Minute AS Bucket, ServiceName, '${source.name}' AS Source, m.1 AS Marker, m.2 AS Value,
       min(FirstAt) AS FirstSeen, max(LastAt) AS LastSeen, sum(N) AS Records
FROM (
  SELECT toStartOfMinute(${t}) AS Minute, ServiceName, cityHash64(ResourceAttributes) AS ResourceHash, any(ResourceAttributes) AS Resource,
         min(${t}) AS FirstAt, max(${t}) AS LastAt, count() AS N
  FROM {from}${where === '' ? '' : `\n  WHERE ${where}`}
  GROUP BY Minute, ServiceName, ResourceHash
)
ARRAY JOIN arrayFilter(x -> x.2 != '', ${MARKER_VALUES}) AS m
GROUP BY Bucket, ServiceName, Source, Marker, Value`;
}

const viewOf = (source: Source): MaterializedViewSpec => ({
  name: `${DEPLOY_MARKER_ROLLUP_TABLE}_${source.name}_mv`,
  from: source.table,
  to: DEPLOY_MARKER_ROLLUP_TABLE,
  select: markerSelect(source, ''),
});

export const DEPLOY_MARKER_VIEWS: readonly MaterializedViewSpec[] = SOURCES.map(viewOf);
/** The view that reads `otel_traces`. */
export const DEPLOY_MARKER_SPAN_VIEW = DEPLOY_MARKER_VIEWS[0]!;

/**
 * Folds one source's raw rows stored before its view existed: those older
 * than the first minute the view wrote (all of them when it wrote none).
 */
function backfillStatement(source: Source, layout: SchemaLayout): string {
  const target = qualified(layout, DEPLOY_MARKER_ROLLUP_TABLE);
  const wrote = `Source = '${source.name}'`;
  const none = `(SELECT count() FROM ${target} WHERE ${wrote}) = 0`;
  const before = `toStartOfMinute(${source.time}) < (SELECT min(Bucket) FROM ${target} WHERE ${wrote})`;
  const select = markerSelect(source, `${none} OR ${before}`).replace('{from}', qualified(layout, source.table));
  return `INSERT INTO ${target}\n${select}\nSETTINGS max_bytes_before_external_group_by = ${BACKFILL_GROUP_BY_BYTES}`;
}

export const deployMarkerRollupMigration: Migration = {
  version: 11,
  name: 'deploy-marker-rollup',
  statements: (layout) => [
    ...createTableStatements(DEPLOY_MARKER_ROLLUP_SPEC, layout),
    ...SOURCES.flatMap((source) => [createMaterializedViewStatement(viewOf(source), layout), backfillStatement(source, layout)]),
  ],
};
