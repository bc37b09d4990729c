/**
 * Public surface of storage/: the Store (embedded engine or ClickHouse
 * server), schema migrations with retention, error classification, and the
 * otel row shapes.
 */
export { openStore, type InsertFormat, type InsertTable, type PreparedRows, type Store } from './store.ts';
export { createStoreClient, type ClickHouseOptions, type StoreClient, type StoreKind, type StoreOptions } from './client-factory.ts';
export type { InsertBody } from './insert-body.ts';
export { classifyStorageError, isRetryableStorageFailure, storageErrorFacts, TRANSIENT_CLICKHOUSE_CODES, type StorageErrorFacts } from './classify-error.ts';
export {
  migrate,
  migrationChecksum,
  pendingMigrations,
  MIN_SERVER_VERSION,
  type MigrateOptions,
  type MigrateResult,
  type PendingMigration,
  type PendingMigrationsOptions,
} from './schema/migrate.ts';
export type { Migration } from './schema/migration.ts';
export { MIGRATIONS } from './schema/migrations/index.ts';
export { SPAN_ERROR_CONDITION } from './schema/migrations/0005-signal-rollups.ts';
export { SPAN_TIMEOUT_CONDITION } from './schema/migrations/0013-span-timeouts.ts';
export { MIGRATIONS_TABLE } from './schema/migrations-table.ts';
export { KEEP_FOREVER, reconcileTtl, type RetentionConfig, type TtlChange } from './schema/ttl.ts';
export type { SchemaLayout } from './schema/ddl.ts';
export type { ColumnSpec, IndexSpec, MaterializedViewSpec, RetentionFamily, TableSpec } from './schema/table-spec.ts';
export { MANAGED_TABLE_SPECS } from './schema/managed-tables.ts';
export { OTEL_TABLE_SPECS, otelLogsTimeBound } from './schema/otel-tables.ts';
export {
  OTEL_TABLES,
  type AttributeMap,
  type ExemplarColumns,
  type ExponentialHistogramRow,
  type GaugeRow,
  type HistogramRow,
  type LogRow,
  type MetricRowBase,
  type RowTable,
  type RowsByTable,
  type SpanRow,
  type SumRow,
  type SummaryRow,
} from './otel-rows.ts';
export { TOPOLOGY_SNAPSHOTS_TABLE } from './schema/migrations/0002-topology-snapshots.ts';
export { ROLLUP_BUCKET_SECONDS, ROLLUP_TABLES, SPAN_ROLLUP_VIEW } from './schema/migrations/0005-signal-rollups.ts';
export { SPANS_BY_TIME_TABLE, SPANS_BY_TIME_VIEW } from './schema/migrations/0009-spans-by-time.ts';
export { DEPLOY_MARKER_ROLLUP_TABLE, DEPLOY_MARKER_SPAN_VIEW, DEPLOY_MARKERS, type DeployMarker } from './schema/migrations/0011-deploy-marker-rollup.ts';
