/**
 * Migration 5's backfill, on a store as it stood when migration 5 ran:
 * data stored before the rollups existed is folded in exactly once,
 * however often the backfill runs. Then the later migrations upgrade that
 * store: migration 12's start time is unknown (the epoch) on the rows
 * already rolled up and kept for rows inserted after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logRowOf } from '../testing/log-row.ts';
import { metricRowOf } from '../testing/metric-row.ts';
import { spanRowOf } from '../testing/span-row.ts';
import { openTestStore, storeOptions, tempDir } from '../testing/test-store.ts';
import { KEEP_FOREVER } from '../index.ts';
import type { Store } from '../store.ts';
import { migrate } from './migrate.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { ROLLUP_TABLES } from './migrations/0005-signal-rollups.ts';

const dir = tempDir('rollup-backfill');
const options = storeOptions({ dataDir: dir.path, retention: KEEP_FOREVER });
let store: Store;
const T0 = Date.parse('2026-02-03T04:05:00Z');
const nanos = (ms: number) => String(BigInt(ms) * 1_000_000n);
const THROUGH_5 = MIGRATIONS.filter((m) => m.version <= 5);

async function run(sql: string): Promise<void> {
  const r = await store.command(sql);
  if (!r.ok) throw new Error(`${sql.slice(0, 80)}: ${r.error.message}`);
}

async function rows<T>(sql: string): Promise<T[]> {
  const r = await store.queryRows<T>(sql);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

async function insert(table: string, values: object[]): Promise<void> {
  const r = await store.insertRows(table, values as never);
  if (!r.ok) throw new Error(r.error.message);
}

/** Every rollup's rows merged per key, as a reader sees them. */
async function rolledUp(): Promise<unknown[]> {
  return [
    ...(await rows(`SELECT Bucket, ServiceName, Entry, Peer, sum(Spans) AS spans, sum(Errors) AS errors, quantilesMerge(0.5, 0.95, 0.99)(DurationQuantiles) AS q
      FROM ${ROLLUP_TABLES.spans} GROUP BY Bucket, ServiceName, Entry, Peer ORDER BY ALL`)),
    ...(await rows(`SELECT Bucket, ServiceName, MetricName, Kind, Series, sum(ValueSum) AS s, sum(ValueCount) AS c, argMaxMerge(Last) AS last
      FROM ${ROLLUP_TABLES.metrics} GROUP BY Bucket, ServiceName, MetricName, Kind, Series ORDER BY ALL`)),
    ...(await rows(`SELECT Bucket, ServiceName, sum(Records) AS records, sum(Errors) AS errors FROM ${ROLLUP_TABLES.logs} GROUP BY Bucket, ServiceName ORDER BY ALL`)),
  ];
}

const counterRow = (service: string, atMs: number, value: number, startMs: number) => ({
  ...metricRowOf({ ServiceName: service, MetricName: 'http.server.request.count', StartTimeUnix: nanos(startMs), TimeUnix: nanos(atMs) }),
  Value: value,
  AggregationTemporality: 2,
  IsMonotonic: true,
});

beforeAll(async () => {
  store = await openTestStore(options);
  const migrated = await migrate(store, { ...options, migrations: THROUGH_5 });
  if (!migrated.ok) throw new Error(migrated.error.message);
  // 120 server spans in three inserts, a fifth in error; a gauge, a counter, a histogram; two log records, one an error.
  for (let batch = 0; batch < 3; batch++) {
    await insert(
      'otel_traces',
      Array.from({ length: 40 }, (_, i) => {
        const n = batch * 40 + i + 1;
        return spanRowOf({ Timestamp: nanos(T0 + (n % 10) * 1000), TraceId: 'ab'.repeat(16), SpanId: n.toString(16).padStart(16, '0'), ServiceName: 'api', SpanKind: 'Server', Duration: n * 1_000_000, StatusCode: n % 5 === 0 ? 'Error' : 'Unset' });
      }),
    );
  }
  await insert('otel_metrics_gauge', [{ ...metricRowOf({ ServiceName: 'api', MetricName: 'container.cpu.utilization', TimeUnix: nanos(T0 + 5000) }), Value: 0.25 }]);
  await insert('otel_metrics_sum', [counterRow('api', T0 + 5000, 100, T0), counterRow('api', T0 + 15_000, 130, T0)]);
  await insert('otel_metrics_histogram', [
    { ...metricRowOf({ ServiceName: 'api', MetricName: 'http.server.request.duration', StartTimeUnix: nanos(T0), TimeUnix: nanos(T0 + 5000) }), Count: 4, Sum: 0.2, BucketCounts: [4], ExplicitBounds: [], AggregationTemporality: 2 },
  ]);
  await insert('otel_logs', [logRowOf({ Timestamp: nanos(T0 + 1000), ServiceName: 'api', Body: 'ok' }), logRowOf({ Timestamp: nanos(T0 + 2000), ServiceName: 'api', Body: 'failed', SeverityNumber: 17 })]);
});

afterAll(async () => {
  await store?.close();
  dir.remove();
});

describe('migration 5: the rollups backfill', () => {
  it('folds data stored before the rollups existed in once, however often the backfill runs', async () => {
    const before = await rolledUp();
    // Spans, metrics (gauge, counter samples in two buckets, histogram) and logs.
    expect(before).toHaveLength(1 + 4 + 1);
    const backfills = THROUGH_5.at(-1)!
      .statements({ database: store.database, cluster: '' })
      .filter((s) => s.startsWith('INSERT'));
    expect(backfills).toHaveLength(6);

    // Rows already rolled up are not counted again.
    for (const sql of backfills) await run(sql);
    expect(await rolledUp()).toEqual(before);

    // A store whose rollups are empty (its data predates them) gets them back, once.
    for (const table of Object.values(ROLLUP_TABLES)) await run(`TRUNCATE TABLE ${table}`);
    expect(await rolledUp()).toEqual([]);
    for (const sql of backfills) await run(sql);
    for (const sql of backfills) await run(sql);
    expect(await rolledUp()).toEqual(before);
  });
});

describe('migration 12: the metric rollup keeps when cumulative series started', () => {
  it('reads the start of rows rolled up before it as unknown, and keeps it for rows inserted after', async () => {
    const upgraded = await migrate(store, options);
    if (!upgraded.ok) throw new Error(upgraded.error.message);
    await insert('otel_metrics_sum', [counterRow('cart', T0 + 45_000, 40, T0 + 20_000)]);
    const starts = await rows<{ service: string; bucket: string; start: string }>(
      `SELECT ServiceName AS service, toString(Bucket) AS bucket, toString(max(StartTime)) AS start FROM ${ROLLUP_TABLES.metrics} WHERE Kind = 'counter' GROUP BY service, bucket ORDER BY service, bucket`,
    );
    expect(starts).toEqual([
      { service: 'api', bucket: '2026-02-03 04:05:00', start: '1970-01-01 00:00:00.000000000' },
      { service: 'api', bucket: '2026-02-03 04:05:10', start: '1970-01-01 00:00:00.000000000' },
      { service: 'cart', bucket: '2026-02-03 04:05:40', start: '2026-02-03 04:05:20.000000000' },
    ]);
  });
});
