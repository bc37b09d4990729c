/**
 * Migration 1: the OpenTelemetry Collector exporter's `otel_*` tables and
 * the materialized view that fills `otel_traces_trace_id_ts`.
 */
import { createMaterializedViewStatement, createTableStatements } from '../ddl.ts';
import type { Migration } from '../migration.ts';
import { OTEL_TABLE_SPECS, TRACES_TRACE_ID_TS_MV } from '../otel-tables.ts';

export const otelTablesMigration: Migration = {
  version: 1,
  name: 'otel-tables',
  statements: (layout) => [
    ...OTEL_TABLE_SPECS.flatMap((spec) => createTableStatements(spec, layout)),
    createMaterializedViewStatement(TRACES_TRACE_ID_TS_MV, layout),
  ],
};
