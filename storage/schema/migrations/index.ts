/**
 * Every migration, in version order. Add the next one at the end with the
 * next version; Causeway's own `causeway_*` tables (rollups, anomalies,
 * incidents and their event log, notifications, remediation runs, rules,
 * silences, users, audit) arrive as migrations 2 and later, and their table
 * specs join MANAGED_TABLE_SPECS so retention applies to them.
 *
 * No placeholder migration is registered: an empty migration 2, once
 * recorded in a store, could never receive the tables it was kept for.
 */
import type { Migration } from '../migration.ts';
import { otelTablesMigration } from './0001-otel-tables.ts';
import { topologySnapshotsMigration } from './0002-topology-snapshots.ts';
import { incidentEventsMigration } from './0003-incident-events.ts';
import { logTemplatesMigration } from './0004-log-templates.ts';
import { signalRollupsMigration } from './0005-signal-rollups.ts';
import { spanPeerNamesMigration } from './0006-span-peer-names.ts';
import { spanPeerConventionsMigration } from './0007-span-peer-conventions.ts';
import { verticalMergesMigration } from './0008-vertical-merges.ts';
import { spansByTimeMigration } from './0009-spans-by-time.ts';
import { spanRollupFromSpansByTimeMigration } from './0010-span-rollup-from-spans-by-time.ts';
import { deployMarkerRollupMigration } from './0011-deploy-marker-rollup.ts';
import { metricRollupStartTimeMigration } from './0012-metric-rollup-start-time.ts';
import { spanTimeoutsMigration } from './0013-span-timeouts.ts';

export const MIGRATIONS: readonly Migration[] = [otelTablesMigration, topologySnapshotsMigration, incidentEventsMigration, logTemplatesMigration, signalRollupsMigration, spanPeerNamesMigration, spanPeerConventionsMigration, verticalMergesMigration, spansByTimeMigration, spanRollupFromSpansByTimeMigration, deployMarkerRollupMigration, metricRollupStartTimeMigration, spanTimeoutsMigration];
