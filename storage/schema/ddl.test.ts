/**
 * DDL text for both layouts. The cluster layout cannot run here (no
 * cluster, no Keeper), so its statements are checked as text; the single
 * layout also runs for real in migrate.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { OTEL_TABLES } from '../otel-rows.ts';
import { createDatabaseStatement, createTableStatements, modifySettingsStatement, ttlStatement, type SchemaLayout } from './ddl.ts';
import { migrationChecksum } from './migrate.ts';
import { migrationsTableStatement } from './migrations-table.ts';
import { otelTablesMigration } from './migrations/0001-otel-tables.ts';
import { spanPeerNamesMigration } from './migrations/0006-span-peer-names.ts';
import { verticalMergesMigration } from './migrations/0008-vertical-merges.ts';
import { metricRollupStartTimeMigration } from './migrations/0012-metric-rollup-start-time.ts';
import { spanTimeoutsMigration } from './migrations/0013-span-timeouts.ts';
import { GAUGE_SPEC, LOGS_SPEC, OTEL_TABLE_SPECS, SUMMARY_SPEC, TRACES_SPEC, TRACES_TRACE_ID_TS_SPEC } from './otel-tables.ts';
import { nanosecondColumns } from './table-spec.ts';

const CLUSTER: SchemaLayout = { database: 'causeway', cluster: 'prod' };
const SINGLE: SchemaLayout = { database: 'causeway', cluster: '' };
const REPLICATED = "ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')";

const SHARDING: Record<string, string> = {
  [OTEL_TABLES.traces]: 'cityHash64(TraceId)',
  [OTEL_TABLES.tracesTraceIdTs]: 'cityHash64(TraceId)',
  [OTEL_TABLES.logs]: 'rand()',
  [OTEL_TABLES.gauge]: 'rand()',
  [OTEL_TABLES.sum]: 'rand()',
  [OTEL_TABLES.histogram]: 'rand()',
  [OTEL_TABLES.exponentialHistogram]: 'rand()',
  [OTEL_TABLES.summary]: 'rand()',
};

/** The first line of each statement, which names what it creates. */
const heads = (statements: string[]) => statements.map((s) => s.split('\n')[0]);

/** First lines of a migration that adds `column` (name and type) to a spec'd table on cluster `prod`, then swaps `views` in place. */
const columnAddedThenViewsSwapped = (table: string, column: string, views: readonly string[]) => [
  `ALTER TABLE causeway.${table}_local ON CLUSTER prod ADD COLUMN IF NOT EXISTS ${column} CODEC(ZSTD(1))`,
  `ALTER TABLE causeway.${table} ON CLUSTER prod ADD COLUMN IF NOT EXISTS ${column}`,
  ...views.map((view) => expect.stringMatching(new RegExp(`^ALTER TABLE causeway\\.${view} ON CLUSTER prod MODIFY QUERY SELECT `))),
];

describe('cluster DDL', () => {
  const statements = otelTablesMigration.statements(CLUSTER);

  it('runs every statement ON CLUSTER', () => {
    for (const statement of statements) expect(statement.split('\n')[0]).toContain(' ON CLUSTER prod');
    expect(createDatabaseStatement(CLUSTER)).toBe('CREATE DATABASE IF NOT EXISTS causeway ON CLUSTER prod');
  });

  it('creates a replicated local table and a Distributed table with the public name for every otel table', () => {
    expect(heads(statements)).toEqual([
      ...Object.values(OTEL_TABLES).flatMap((name) => [
        `CREATE TABLE IF NOT EXISTS causeway.${name}_local ON CLUSTER prod`,
        `CREATE TABLE IF NOT EXISTS causeway.${name} ON CLUSTER prod AS causeway.${name}_local`,
      ]),
      'CREATE MATERIALIZED VIEW IF NOT EXISTS causeway.otel_traces_trace_id_ts_mv ON CLUSTER prod TO causeway.otel_traces_trace_id_ts_local',
    ]);
    for (const spec of OTEL_TABLE_SPECS) {
      const [local, distributed] = createTableStatements(spec, CLUSTER);
      expect(local).toContain(`ENGINE = ${REPLICATED}\n`);
      expect(local).not.toMatch(/ENGINE = MergeTree/);
      expect(distributed).toBe(
        `CREATE TABLE IF NOT EXISTS causeway.${spec.name} ON CLUSTER prod AS causeway.${spec.name}_local\n` +
          `ENGINE = Distributed(prod, causeway, ${spec.name}_local, ${SHARDING[spec.name]})`,
      );
    }
  });

  it('keeps a trace on one shard', () => {
    expect(createTableStatements(TRACES_SPEC, CLUSTER)[1]).toMatch(/Distributed\(prod, causeway, otel_traces_local, cityHash64\(TraceId\)\)$/);
    expect(createTableStatements(TRACES_TRACE_ID_TS_SPEC, CLUSTER)[1]).toMatch(/cityHash64\(TraceId\)\)$/);
  });

  it('points the materialized view from local table to local table', () => {
    const view = statements.at(-1) ?? '';
    expect(view).toContain('TO causeway.otel_traces_trace_id_ts_local');
    expect(view).toContain('FROM causeway.otel_traces_local');
    expect(view).toContain('min(Timestamp) AS Start, max(Timestamp) AS End');
  });

  it('replicates the migrations table to every node of the cluster', () => {
    const ddl = migrationsTableStatement(CLUSTER);
    expect(ddl).toMatch(/^CREATE TABLE IF NOT EXISTS causeway\.causeway_schema_migrations ON CLUSTER prod/);
    expect(ddl).toContain("ENGINE = ReplicatedMergeTree('/clickhouse/tables/all/{database}/{table}', '{replica}')");
  });

  it('alters TTL on the local tables', () => {
    expect(ttlStatement(TRACES_SPEC, CLUSTER, 7)).toBe(
      'ALTER TABLE causeway.otel_traces_local ON CLUSTER prod MODIFY TTL toDateTime(Timestamp) + toIntervalDay(7)',
    );
    expect(ttlStatement(LOGS_SPEC, CLUSTER, 0)).toBe('ALTER TABLE causeway.otel_logs_local ON CLUSTER prod REMOVE TTL');
  });

  it('changes MergeTree settings on the local tables, every merge vertical for spans (migration 8)', () => {
    expect(verticalMergesMigration.statements(CLUSTER)).toEqual([
      'ALTER TABLE causeway.otel_traces_local ON CLUSTER prod MODIFY SETTING vertical_merge_algorithm_min_rows_to_activate = 1',
    ]);
    expect(verticalMergesMigration.statements(SINGLE)).toEqual(['ALTER TABLE causeway.otel_traces MODIFY SETTING vertical_merge_algorithm_min_rows_to_activate = 1']);
    expect(() => modifySettingsStatement(TRACES_SPEC, SINGLE, {})).toThrow(/at least one/);
    expect(() => modifySettingsStatement(TRACES_SPEC, SINGLE, { 'x; DROP': 1 })).toThrow();
    expect(() => modifySettingsStatement(TRACES_SPEC, SINGLE, { index_granularity: Number.NaN })).toThrow(/finite/);
  });

  it('changes the span rollup view\'s query in place on every node, reading the local table (migration 6)', () => {
    const [alter, ...rest] = spanPeerNamesMigration.statements(CLUSTER);
    expect(rest).toEqual([]);
    expect(alter!.split('\n')[0]).toMatch(/^ALTER TABLE causeway\.causeway_span_rollup_traces_mv ON CLUSTER prod MODIFY QUERY SELECT /);
    expect(alter).toContain('FROM causeway.otel_traces_local');
    expect(spanPeerNamesMigration.statements(SINGLE)[0]).toContain('FROM causeway.otel_traces\n');
  });

  it('adds a column to the local table and the Distributed table, and swaps the metric views on every node (migration 12)', () => {
    const statements = metricRollupStartTimeMigration.statements(CLUSTER);
    expect(heads(statements)).toEqual(
      columnAddedThenViewsSwapped('causeway_metric_rollup', 'StartTime SimpleAggregateFunction(max, DateTime64(9))', ['causeway_metric_rollup_metrics_sum_mv', 'causeway_metric_rollup_metrics_histogram_mv']),
    );
    expect(statements[2]).toContain('max(StartTimeUnix) AS StartTime\nFROM causeway.otel_metrics_sum_local\n');
    expect(heads(metricRollupStartTimeMigration.statements(SINGLE)).slice(0, 2)).toEqual([
      'ALTER TABLE causeway.causeway_metric_rollup ADD COLUMN IF NOT EXISTS StartTime SimpleAggregateFunction(max, DateTime64(9)) CODEC(ZSTD(1))',
      expect.stringMatching(/^ALTER TABLE causeway\.causeway_metric_rollup_metrics_sum_mv MODIFY QUERY /),
    ]);
  });

  it('adds the timeout flag to the local and the Distributed spans-by-time tables, and swaps their view on every node (migration 13)', () => {
    const statements = spanTimeoutsMigration.statements(CLUSTER);
    expect(heads(statements)).toEqual(columnAddedThenViewsSwapped('causeway_spans_by_time', 'TimedOut UInt8', ['causeway_spans_by_time_mv']));
    expect(statements[2]).toMatch(/ AS TimedOut\nFROM causeway\.otel_traces_local$/);
  });

  it('gives a checksum per layout that is stable across calls', () => {
    expect(migrationChecksum(otelTablesMigration, CLUSTER)).toBe(migrationChecksum(otelTablesMigration, CLUSTER));
    expect(migrationChecksum(otelTablesMigration, CLUSTER)).not.toBe(migrationChecksum(otelTablesMigration, SINGLE));
  });
});

describe('single-server DDL', () => {
  const statements = otelTablesMigration.statements(SINGLE);

  it('has no cluster parts', () => {
    for (const statement of statements) {
      expect(statement).not.toMatch(/ON CLUSTER|Replicated|Distributed|_local\b/);
    }
    expect(heads(statements)).toEqual([
      ...Object.values(OTEL_TABLES).map((name) => `CREATE TABLE IF NOT EXISTS causeway.${name}`),
      'CREATE MATERIALIZED VIEW IF NOT EXISTS causeway.otel_traces_trace_id_ts_mv TO causeway.otel_traces_trace_id_ts',
    ]);
    expect(migrationsTableStatement(SINGLE)).toContain('ENGINE = MergeTree\nORDER BY version');
  });

  it('writes the exporter table clauses', () => {
    const [traces] = createTableStatements(TRACES_SPEC, SINGLE);
    expect(traces).toContain('\nENGINE = MergeTree\nPARTITION BY toDate(Timestamp)\nORDER BY (ServiceName, SpanName, toDateTime(Timestamp), Timestamp)\n');
    expect(traces).toContain('SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1');
    expect(traces).toContain('    INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1');
    expect(traces).not.toContain('TTL');
    const [logs] = createTableStatements(LOGS_SPEC, SINGLE);
    expect(logs).toContain('    TimestampTime DateTime DEFAULT toDateTime(Timestamp),');
    expect(logs).toContain('PRIMARY KEY (ServiceName, TimestampTime)\nORDER BY (ServiceName, TimestampTime, Timestamp)');
    expect(ttlStatement(GAUGE_SPEC, SINGLE, 30)).toBe('ALTER TABLE causeway.otel_metrics_gauge MODIFY TTL toDateTime(TimeUnix) + toIntervalDay(30)');
  });

  it('refuses names that are not identifiers', () => {
    expect(() => createDatabaseStatement({ database: 'x; DROP TABLE y', cluster: '' })).toThrow(/identifier/);
    expect(() => ttlStatement(TRACES_SPEC, SINGLE, -1)).toThrow(/positive/);
  });
});

describe('nanosecondColumns', () => {
  it('lists DateTime64(9) columns, Nested fields included', () => {
    expect([...nanosecondColumns(TRACES_SPEC)].sort()).toEqual(['Events.Timestamp', 'Timestamp']);
    expect([...nanosecondColumns(GAUGE_SPEC)].sort()).toEqual(['Exemplars.TimeUnix', 'StartTimeUnix', 'TimeUnix']);
    expect([...nanosecondColumns(SUMMARY_SPEC)].sort()).toEqual(['StartTimeUnix', 'TimeUnix']);
    expect([...nanosecondColumns(TRACES_TRACE_ID_TS_SPEC)]).toEqual([]);
  });
});
