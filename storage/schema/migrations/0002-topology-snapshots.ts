/**
 * Migration 2: `causeway_topology_snapshots`, the service dependency graph
 * as it was at a point in event time, so an incident can be explained with
 * the topology of its moment rather than today's.
 *
 * One row per snapshot: the event time it describes (`snapshot_time`), the
 * trace window it was built from, and its nodes and edges as JSON text
 * (see correlator/topology/snapshot-store.ts for the shape). JSON keeps the
 * row shape stable while node and edge attributes grow; a snapshot is only
 * ever read whole.
 *
 * The spec below is the one this migration's text is generated from: once
 * released it does not change (its checksum is recorded in every store);
 * a change goes into a new migration.
 */
import { createTableStatements } from '../ddl.ts';
import type { Migration } from '../migration.ts';
import type { TableSpec } from '../table-spec.ts';

export const TOPOLOGY_SNAPSHOTS_TABLE = 'causeway_topology_snapshots';

export const TOPOLOGY_SNAPSHOTS_SPEC: TableSpec = {
  name: TOPOLOGY_SNAPSHOTS_TABLE,
  family: 'causeway',
  columns: [
    { name: 'snapshot_time', type: "DateTime64(3, 'UTC')", codec: 'Delta, ZSTD(1)' },
    { name: 'window_from', type: "DateTime64(3, 'UTC')", codec: 'Delta, ZSTD(1)' },
    { name: 'window_to', type: "DateTime64(3, 'UTC')", codec: 'Delta, ZSTD(1)' },
    { name: 'nodes', type: 'String', codec: 'ZSTD(3)' },
    { name: 'edges', type: 'String', codec: 'ZSTD(3)' },
  ],
  indexes: [],
  engine: 'MergeTree',
  // Daily partitions so that retention (ttl_only_drop_parts) drops whole days.
  partitionBy: 'toDate(snapshot_time)',
  orderBy: 'snapshot_time',
  ttlFrom: 'toDateTime(snapshot_time)',
  settings: { index_granularity: 8192, ttl_only_drop_parts: 1 },
  shardingKey: 'rand()',
};

export const topologySnapshotsMigration: Migration = {
  version: 2,
  name: 'topology-snapshots',
  statements: (layout) => createTableStatements(TOPOLOGY_SNAPSHOTS_SPEC, layout),
};
