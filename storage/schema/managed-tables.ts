/**
 * Tables whose retention Causeway manages and whose inserts the Store
 * encodes from their specs: RowBinary (row-binary.ts), or JSONEachRow with
 * exact nanosecond columns where RowBinary is not available. Tables of
 * later migrations join this list.
 */
import { TOPOLOGY_SNAPSHOTS_SPEC } from './migrations/0002-topology-snapshots.ts';
import { INCIDENT_EVENTS_SPEC } from './migrations/0003-incident-events.ts';
import { LOG_TEMPLATES_SPEC } from './migrations/0004-log-templates.ts';
import { ROLLUP_TABLE_SPECS } from './migrations/0005-signal-rollups.ts';
import { SPANS_BY_TIME_SPEC } from './migrations/0009-spans-by-time.ts';
import { DEPLOY_MARKER_ROLLUP_SPEC } from './migrations/0011-deploy-marker-rollup.ts';
import { OTEL_TABLE_SPECS } from './otel-tables.ts';
import { nanosecondColumns, type TableSpec } from './table-spec.ts';

export const MANAGED_TABLE_SPECS: readonly TableSpec[] = [...OTEL_TABLE_SPECS, TOPOLOGY_SNAPSHOTS_SPEC, INCIDENT_EVENTS_SPEC, LOG_TEMPLATES_SPEC, ...ROLLUP_TABLE_SPECS, SPANS_BY_TIME_SPEC, DEPLOY_MARKER_ROLLUP_SPEC];

const NANOS_BY_TABLE: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  MANAGED_TABLE_SPECS.map((spec) => [spec.name, nanosecondColumns(spec)]),
);

const NONE: ReadonlySet<string> = new Set();

/** DateTime64(9) columns of a managed table (by bare name); empty for other tables. */
export function nanosecondColumnsOf(table: string): ReadonlySet<string> {
  return NANOS_BY_TABLE.get(table) ?? NONE;
}
