/**
 * Retention as table TTLs, reconciled at every start: retention is
 * configuration and may differ from what the tables were created or last
 * started with. A table whose TTL differs from `retention.<family>Days`
 * gets `ALTER TABLE ... MODIFY TTL`, or `REMOVE TTL` when the setting is 0
 * (keep forever). Tables already right are left alone: MODIFY TTL makes the
 * server recompute TTL information for every part, which is not free.
 *
 * With `ttl_only_drop_parts = 1` (set on every table) expired data goes
 * away a whole part at a time, and parts follow daily partitions.
 */
import type { CausewayConfig } from '../../config/index.ts';
import { type Result, fail, ok } from '../../core/result.ts';
import type { Store } from '../store.ts';
import { type SchemaLayout, storageTableName, ttlExpression, ttlStatement } from './ddl.ts';
import type { RetentionFamily, TableSpec } from './table-spec.ts';

export type RetentionConfig = CausewayConfig['retention'];

/**
 * Retention 0 everywhere: nothing expires. For replayed or evaluated data
 * and tests with fixed dates, which are older than any retention period and
 * would be dropped by a TTL merge at any moment.
 */
export const KEEP_FOREVER: RetentionConfig = Object.freeze({ tracesDays: 0, logsDays: 0, metricsDays: 0, causewayDays: 0 });

export interface TtlChange {
  /** The table altered (the local table on a cluster). */
  readonly table: string;
  /** TTL expression before; undefined when there was none. */
  readonly from: string | undefined;
  /** TTL expression after; undefined when it was removed. */
  readonly to: string | undefined;
}

export function retentionDays(family: RetentionFamily, retention: RetentionConfig): number {
  switch (family) {
    case 'traces':
      return retention.tracesDays;
    case 'logs':
      return retention.logsDays;
    case 'metrics':
      return retention.metricsDays;
    case 'causeway':
      return retention.causewayDays;
  }
}

/** The table TTL inside `system.tables.engine_full`, if any. */
export function tableTtlFromEngineFull(engineFull: string): string | undefined {
  const match = /\sTTL\s+([\s\S]*?)(?:\s+SETTINGS\s[\s\S]*)?$/.exec(engineFull);
  const ttl = match?.[1]?.trim();
  return ttl === undefined || ttl === '' ? undefined : ttl;
}

const normalize = (expression: string) => expression.replace(/\s+/g, '').toLowerCase();

/** The wanted TTL expression for a spec, or undefined for none. */
export function wantedTtl(spec: TableSpec, retention: RetentionConfig): string | undefined {
  const days = retentionDays(spec.family, retention);
  return days === 0 ? undefined : ttlExpression(spec, days);
}

/**
 * Brings the TTL of each spec'd table in line with `retention`. Tables that
 * do not exist are skipped (they belong to migrations not applied yet).
 */
export async function reconcileTtl(
  store: Store,
  layout: SchemaLayout,
  retention: RetentionConfig,
  specs: readonly TableSpec[],
): Promise<Result<TtlChange[]>> {
  const names = specs.map((spec) => storageTableName(spec.name, layout));
  const current = await store.queryRows<{ name: string; engine_full: string }>(
    'SELECT name, engine_full FROM system.tables WHERE database = {database:String} AND has({names:Array(String)}, name)',
    { database: layout.database, names },
  );
  if (!current.ok) return current;
  const engineByName = new Map(current.value.map((row) => [row.name, row.engine_full]));

  const changes: TtlChange[] = [];
  for (const spec of specs) {
    const table = storageTableName(spec.name, layout);
    const engineFull = engineByName.get(table);
    if (engineFull === undefined) continue;
    const have = tableTtlFromEngineFull(engineFull);
    const want = wantedTtl(spec, retention);
    if ((have === undefined && want === undefined) || (have !== undefined && want !== undefined && normalize(have) === normalize(want))) continue;
    const altered = await store.command(ttlStatement(spec, layout, retentionDays(spec.family, retention)));
    if (!altered.ok) return fail(altered.error);
    changes.push({ table: `${layout.database}.${table}`, from: have, to: want });
  }
  return ok(changes);
}
