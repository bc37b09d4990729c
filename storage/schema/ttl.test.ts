/**
 * Retention reconciliation against the real embedded engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store.ts';
import { storeOptions, tempDir, type TempDir } from '../testing/test-store.ts';
import { MANAGED_TABLE_SPECS } from './managed-tables.ts';
import { migrate } from './migrate.ts';
import { tableTtlFromEngineFull, type RetentionConfig } from './ttl.ts';

describe('tableTtlFromEngineFull', () => {
  it('finds the table TTL between the keys and the settings', () => {
    expect(
      tableTtlFromEngineFull(
        'MergeTree PARTITION BY toDate(Timestamp) ORDER BY (ServiceName, SpanName) TTL toDateTime(Timestamp) + toIntervalDay(7) SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1',
      ),
    ).toBe('toDateTime(Timestamp) + toIntervalDay(7)');
    expect(tableTtlFromEngineFull("ReplicatedMergeTree('/clickhouse/tables/{shard}/db/t', '{replica}') ORDER BY a TTL Start + toIntervalDay(3)")).toBe(
      'Start + toIntervalDay(3)',
    );
    expect(tableTtlFromEngineFull('MergeTree ORDER BY a SETTINGS index_granularity = 8192')).toBeUndefined();
    expect(tableTtlFromEngineFull('')).toBeUndefined();
  });
});

describe('TTL reconciliation on the embedded engine', () => {
  const DATABASE = 'cw_ttl';
  let dir: TempDir;
  let store: Store;

  const ttlOf = async (): Promise<Record<string, string | undefined>> => {
    const rows = await store.queryRows<{ name: string; engine_full: string }>(
      "SELECT name, engine_full FROM system.tables WHERE database = {db:String} AND name LIKE 'otel%' AND engine = 'MergeTree'",
      { db: DATABASE },
    );
    if (!rows.ok) throw new Error(rows.error.message);
    for (const row of rows.value) expect(row.engine_full).toContain('ttl_only_drop_parts = 1');
    return Object.fromEntries(rows.value.map((r) => [r.name, tableTtlFromEngineFull(r.engine_full)]));
  };

  const rollupTtl = async (): Promise<Record<string, string | undefined>> => {
    const rows = await store.queryRows<{ name: string; engine_full: string }>(
      "SELECT name, engine_full FROM system.tables WHERE database = {db:String} AND (name LIKE 'causeway_%_rollup' OR name = 'causeway_spans_by_time') ORDER BY name",
      { db: DATABASE },
    );
    if (!rows.ok) throw new Error(rows.error.message);
    return Object.fromEntries(rows.value.map((r) => [r.name, tableTtlFromEngineFull(r.engine_full)]));
  };

  const retention = (overrides: Partial<RetentionConfig>) => ({ ...storeOptions().retention, ...overrides });
  /** Every table of the causeway family, in registration order (later migrations add to it). */
  const CAUSEWAY_TABLES = MANAGED_TABLE_SPECS.filter((spec) => spec.family === 'causeway').map((spec) => `${DATABASE}.${spec.name}`);

  beforeAll(async () => {
    dir = tempDir('ttl');
    const opened = await openStore(storeOptions({ dataDir: dir.path, database: DATABASE }));
    if (!opened.ok) throw new Error(opened.error.message);
    store = opened.value;
  });

  afterAll(async () => {
    await store?.close();
    dir?.remove();
  });

  it('sets a TTL per family at the first start', async () => {
    const first = await migrate(store, { retention: retention({ tracesDays: 7, logsDays: 3, metricsDays: 30 }) });
    // Causeway's own tables (causeway_topology_snapshots, causeway_incident_events, later ones) follow retention.causewayDays (default 180).
    expect(CAUSEWAY_TABLES.slice(0, 2)).toEqual(['cw_ttl.causeway_topology_snapshots', 'cw_ttl.causeway_incident_events']);
    expect(first.ok && first.value.ttlChanges.map((c) => c.table).sort()).toEqual(
      [
        ...CAUSEWAY_TABLES,
        'cw_ttl.otel_logs',
        'cw_ttl.otel_metrics_exponential_histogram',
        'cw_ttl.otel_metrics_gauge',
        'cw_ttl.otel_metrics_histogram',
        'cw_ttl.otel_metrics_sum',
        'cw_ttl.otel_metrics_summary',
        'cw_ttl.otel_traces',
        'cw_ttl.otel_traces_trace_id_ts',
        'cw_ttl.causeway_span_rollup',
        'cw_ttl.causeway_metric_rollup',
        'cw_ttl.causeway_log_rollup',
        'cw_ttl.causeway_spans_by_time',
      ].sort(),
    );
    // The correlator's rollups and the spans by time follow the family of the raw table they come from;
    // the deploy markers are kept as long as Causeway's own records.
    expect(await rollupTtl()).toEqual({
      causeway_deploy_marker_rollup: 'Bucket + toIntervalDay(180)',
      causeway_log_rollup: 'Bucket + toIntervalDay(3)',
      causeway_metric_rollup: 'Bucket + toIntervalDay(30)',
      causeway_span_rollup: 'Bucket + toIntervalDay(7)',
      causeway_spans_by_time: 'toDateTime(Timestamp) + toIntervalDay(7)',
    });
    expect(await ttlOf()).toEqual({
      otel_traces: 'toDateTime(Timestamp) + toIntervalDay(7)',
      otel_traces_trace_id_ts: 'Start + toIntervalDay(7)',
      otel_logs: 'TimestampTime + toIntervalDay(3)',
      otel_metrics_gauge: 'toDateTime(TimeUnix) + toIntervalDay(30)',
      otel_metrics_sum: 'toDateTime(TimeUnix) + toIntervalDay(30)',
      otel_metrics_histogram: 'toDateTime(TimeUnix) + toIntervalDay(30)',
      otel_metrics_exponential_histogram: 'toDateTime(TimeUnix) + toIntervalDay(30)',
      otel_metrics_summary: 'toDateTime(TimeUnix) + toIntervalDay(30)',
    });
  });

  it('changes only the tables whose retention changed', async () => {
    const changed = await migrate(store, { retention: retention({ tracesDays: 2, logsDays: 3, metricsDays: 30 }) });
    expect(changed.ok && changed.value).toEqual({
      applied: [],
      ttlChanges: [
        { table: 'cw_ttl.otel_traces', from: 'toDateTime(Timestamp) + toIntervalDay(7)', to: 'toDateTime(Timestamp) + toIntervalDay(2)' },
        { table: 'cw_ttl.otel_traces_trace_id_ts', from: 'Start + toIntervalDay(7)', to: 'Start + toIntervalDay(2)' },
        { table: 'cw_ttl.causeway_span_rollup', from: 'Bucket + toIntervalDay(7)', to: 'Bucket + toIntervalDay(2)' },
        { table: 'cw_ttl.causeway_spans_by_time', from: 'toDateTime(Timestamp) + toIntervalDay(7)', to: 'toDateTime(Timestamp) + toIntervalDay(2)' },
      ],
    });
    const ttl = await ttlOf();
    expect(ttl.otel_traces).toBe('toDateTime(Timestamp) + toIntervalDay(2)');
    expect(ttl.otel_logs).toBe('TimestampTime + toIntervalDay(3)');
  });

  it('removes the TTL for 0 (keep forever), and puts one back later', async () => {
    const removed = await migrate(store, { retention: retention({ tracesDays: 2, logsDays: 0, metricsDays: 30 }) });
    expect(removed.ok && removed.value.ttlChanges).toEqual([
      { table: 'cw_ttl.otel_logs', from: 'TimestampTime + toIntervalDay(3)', to: undefined },
      { table: 'cw_ttl.causeway_log_rollup', from: 'Bucket + toIntervalDay(3)', to: undefined },
    ]);
    expect((await ttlOf()).otel_logs).toBeUndefined();

    const again = await migrate(store, { retention: retention({ tracesDays: 2, logsDays: 0, metricsDays: 30 }) });
    expect(again.ok && again.value.ttlChanges).toEqual([]);

    const restored = await migrate(store, { retention: retention({ tracesDays: 2, logsDays: 14, metricsDays: 30 }) });
    expect(restored.ok && restored.value.ttlChanges).toEqual([
      { table: 'cw_ttl.otel_logs', from: undefined, to: 'TimestampTime + toIntervalDay(14)' },
      { table: 'cw_ttl.causeway_log_rollup', from: undefined, to: 'Bucket + toIntervalDay(14)' },
    ]);
    expect((await ttlOf()).otel_logs).toBe('TimestampTime + toIntervalDay(14)');
  });

  it('counts the incident event log from its event time and follows retention.causewayDays', async () => {
    const eventsTtl = async () => {
      const rows = await store.queryRows<{ engine_full: string }>(
        "SELECT engine_full FROM system.tables WHERE database = {db:String} AND name = 'causeway_incident_events'",
        { db: DATABASE },
      );
      if (!rows.ok) throw new Error(rows.error.message);
      expect(rows.value[0]?.engine_full).toContain('ttl_only_drop_parts = 1');
      return tableTtlFromEngineFull(rows.value[0]?.engine_full ?? '');
    };
    expect(await eventsTtl()).toBe('toDateTime(event_time) + toIntervalDay(180)');
    const shorter = await migrate(store, { retention: retention({ tracesDays: 2, logsDays: 14, metricsDays: 30, causewayDays: 30 }) });
    const changes = shorter.ok ? shorter.value.ttlChanges : [];
    expect(changes.map((c) => c.table)).toEqual(CAUSEWAY_TABLES);
    expect(changes.find((c) => c.table === 'cw_ttl.causeway_incident_events')).toEqual({
      table: 'cw_ttl.causeway_incident_events',
      from: 'toDateTime(event_time) + toIntervalDay(180)',
      to: 'toDateTime(event_time) + toIntervalDay(30)',
    });
    expect(await eventsTtl()).toBe('toDateTime(event_time) + toIntervalDay(30)');
  });
});
