/**
 * Applies the schema migrations at start-up, records them, then reconciles
 * the TTLs with the configured retention.
 *
 * - Pending migrations run in version order, each statement in turn; after
 *   the last statement the migration is recorded in
 *   `causeway_schema_migrations`. A failure stops the run: what ran stays
 *   (statements are idempotent), and the next start resumes there.
 * - Recorded migrations are checked against the code: a different checksum
 *   (the migration's text changed after it ran) or a version this code does
 *   not know (a newer Causeway migrated this store) stops the start, since
 *   the tables may not be what this code expects.
 * - Errors: a store that cannot be reached stays CW_ERR_STORAGE_UNAVAILABLE
 *   (retry the start); anything else is CW_ERR_STORAGE_MIGRATION naming the
 *   migration and the statement.
 */
import { createHash } from 'node:crypto';
import { causewayError, type CausewayError } from '../../core/errors.ts';
import { type Result, fail, ok } from '../../core/result.ts';
import { versionAtLeast } from '../request-settings.ts';
import type { Store } from '../store.ts';
import type { SchemaLayout } from './ddl.ts';
import { MANAGED_TABLE_SPECS } from './managed-tables.ts';
import type { Migration } from './migration.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { MIGRATIONS_TABLE, appliedMigrationsQuery, migrationsTableStatement, recordMigrationStatement } from './migrations-table.ts';
import { type RetentionConfig, type TtlChange, reconcileTtl } from './ttl.ts';
import type { TableSpec } from './table-spec.ts';

export interface MigrateOptions {
  readonly retention: RetentionConfig;
  /** The migrations to apply; all of Causeway's by default. */
  readonly migrations?: readonly Migration[];
  /** Tables whose TTL follows `retention`; all managed tables by default. */
  readonly ttlTables?: readonly TableSpec[];
}

/** Same options as migrate(), so one options object serves both. */
export type PendingMigrationsOptions = Pick<MigrateOptions, 'retention' | 'migrations'>;

export interface MigrateResult {
  /** Versions applied by this run, in order (empty when none was pending). */
  readonly applied: number[];
  /** TTLs changed by this run. */
  readonly ttlChanges: TtlChange[];
}

export interface PendingMigration {
  readonly version: number;
  readonly name: string;
}

interface AppliedMigration {
  version: number;
  name: string;
  checksum: string;
}

/**
 * The oldest ClickHouse release (an LTS) the schema is written for. Older
 * servers lack parts of it: 18.16, for one, has neither Map nor DateTime64,
 * and releases before 24.1 change a materialized view's query (migrations 6 and 7,
 * `ALTER TABLE ... MODIFY QUERY`) only with an experimental setting on.
 */
export const MIN_SERVER_VERSION = { major: 24, minor: 3 } as const;

export function layoutOf(store: Store): SchemaLayout {
  return { database: store.database, cluster: store.cluster };
}

/** sha256 of a migration's statements for a layout. */
export function migrationChecksum(migration: Migration, layout: SchemaLayout): string {
  return createHash('sha256').update(migration.statements(layout).join('\n;\n')).digest('hex');
}

function checkOrder(migrations: readonly Migration[]): void {
  let previous = 0;
  for (const m of migrations) {
    if (!Number.isInteger(m.version) || m.version <= previous) {
      throw new Error(`migrations must have increasing positive integer versions: ${m.version} (${m.name}) after ${previous}`);
    }
    previous = m.version;
  }
}

function migrationError(prefix: string, error: CausewayError): CausewayError {
  return error.retryable
    ? causewayError(error.code, `${prefix}: ${error.message}`)
    : causewayError('CW_ERR_STORAGE_MIGRATION', `${prefix}: ${error.message}`);
}

async function migrationsTableExists(store: Store, layout: SchemaLayout): Promise<Result<boolean>> {
  const rows = await store.queryRows<{ n: number }>(
    'SELECT count() AS n FROM system.tables WHERE database = {database:String} AND name = {name:String}',
    { database: layout.database, name: MIGRATIONS_TABLE },
  );
  return rows.ok ? ok(Number(rows.value[0]?.n ?? 0) > 0) : rows;
}

async function readApplied(store: Store, layout: SchemaLayout): Promise<Result<AppliedMigration[]>> {
  const rows = await store.queryRows<{ version: number | string; name: string; checksum: string }>(appliedMigrationsQuery(layout));
  return rows.ok ? ok(rows.value.map((r) => ({ version: Number(r.version), name: r.name, checksum: r.checksum }))) : rows;
}

/** Recorded migrations that contradict the code, as one error; undefined when consistent. */
function verifyApplied(applied: readonly AppliedMigration[], migrations: readonly Migration[], layout: SchemaLayout): CausewayError | undefined {
  const known = new Map(migrations.map((m) => [m.version, m]));
  for (const record of applied) {
    const migration = known.get(record.version);
    if (!migration) {
      return causewayError(
        'CW_ERR_STORAGE_MIGRATION',
        `${layout.database}.${MIGRATIONS_TABLE} records migration ${record.version} (${record.name}), which this version of Causeway does not know: the store was migrated by a newer version`,
      );
    }
    const checksum = migrationChecksum(migration, layout);
    if (checksum !== record.checksum) {
      return causewayError(
        'CW_ERR_STORAGE_MIGRATION',
        `migration ${record.version} (${record.name}) was applied with checksum ${record.checksum}, but its statements now give ${checksum}: a released migration must not change; add a new one`,
      );
    }
  }
  return undefined;
}

/** Migrations not applied yet, in version order. Reads only; creates nothing. */
export async function pendingMigrations(store: Store, options: PendingMigrationsOptions): Promise<Result<PendingMigration[]>> {
  const migrations = options.migrations ?? MIGRATIONS;
  const layout = layoutOf(store);
  const exists = await migrationsTableExists(store, layout);
  if (!exists.ok) return exists;
  let appliedVersions = new Set<number>();
  if (exists.value) {
    const applied = await readApplied(store, layout);
    if (!applied.ok) return applied;
    appliedVersions = new Set(applied.value.map((a) => a.version));
  }
  return ok(migrations.filter((m) => !appliedVersions.has(m.version)).map((m) => ({ version: m.version, name: m.name })));
}

export async function migrate(store: Store, options: MigrateOptions): Promise<Result<MigrateResult>> {
  const migrations = options.migrations ?? MIGRATIONS;
  checkOrder(migrations);
  const layout = layoutOf(store);

  if (store.kind === 'server' && !versionAtLeast(store.serverVersion, MIN_SERVER_VERSION.major, MIN_SERVER_VERSION.minor)) {
    return fail(
      causewayError(
        'CW_ERR_STORAGE_MIGRATION',
        `ClickHouse ${store.serverVersion} is too old for Causeway's schema: ${MIN_SERVER_VERSION.major}.${MIN_SERVER_VERSION.minor} or newer is needed`,
      ),
    );
  }

  const table = await store.command(migrationsTableStatement(layout));
  if (!table.ok) return fail(migrationError(`creating ${layout.database}.${MIGRATIONS_TABLE}`, table.error));
  const applied = await readApplied(store, layout);
  if (!applied.ok) return fail(migrationError(`reading ${layout.database}.${MIGRATIONS_TABLE}`, applied.error));
  const inconsistent = verifyApplied(applied.value, migrations, layout);
  if (inconsistent) return fail(inconsistent);

  const done = new Set(applied.value.map((a) => a.version));
  const appliedNow: number[] = [];
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    const label = `migration ${migration.version} (${migration.name})`;
    for (const statement of migration.statements(layout)) {
      const ran = await store.command(statement);
      if (!ran.ok) return fail(migrationError(label, ran.error));
    }
    const recorded = await store.command(recordMigrationStatement(layout, migration.version, migration.name, migrationChecksum(migration, layout)));
    if (!recorded.ok) return fail(migrationError(`recording ${label}`, recorded.error));
    appliedNow.push(migration.version);
  }

  const ttl = await reconcileTtl(store, layout, options.retention, options.ttlTables ?? MANAGED_TABLE_SPECS);
  if (!ttl.ok) return fail(migrationError('reconciling TTLs with retention', ttl.error));
  return ok({ applied: appliedNow, ttlChanges: ttl.value });
}
