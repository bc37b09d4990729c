/**
 * DDL text for spec'd tables, on a single server or on a cluster.
 *
 * Single server / embedded: `CREATE TABLE db.name (...) ENGINE = MergeTree ...`.
 *
 * Cluster (`clickhouse.cluster` set): every statement runs `ON CLUSTER`; the
 * data lives in `db.name_local`, a Replicated*MergeTree whose Keeper path
 * is `/clickhouse/tables/{shard}/{database}/{table}` (one replica set per
 * shard; `{shard}` and `{replica}` are server macros), and the public name
 * is a Distributed table over the local ones. Materialized views read and
 * write the local tables, so each shard maintains its own share.
 *
 * Statements are idempotent (`IF NOT EXISTS`) so a migration interrupted
 * half-way can run again. Identifiers are checked, never quoted: every name
 * here comes from code or from configuration validated as an identifier.
 */
import type { ColumnSpec, MaterializedViewSpec, TableSpec } from './table-spec.ts';

/** Where the schema lives. */
export interface SchemaLayout {
  readonly database: string;
  /** Cluster name; empty for a single server or the embedded engine. */
  readonly cluster: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Returns the name if it is a plain identifier; anything else is a bug. */
export function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not a plain SQL identifier: ${JSON.stringify(name)}`);
  return name;
}

/** Suffix of the per-node tables behind a Distributed table. */
export const LOCAL_SUFFIX = '_local';

/** Keeper path of tables replicated within a shard. */
export const SHARD_REPLICATION_PATH = '/clickhouse/tables/{shard}/{database}/{table}';

/** Name of the table that holds a spec'd table's rows on this layout. */
export function storageTableName(name: string, layout: SchemaLayout): string {
  return layout.cluster === '' ? identifier(name) : `${identifier(name)}${LOCAL_SUFFIX}`;
}

export function qualified(layout: SchemaLayout, name: string): string {
  return `${identifier(layout.database)}.${identifier(name)}`;
}

export function onCluster(layout: SchemaLayout): string {
  return layout.cluster === '' ? '' : ` ON CLUSTER ${identifier(layout.cluster)}`;
}

export function createDatabaseStatement(layout: SchemaLayout): string {
  return `CREATE DATABASE IF NOT EXISTS ${identifier(layout.database)}${onCluster(layout)}`;
}

/** A ClickHouse string literal. */
export function sqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * `MergeTree`, or on a cluster `ReplicatedMergeTree('<path>', '{replica}')`;
 * the engine's own arguments follow the replication ones.
 */
export function engineClause(
  engine: string,
  engineArgs: readonly string[],
  layout: SchemaLayout,
  replicationPath: string = SHARD_REPLICATION_PATH,
): string {
  identifier(engine);
  if (layout.cluster === '') return engineArgs.length === 0 ? engine : `${engine}(${engineArgs.join(', ')})`;
  const args = [sqlString(replicationPath), sqlString('{replica}'), ...engineArgs];
  return `Replicated${engine}(${args.join(', ')})`;
}

function columnLine(column: TableSpec['columns'][number]): string {
  let line = `    ${identifier(column.name)} ${column.type}`;
  if (column.default !== undefined) line += ` DEFAULT ${column.default}`;
  if (column.codec !== undefined) line += ` CODEC(${column.codec})`;
  return line;
}

function settingsClause(settings: TableSpec['settings']): string {
  const entries = Object.entries(settings);
  if (entries.length === 0) return '';
  return `\nSETTINGS ${entries.map(([k, v]) => `${identifier(k)} = ${typeof v === 'number' ? v : sqlString(v)}`).join(', ')}`;
}

/**
 * CREATE statements for a table: the storage table, and on a cluster the
 * Distributed table in front of it. TTL is not part of them: it follows the
 * configured retention and is reconciled at every start (see ttl.ts).
 */
export function createTableStatements(spec: TableSpec, layout: SchemaLayout): string[] {
  const storage = storageTableName(spec.name, layout);
  const body = [
    ...spec.columns.map(columnLine),
    ...spec.indexes.map((ix) => `    INDEX ${identifier(ix.name)} ${ix.expression} TYPE ${ix.type} GRANULARITY ${ix.granularity}`),
  ].join(',\n');
  const clauses = [
    `ENGINE = ${engineClause(spec.engine, spec.engineArgs ?? [], layout)}`,
    spec.partitionBy !== undefined ? `PARTITION BY ${spec.partitionBy}` : undefined,
    spec.primaryKey !== undefined ? `PRIMARY KEY ${spec.primaryKey}` : undefined,
    `ORDER BY ${spec.orderBy}`,
  ].filter((c): c is string => c !== undefined);
  const statements = [
    `CREATE TABLE IF NOT EXISTS ${qualified(layout, storage)}${onCluster(layout)}\n(\n${body}\n)\n${clauses.join('\n')}${settingsClause(spec.settings)}`,
  ];
  if (layout.cluster !== '') {
    statements.push(distributedTableStatement(spec.name, spec.shardingKey, layout));
  }
  return statements;
}

/** `CREATE TABLE db.name ON CLUSTER c AS db.name_local ENGINE = Distributed(c, db, name_local, key)`. */
export function distributedTableStatement(name: string, shardingKey: string, layout: SchemaLayout): string {
  const local = storageTableName(name, layout);
  return (
    `CREATE TABLE IF NOT EXISTS ${qualified(layout, name)}${onCluster(layout)} AS ${qualified(layout, local)}\n` +
    `ENGINE = Distributed(${identifier(layout.cluster)}, ${identifier(layout.database)}, ${local}, ${shardingKey})`
  );
}

/**
 * `ALTER TABLE ... ADD COLUMN IF NOT EXISTS` on a spec'd table's storage
 * table and, on a cluster, on the Distributed table in front of it (without
 * the codec: it stores nothing). Idempotent.
 */
export function addColumnStatements(tableName: string, column: ColumnSpec, layout: SchemaLayout): string[] {
  const add = (table: string, c: ColumnSpec) => `ALTER TABLE ${qualified(layout, table)}${onCluster(layout)} ADD COLUMN IF NOT EXISTS${columnLine(c).replace(/^ +/, ' ')}`;
  const statements = [add(storageTableName(tableName, layout), column)];
  if (layout.cluster !== '') statements.push(add(tableName, { name: column.name, type: column.type }));
  return statements;
}

/** The view reads the storage table and writes the storage table (local ones on a cluster). */
export function createMaterializedViewStatement(view: MaterializedViewSpec, layout: SchemaLayout): string {
  const to = qualified(layout, storageTableName(view.to, layout));
  return `CREATE MATERIALIZED VIEW IF NOT EXISTS ${qualified(layout, view.name)}${onCluster(layout)} TO ${to}\nAS ${viewSelect(view, layout)}`;
}

/**
 * Replaces an existing view's SELECT in place (`ALTER TABLE ... MODIFY
 * QUERY`): one atomic swap, so no insert is missed or folded twice, as a
 * drop and re-create could. Idempotent. The new SELECT must give the same
 * columns as the old.
 */
export function modifyMaterializedViewQueryStatement(view: MaterializedViewSpec, layout: SchemaLayout): string {
  return `ALTER TABLE ${qualified(layout, view.name)}${onCluster(layout)} MODIFY QUERY ${viewSelect(view, layout)}`;
}

function viewSelect(view: MaterializedViewSpec, layout: SchemaLayout): string {
  return view.select.replace('{from}', qualified(layout, storageTableName(view.from, layout)));
}

/** TTL expression for a retention of `days` (> 0). */
export function ttlExpression(spec: TableSpec, days: number): string {
  if (!Number.isInteger(days) || days <= 0) throw new Error(`TTL days must be a positive integer, got ${days}`);
  return `${spec.ttlFrom} + toIntervalDay(${days})`;
}

/** `ALTER TABLE ... MODIFY SETTING k = v, ...` on the table holding a spec'd table's rows (MergeTree settings). */
export function modifySettingsStatement(spec: TableSpec, layout: SchemaLayout, settings: Readonly<Record<string, number>>): string {
  const entries = Object.entries(settings);
  if (entries.length === 0) throw new Error('MODIFY SETTING needs at least one setting');
  const assignments = entries.map(([key, value]) => {
    if (!Number.isFinite(value)) throw new Error(`setting ${key} must be a finite number, got ${value}`);
    return `${identifier(key)} = ${value}`;
  });
  return `ALTER TABLE ${qualified(layout, storageTableName(spec.name, layout))}${onCluster(layout)} MODIFY SETTING ${assignments.join(', ')}`;
}

/** `ALTER TABLE ... MODIFY TTL ...`, or `REMOVE TTL` for `days` = 0 (keep forever). */
export function ttlStatement(spec: TableSpec, layout: SchemaLayout, days: number): string {
  const table = `${qualified(layout, storageTableName(spec.name, layout))}${onCluster(layout)}`;
  return days === 0 ? `ALTER TABLE ${table} REMOVE TTL` : `ALTER TABLE ${table} MODIFY TTL ${ttlExpression(spec, days)}`;
}
