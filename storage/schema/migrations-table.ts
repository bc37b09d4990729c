/**
 * `causeway_schema_migrations`: one row per applied migration (version,
 * name, checksum of its statements, applied_at).
 *
 * On a cluster every node keeps the full table: it is replicated under one
 * Keeper path for the whole cluster (no `{shard}`), so whichever node the
 * next start talks to knows what was applied. Two instances migrating at
 * once may both record a version; readers group by version.
 */
import { engineClause, onCluster, qualified, sqlString, type SchemaLayout } from './ddl.ts';

export const MIGRATIONS_TABLE = 'causeway_schema_migrations';

/** Keeper path shared by all nodes of the cluster. */
export const CLUSTER_WIDE_REPLICATION_PATH = '/clickhouse/tables/all/{database}/{table}';

export function migrationsTableStatement(layout: SchemaLayout): string {
  return (
    `CREATE TABLE IF NOT EXISTS ${qualified(layout, MIGRATIONS_TABLE)}${onCluster(layout)}\n(\n` +
    `    version UInt32,\n    name String,\n    checksum String,\n    applied_at DateTime64(3, 'UTC')\n)\n` +
    `ENGINE = ${engineClause('MergeTree', [], layout, CLUSTER_WIDE_REPLICATION_PATH)}\nORDER BY version`
  );
}

/** The row recording one applied migration. */
export function recordMigrationStatement(layout: SchemaLayout, version: number, name: string, checksum: string): string {
  if (!Number.isInteger(version) || version <= 0) throw new Error(`migration version must be a positive integer, got ${version}`);
  if (!/^[0-9a-f]{64}$/.test(checksum)) throw new Error(`checksum must be a sha256 hex digest, got ${JSON.stringify(checksum)}`);
  return (
    `INSERT INTO ${qualified(layout, MIGRATIONS_TABLE)} (version, name, checksum, applied_at) ` +
    `VALUES (${version}, ${sqlString(name)}, '${checksum}', now64(3))`
  );
}

/** Applied versions, one row each (the first record wins when a version was recorded twice). */
export function appliedMigrationsQuery(layout: SchemaLayout): string {
  return (
    `SELECT version, argMin(name, applied_at) AS name, argMin(checksum, applied_at) AS checksum, ` +
    `toString(min(applied_at)) AS first_applied_at FROM ${qualified(layout, MIGRATIONS_TABLE)} GROUP BY version ORDER BY version`
  );
}
