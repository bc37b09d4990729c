/**
 * Migrations against the real embedded engine, in a fresh data folder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store.ts';
import { storeOptions, tempDir, type TempDir } from '../testing/test-store.ts';
import { migrate, migrationChecksum, pendingMigrations } from './migrate.ts';
import type { Migration } from './migration.ts';
import { otelTablesMigration } from './migrations/0001-otel-tables.ts';
import { topologySnapshotsMigration } from './migrations/0002-topology-snapshots.ts';
import { INCIDENT_EVENTS_SPEC, incidentEventsMigration } from './migrations/0003-incident-events.ts';
import { createTableStatements } from './ddl.ts';
import { MANAGED_TABLE_SPECS } from './managed-tables.ts';
import { MIGRATIONS } from './migrations/index.ts';

const ATTRS = 'Map(LowCardinality(String), String)';
const METRIC_HEAD: Array<[string, string]> = [
  ['ResourceAttributes', ATTRS],
  ['ResourceSchemaUrl', 'String'],
  ['ScopeName', 'String'],
  ['ScopeVersion', 'String'],
  ['ScopeAttributes', ATTRS],
  ['ScopeDroppedAttrCount', 'UInt32'],
  ['ScopeSchemaUrl', 'String'],
  ['ServiceName', 'LowCardinality(String)'],
  ['MetricName', 'String'],
  ['MetricDescription', 'String'],
  ['MetricUnit', 'String'],
  ['Attributes', ATTRS],
  ['StartTimeUnix', 'DateTime64(9)'],
  ['TimeUnix', 'DateTime64(9)'],
];
const EXEMPLARS: Array<[string, string]> = [
  ['Exemplars.FilteredAttributes', `Array(${ATTRS})`],
  ['Exemplars.TimeUnix', 'Array(DateTime64(9))'],
  ['Exemplars.Value', 'Array(Float64)'],
  ['Exemplars.SpanId', 'Array(String)'],
  ['Exemplars.TraceId', 'Array(String)'],
];

/** Column names and types as system.columns reports them, in table order. */
const EXPECTED_COLUMNS: Record<string, Array<[string, string]>> = {
  otel_traces: [
    ['Timestamp', 'DateTime64(9)'],
    ['TraceId', 'String'],
    ['SpanId', 'String'],
    ['ParentSpanId', 'String'],
    ['TraceState', 'String'],
    ['SpanName', 'LowCardinality(String)'],
    ['SpanKind', 'LowCardinality(String)'],
    ['ServiceName', 'LowCardinality(String)'],
    ['ResourceAttributes', ATTRS],
    ['ScopeName', 'String'],
    ['ScopeVersion', 'String'],
    ['SpanAttributes', ATTRS],
    ['Duration', 'UInt64'],
    ['StatusCode', 'LowCardinality(String)'],
    ['StatusMessage', 'String'],
    ['Events.Timestamp', 'Array(DateTime64(9))'],
    ['Events.Name', 'Array(LowCardinality(String))'],
    ['Events.Attributes', `Array(${ATTRS})`],
    ['Links.TraceId', 'Array(String)'],
    ['Links.SpanId', 'Array(String)'],
    ['Links.TraceState', 'Array(String)'],
    ['Links.Attributes', `Array(${ATTRS})`],
  ],
  otel_traces_trace_id_ts: [
    ['TraceId', 'String'],
    ['Start', 'DateTime'],
    ['End', 'DateTime'],
  ],
  otel_logs: [
    ['Timestamp', 'DateTime64(9)'],
    ['TimestampTime', 'DateTime'],
    ['TraceId', 'String'],
    ['SpanId', 'String'],
    ['TraceFlags', 'UInt8'],
    ['SeverityText', 'LowCardinality(String)'],
    ['SeverityNumber', 'UInt8'],
    ['ServiceName', 'LowCardinality(String)'],
    ['Body', 'String'],
    ['ResourceSchemaUrl', 'LowCardinality(String)'],
    ['ResourceAttributes', ATTRS],
    ['ScopeSchemaUrl', 'LowCardinality(String)'],
    ['ScopeName', 'String'],
    ['ScopeVersion', 'LowCardinality(String)'],
    ['ScopeAttributes', ATTRS],
    ['LogAttributes', ATTRS],
    ['EventName', 'String'],
  ],
  otel_metrics_gauge: [...METRIC_HEAD, ['Value', 'Float64'], ['Flags', 'UInt32'], ...EXEMPLARS],
  otel_metrics_sum: [...METRIC_HEAD, ['Value', 'Float64'], ['Flags', 'UInt32'], ...EXEMPLARS, ['AggregationTemporality', 'Int32'], ['IsMonotonic', 'Bool']],
  otel_metrics_histogram: [
    ...METRIC_HEAD,
    ['Count', 'UInt64'],
    ['Sum', 'Float64'],
    ['BucketCounts', 'Array(UInt64)'],
    ['ExplicitBounds', 'Array(Float64)'],
    ...EXEMPLARS,
    ['Flags', 'UInt32'],
    ['Min', 'Float64'],
    ['Max', 'Float64'],
    ['AggregationTemporality', 'Int32'],
  ],
  otel_metrics_exponential_histogram: [
    ...METRIC_HEAD,
    ['Count', 'UInt64'],
    ['Sum', 'Float64'],
    ['Scale', 'Int32'],
    ['ZeroCount', 'UInt64'],
    ['PositiveOffset', 'Int32'],
    ['PositiveBucketCounts', 'Array(UInt64)'],
    ['NegativeOffset', 'Int32'],
    ['NegativeBucketCounts', 'Array(UInt64)'],
    ...EXEMPLARS,
    ['Flags', 'UInt32'],
    ['Min', 'Float64'],
    ['Max', 'Float64'],
    ['AggregationTemporality', 'Int32'],
  ],
  otel_metrics_summary: [
    ...METRIC_HEAD,
    ['Count', 'UInt64'],
    ['Sum', 'Float64'],
    ['ValueAtQuantiles.Quantile', 'Array(Float64)'],
    ['ValueAtQuantiles.Value', 'Array(Float64)'],
    ['Flags', 'UInt32'],
  ],
};

const DATABASE = 'cw_migrate';
let dir: TempDir;
let store: Store;
const options = storeOptions();

async function rows<T>(sql: string, params?: Record<string, unknown>): Promise<T[]> {
  const result = await store.queryRows<T>(sql, params);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** A store on another database of the same data folder (chDB serves one folder per process, any number of databases). */
async function storeOn(database: string): Promise<Store> {
  const opened = await openStore(storeOptions({ dataDir: dir.path, database }));
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value;
}

beforeAll(async () => {
  dir = tempDir('migrate');
  store = await storeOn(DATABASE);
});

afterAll(async () => {
  await store?.close();
  dir?.remove();
});

// Later migrations are registered by other changes; these tests hold for every registered one.
const REGISTERED = MIGRATIONS.map((m) => ({ version: m.version, name: m.name }));

describe('migrate on the embedded engine', () => {
  it('reports every registered migration pending on an empty store', async () => {
    expect(REGISTERED.slice(0, 3)).toEqual([
      { version: 1, name: 'otel-tables' },
      { version: 2, name: 'topology-snapshots' },
      { version: 3, name: 'incident-events' },
    ]);
    expect(await pendingMigrations(store, options)).toEqual({ ok: true, value: REGISTERED });
  });

  it('applies every registered migration on an empty store, then nothing on a second run', async () => {
    const first = await migrate(store, options);
    expect(first.ok && first.value.applied).toEqual(REGISTERED.map((m) => m.version));
    const second = await migrate(store, options);
    expect(second).toEqual({ ok: true, value: { applied: [], ttlChanges: [] } });
    expect(await pendingMigrations(store, options)).toEqual({ ok: true, value: [] });
  });

  it('records each applied version with its name and checksum', async () => {
    const recorded = await rows<{ version: number; name: string; checksum: string; age: number }>(
      'SELECT version, name, checksum, dateDiff(\'second\', applied_at, now64(3)) AS age FROM causeway_schema_migrations ORDER BY version',
    );
    expect(recorded.map((r) => ({ version: r.version, name: r.name }))).toEqual(REGISTERED);
    expect(recorded[0]).toMatchObject({ version: 1, name: 'otel-tables', checksum: migrationChecksum(otelTablesMigration, { database: DATABASE, cluster: '' }) });
    expect(recorded[1]).toMatchObject({
      version: 2,
      name: 'topology-snapshots',
      checksum: migrationChecksum(topologySnapshotsMigration, { database: DATABASE, cluster: '' }),
    });
    expect(recorded[2]).toMatchObject({ version: 3, name: 'incident-events', checksum: migrationChecksum(incidentEventsMigration, { database: DATABASE, cluster: '' }) });
    expect(recorded[0]?.age).toBeLessThan(60);
  });

  it('creates every otel table with the exporter column names and types', async () => {
    const columns = await rows<{ table: string; name: string; type: string }>(
      `SELECT table, name, type FROM system.columns
       WHERE database = {db:String} AND table IN (SELECT name FROM system.tables WHERE database = {db:String} AND name LIKE 'otel%' AND engine = 'MergeTree')
       ORDER BY table, position`,
      { db: DATABASE },
    );
    const byTable: Record<string, Array<[string, string]>> = {};
    for (const c of columns) (byTable[c.table] ??= []).push([c.name, c.type]);
    expect(byTable).toEqual(EXPECTED_COLUMNS);
  });

  it('creates the tables with their engines, keys and skip indexes, and the view', async () => {
    const tables = await rows<{ name: string; engine: string; engine_full: string; sorting_key: string; partition_key: string }>(
      'SELECT name, engine, engine_full, sorting_key, partition_key FROM system.tables WHERE database = {db:String} ORDER BY name',
      { db: DATABASE },
    );
    const byName = Object.fromEntries(tables.map((t) => [t.name, t]));
    // Every managed table, the migrations table and the view: nothing more.
    const causewayTables = MANAGED_TABLE_SPECS.map((spec) => spec.name).filter((name) => name.startsWith('causeway_'));
    expect(causewayTables.slice(0, 2)).toEqual(['causeway_topology_snapshots', 'causeway_incident_events']);
    const rollupViews = [
      'causeway_span_rollup_traces_mv',
      'causeway_metric_rollup_metrics_gauge_mv',
      'causeway_metric_rollup_metrics_sum_mv',
      'causeway_metric_rollup_metrics_histogram_mv',
      'causeway_metric_rollup_metrics_summary_mv',
      'causeway_log_rollup_logs_mv',
      'causeway_spans_by_time_mv',
      ...['traces', 'logs', 'gauge', 'sum', 'histogram'].map((source) => `causeway_deploy_marker_rollup_${source}_mv`),
    ];
    expect(Object.keys(byName).sort()).toEqual(
      [...Object.keys(EXPECTED_COLUMNS), ...causewayTables, 'causeway_schema_migrations', 'otel_traces_trace_id_ts_mv', ...rollupViews].sort(),
    );
    for (const view of rollupViews) expect(byName[view]?.engine).toBe('MaterializedView');
    expect(byName.causeway_span_rollup).toMatchObject({ engine: 'AggregatingMergeTree', sorting_key: 'Bucket, ServiceName, Entry, Peer', partition_key: 'toDate(Bucket)' });
    // Migration 9: the spans' narrow columns sorted by time; migration 10: the span rollup is filled from them.
    expect(byName.causeway_spans_by_time).toMatchObject({ engine: 'MergeTree', sorting_key: 'Timestamp', partition_key: 'toDate(Timestamp)' });
    const rollupView = await rows<{ q: string }>("SELECT create_table_query AS q FROM system.tables WHERE database = {db:String} AND name = 'causeway_span_rollup_traces_mv'", { db: DATABASE });
    expect(rollupView[0]?.q).toMatch(/FROM \w+\.causeway_spans_by_time\b/);
    // Migration 11: deployment markers per minute.
    expect(byName.causeway_deploy_marker_rollup).toMatchObject({ engine: 'AggregatingMergeTree', sorting_key: 'Bucket, ServiceName, Source, Marker, Value', partition_key: 'toDate(Bucket)' });
    expect(byName.causeway_topology_snapshots).toMatchObject({ engine: 'MergeTree', sorting_key: 'snapshot_time', partition_key: 'toDate(snapshot_time)' });
    expect(byName.causeway_incident_events).toMatchObject({ engine: 'MergeTree', sorting_key: 'incident_id, seq', partition_key: 'toDate(event_time)' });
    expect(byName.otel_traces_trace_id_ts_mv?.engine).toBe('MaterializedView');
    expect(byName.otel_traces).toMatchObject({
      engine: 'MergeTree',
      sorting_key: 'ServiceName, SpanName, toDateTime(Timestamp), Timestamp',
      partition_key: 'toDate(Timestamp)',
    });
    // Migration 8: every merge of span parts vertical.
    expect(byName.otel_traces?.engine_full).toMatch(/SETTINGS .*vertical_merge_algorithm_min_rows_to_activate = 1\b/);
    expect(byName.otel_logs?.sorting_key).toBe('ServiceName, TimestampTime, Timestamp');
    expect(byName.otel_metrics_sum?.sorting_key).toBe('ServiceName, MetricName, Attributes, toUnixTimestamp64Nano(TimeUnix)');
    expect(byName.otel_traces_trace_id_ts?.sorting_key).toBe('TraceId, Start');

    const indexes = await rows<{ table: string; name: string; type: string }>(
      'SELECT table, name, type FROM system.data_skipping_indices WHERE database = {db:String} ORDER BY table, name',
      { db: DATABASE },
    );
    const names = (table: string) => indexes.filter((i) => i.table === table).map((i) => i.name);
    expect(names('otel_traces')).toEqual(['idx_duration', 'idx_res_attr_key', 'idx_res_attr_value', 'idx_span_attr_key', 'idx_span_attr_value', 'idx_trace_id']);
    expect(names('otel_logs')).toContain('idx_body');
    expect(names('otel_metrics_gauge')).toEqual(['idx_attr_key', 'idx_attr_value', 'idx_res_attr_key', 'idx_res_attr_value', 'idx_scope_attr_key', 'idx_scope_attr_value']);
  });
});

describe('migration 3: causeway_incident_events', () => {
  const CLUSTER = { database: 'causeway', cluster: 'prod' };

  it('creates the event log with its column names and types', async () => {
    const columns = await rows<{ name: string; type: string }>(
      "SELECT name, type FROM system.columns WHERE database = {db:String} AND table = 'causeway_incident_events' ORDER BY position",
      { db: DATABASE },
    );
    expect(columns.map((c) => [c.name, c.type])).toEqual([
      ['incident_id', 'String'],
      ['seq', 'UInt64'],
      ['kind', 'LowCardinality(String)'],
      ['event_time', "DateTime64(3, 'UTC')"],
      ['written_at', "DateTime64(3, 'UTC')"],
      ['event', 'String'],
    ]);
  });

  it('keeps a row written to it, event JSON included, and reads one incident in log order', async () => {
    // Recent times: rows older than retention.causewayDays may be dropped by a TTL merge at any moment.
    const t0 = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;
    const written = await store.insertRows('causeway_incident_events', [
      { incident_id: 'inc-2', seq: 2, kind: 'resolved', event_time: t0 + 60_000, written_at: t0 + 61_000, event: '{"kind":"resolved"}' },
      { incident_id: 'inc-2', seq: 1, kind: 'opened', event_time: t0, written_at: t0 + 1000, event: '{"kind":"opened"}' },
    ]);
    expect(written).toEqual({ ok: true, value: undefined });
    const read = await rows<{ seq: number; kind: string; at: number; event: string }>(
      "SELECT seq, kind, toUnixTimestamp64Milli(event_time) AS at, event FROM causeway_incident_events WHERE incident_id = 'inc-2' ORDER BY incident_id, seq",
    );
    expect(read).toEqual([
      { seq: 1, kind: 'opened', at: t0, event: '{"kind":"opened"}' },
      { seq: 2, kind: 'resolved', at: t0 + 60_000, event: '{"kind":"resolved"}' },
    ]);
  });

  it('is a replicated local table behind a Distributed table sharded by incident on a cluster', () => {
    const [local, distributed, ...rest] = incidentEventsMigration.statements(CLUSTER);
    expect(rest).toEqual([]);
    expect(local).toMatch(/^CREATE TABLE IF NOT EXISTS causeway\.causeway_incident_events_local ON CLUSTER prod\n/);
    expect(local).toContain("ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')\nPARTITION BY toDate(event_time)\nORDER BY (incident_id, seq)\n");
    expect(distributed).toBe(
      'CREATE TABLE IF NOT EXISTS causeway.causeway_incident_events ON CLUSTER prod AS causeway.causeway_incident_events_local\n' +
        'ENGINE = Distributed(prod, causeway, causeway_incident_events_local, cityHash64(incident_id))',
    );
  });

  it('is one plain MergeTree table without TTL on a single server', () => {
    const statements = incidentEventsMigration.statements({ database: 'causeway', cluster: '' });
    expect(statements).toEqual(createTableStatements(INCIDENT_EVENTS_SPEC, { database: 'causeway', cluster: '' }));
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/^CREATE TABLE IF NOT EXISTS causeway\.causeway_incident_events\n/);
    expect(statements[0]).toContain('\nENGINE = MergeTree\nPARTITION BY toDate(event_time)\nORDER BY (incident_id, seq)\nSETTINGS index_granularity = 8192, ttl_only_drop_parts = 1');
    expect(statements[0]).not.toMatch(/ON CLUSTER|Replicated|Distributed|TTL /);
  });
});

/**
 * Every store records the checksum of each migration it ran and refuses to
 * start when the code's text differs. These are the released texts: a test
 * that fails here means a released migration was edited, which would stop
 * every existing store; put the change in a new migration instead.
 */
const RELEASED_CHECKSUMS: Record<number, { single: string; cluster: string }> = {
  1: { single: 'ab3bdc78f621eb6950964f58814686bf03254923f441cd55f20609c8c9ca1cb7', cluster: '8d4975cb8bff3202a3a6ff917d500327a3eee2dd4dbc874d786d467dc2fa859d' },
  2: { single: 'fe1e4579ec5f3dc82987137d59e3439ee0a1741f24b81e9dd2f467ea4a21e563', cluster: '99e2fbe66a561fe6eff7d9e3a45102a59b8e4c5ad670c7b9efe517f4f7f0f9c5' },
  3: { single: 'fcdd025f74dbe051fcd76acb87efeaa31b33b190a0960d17e9fa46cb13e4bdf4', cluster: '37a6e7e5b47f6e1ab77546ccf2072f6c7dd58b88cf18aa313c95cc4a85d7de9f' },
  4: { single: '4f912bed4422155d3ac54b3785f1daff3ff40a40d5a3d8d5d17fdee0d81b37e1', cluster: '508e116f0aa3cb4130f7cb70b1ef6cc06013c5349f92d6cc68799bd87dee3d6e' },
  5: { single: '6a7a172dd3ee008be410cfb5e10e804cdc99e2250c7f1510c5797b69679094d7', cluster: '7a22c6408c73fbc849d451b5c0ec88850e6415a90eec7dea8caeb70e559f81b6' },
  6: { single: '61feed4cdd410195a76851ec0449ea073097f9c14ad22009c3ce688f9e0b5fbd', cluster: '502961e5d6cc8cdd426a68a52524867c635567d2a9cd253cb973a39fe92be6a7' },
  7: { single: '1b4cea110f6479b5718dd7a1287d0e9b97bfdc3ef630b731fe9ee765682ea3aa', cluster: 'e8cdbfe70cf9b48b387e92a97ec4764412d2379e4507d1f2fbd5878aa7bf6e6b' },
  8: { single: '43ef407bb7c97fd33d23e0e0ea5b16a4c105fa73d386dc1ce6a8d8d150c88842', cluster: 'dd3416c630ef323dd0b6534a03276cac02094758cd8a5288b98f37f6ec0941c4' },
  9: { single: '941739f23c43caf546f90f3fbac0d3df0d1675774b8254b1e217b351a4d064a0', cluster: '91a17d1c798863be3cd72109f988d2ccda89b78f676f6ae31d15db1b9f3209b2' },
  10: { single: '3892ca4474a47e573a26b948678e569e517457da76df46bd211f117fdc650ead', cluster: 'd54c1715cab5ba3febbba13f008b73d90aefcccd122a74bc6be8349cb31c1673' },
  11: { single: '0fd747770888176bf87e1dad1f668974442e71b27c93f1c77bdc109711231420', cluster: 'ef6a34b4b7dc18692c9fbe04b501048fdca5ff23c1fbc037be5bdf462503a59f' },
  12: { single: '286fda991486963326da3e87cfb125e46092665565ab31320d3913109b2c09f3', cluster: '48a5423d90c22aa8956d1afd881e44b3f0bc5315d21a842080997819bf6998f6' },
  13: { single: '6f726cd26e3c9b8403255a5c9716dc9db0953c11570b223fa0b895384aec905f', cluster: 'e8d50c133f35e5b1ccdb1d85f722c652207d46071bf8780398fa999e3cbf83a5' },
};

describe('released migrations', () => {
  it('keep the text every store recorded them with', () => {
    for (const m of MIGRATIONS) {
      const released = RELEASED_CHECKSUMS[m.version];
      if (released === undefined) throw new Error(`migration ${m.version} (${m.name}) is new: add its checksums to RELEASED_CHECKSUMS once it is released`);
      expect({ version: m.version, single: migrationChecksum(m, { database: 'causeway', cluster: '' }), cluster: migrationChecksum(m, { database: 'causeway', cluster: 'c1' }) }).toEqual({ version: m.version, ...released });
    }
  });
});

describe('migrate guards', () => {
  const noop = (version: number, name: string, statements: string[] = []): Migration => ({ version, name, statements: () => statements });

  it('stops when a recorded migration changed since it ran', async () => {
    const other = await storeOn('cw_changed');
    try {
      expect((await migrate(other, { ...options, migrations: [noop(1, 'first', ['SELECT 1'])] })).ok).toBe(true);
      const changed = await migrate(other, { ...options, migrations: [noop(1, 'first', ['SELECT 2'])] });
      expect(changed.ok).toBe(false);
      if (!changed.ok) {
        expect(changed.error.code).toBe('CW_ERR_STORAGE_MIGRATION');
        expect(changed.error.message).toMatch(/migration 1 \(first\) was applied with checksum [0-9a-f]{64}, but its statements now give/);
      }
      const older = await migrate(other, { ...options, migrations: [] });
      expect(!older.ok && older.error.message).toMatch(/records migration 1 \(first\), which this version of Causeway does not know/);
    } finally {
      await other.close();
    }
  });

  it('stops at a failing statement, records nothing for it, and resumes once fixed', async () => {
    const other = await storeOn('cw_failing');
    try {
      const broken = noop(1, 'broken', ['CREATE TABLE IF NOT EXISTS cw_failing.ok_table (a UInt8) ENGINE = MergeTree ORDER BY a', 'CREATE TABLE cw_failing.bad (a Nope) ENGINE = MergeTree ORDER BY a']);
      const failed = await migrate(other, { ...options, migrations: [broken] });
      expect(failed.ok).toBe(false);
      if (!failed.ok) {
        expect(failed.error.code).toBe('CW_ERR_STORAGE_MIGRATION');
        expect(failed.error.message).toContain('migration 1 (broken): statement "CREATE TABLE cw_failing.bad (a Nope)');
        expect(failed.error.message).toContain('UNKNOWN_TYPE (50)');
      }
      expect(await pendingMigrations(other, { ...options, migrations: [broken] })).toEqual({ ok: true, value: [{ version: 1, name: 'broken' }] });
      const fixed = noop(1, 'fixed', ['CREATE TABLE IF NOT EXISTS cw_failing.ok_table (a UInt8) ENGINE = MergeTree ORDER BY a']);
      const resumed = await migrate(other, { ...options, migrations: [fixed, noop(2, 'second')] });
      expect(resumed.ok && resumed.value.applied).toEqual([1, 2]);
    } finally {
      await other.close();
    }
  });

  it('refuses migrations out of order (a bug)', async () => {
    await expect(migrate(store, { ...options, migrations: [noop(2, 'b'), noop(1, 'a')] })).rejects.toThrow(/increasing/);
  });
});
