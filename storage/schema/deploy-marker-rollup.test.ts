/**
 * Storage migration 11 on the embedded engine: every span, log record and
 * gauge, sum and histogram point adds its service's deployment markers to
 * `causeway_deploy_marker_rollup`, per minute, with exact first and last
 * times; records stored before the migration are folded in once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPLOY_MARKER_ROLLUP_TABLE, KEEP_FOREVER, MIGRATIONS, type Store } from '../index.ts';
import { logRowOf } from '../testing/log-row.ts';
import { metricRowOf } from '../testing/metric-row.ts';
import { spanRowOf } from '../testing/span-row.ts';
import { openTestStore, storeOptions, tempDir } from '../testing/test-store.ts';
import { migrate } from './migrate.ts';

const dir = tempDir('deploy-marker-rollup');
const options = storeOptions({ dataDir: dir.path, retention: KEEP_FOREVER });
let store: Store;
const T0 = Date.parse('2026-05-06T07:08:00Z');
const nanos = (atMillis: number, extra = 0n) => String(BigInt(atMillis) * 1_000_000n + extra);
let spanNo = 0;

const span = (service: string, atMillis: number, resource: Record<string, string>) =>
  spanRowOf({
    Timestamp: nanos(atMillis, 7n),
    TraceId: 'cd'.repeat(16),
    SpanId: (++spanNo).toString(16).padStart(16, '0'),
    ServiceName: service,
    ResourceAttributes: { 'service.name': service, ...resource },
  });

const point = (service: string, atMillis: number, resource: Record<string, string>) =>
  metricRowOf({ ServiceName: service, MetricName: 'm', TimeUnix: nanos(atMillis), ResourceAttributes: { 'service.name': service, ...resource } });

async function insert(table: Parameters<Store['insertRows']>[0], rows: object[]): Promise<void> {
  const r = await store.insertRows(table, rows);
  if (!r.ok) throw new Error(r.error.message);
}

interface MarkerRow {
  Bucket: string;
  ServiceName: string;
  Source: string;
  Marker: string;
  Value: string;
  first: string;
  last: string;
  Records: string;
}

async function markerRows(service: string): Promise<Array<Omit<MarkerRow, 'Records'> & { Records: number }>> {
  const r = await store.queryRows<MarkerRow>(
    `SELECT toString(Bucket) AS Bucket, ServiceName, Source, Marker, Value, toString(toUnixTimestamp64Nano(min(FirstSeen))) AS first,
            toString(toUnixTimestamp64Nano(max(LastSeen))) AS last, sum(Records) AS Records
     FROM ${DEPLOY_MARKER_ROLLUP_TABLE} WHERE ServiceName = {service:String}
     GROUP BY Bucket, ServiceName, Source, Marker, Value ORDER BY Bucket, Source, Marker, Value`,
    { service },
  );
  if (!r.ok) throw new Error(r.error.message);
  return r.value.map((row) => ({ ...row, Records: Number(row.Records) }));
}

beforeAll(async () => {
  store = await openTestStore(options);
});

afterAll(async () => {
  await store?.close();
  dir.remove();
});

describe('deploy-marker rollup (storage migration 11)', () => {
  it('folds in the records stored before it once, and every record stored after it', async () => {
    expect((await migrate(store, { ...options, migrations: MIGRATIONS.filter((m) => m.version <= 10) })).ok).toBe(true);
    await insert('otel_traces', [span('old', T0, { 'service.version': '1.0' }), span('old', T0 + 1000, { 'service.version': '1.0' })]);
    await insert('otel_metrics_gauge', [{ ...point('old', T0 + 2000, { 'service.version': '1.0' }), Value: 1 }]);
    const upgraded = await migrate(store, options);
    expect(upgraded.ok && upgraded.value.applied).toContain(11);
    await insert('otel_traces', [span('old', T0 + 61_000, { 'service.version': '1.1' })]);
    const expected = [
      { Bucket: '2026-05-06 07:08:00', ServiceName: 'old', Source: 'gauge', Marker: 'service.version', Value: '1.0', first: nanos(T0 + 2000), last: nanos(T0 + 2000), Records: 1 },
      { Bucket: '2026-05-06 07:08:00', ServiceName: 'old', Source: 'traces', Marker: 'service.version', Value: '1.0', first: nanos(T0, 7n), last: nanos(T0 + 1000, 7n), Records: 2 },
      { Bucket: '2026-05-06 07:09:00', ServiceName: 'old', Source: 'traces', Marker: 'service.version', Value: '1.1', first: nanos(T0 + 61_000, 7n), last: nanos(T0 + 61_000, 7n), Records: 1 },
    ];
    expect(await markerRows('old')).toEqual(expected);

    // A run that stopped before its record runs the statements again: nothing is folded twice.
    const eleven = MIGRATIONS.find((m) => m.version === 11)!;
    for (const statement of eleven.statements({ database: options.database, cluster: '' })) {
      const ran = await store.command(statement);
      expect(ran.ok).toBe(true);
    }
    expect(await markerRows('old')).toEqual(expected);
  });

  it('reads every marker from spans, log records and gauge, sum and histogram points, and skips records without one', async () => {
    const at = T0 + 10 * 60_000;
    const pod = { 'k8s.deployment.name': 'cart', 'k8s.pod.name': 'cart-7d9f8c6b5-x2x9q' };
    await insert('otel_traces', [span('cart', at, { 'service.version': '2.4.0', ...pod }), span('cart', at + 30_000, { 'service.version': '2.4.0', ...pod }), span('cart', at, {})]);
    await insert('otel_logs', [logRowOf({ Timestamp: nanos(at + 5000), ServiceName: 'cart', Body: 'x', ResourceAttributes: { 'service.name': 'cart', 'service.version': '2.4.0' } })]);
    await insert('otel_metrics_gauge', [{ ...point('cart', at + 1000, { 'container.image.tag': 'v24', 'k8s.replicaset.name': 'cart-rs-given', ...pod }), Value: 0.5 }]);
    await insert('otel_metrics_sum', [{ ...point('cart', at + 2000, { 'container.image.tag': 'v24' }), Value: 3, AggregationTemporality: 2, IsMonotonic: true }]);
    await insert('otel_metrics_histogram', [
      { ...point('cart', at + 3000, { 'service.version': '2.4.0' }), Count: 2, Sum: 0.1, BucketCounts: [1, 1], ExplicitBounds: [0.05], Min: 0.01, Max: 0.09, AggregationTemporality: 2 },
    ]);
    const picked = (await markerRows('cart')).map(({ Source, Marker, Value, Records }) => ({ Source, Marker, Value, Records }));
    expect(picked).toEqual([
      { Source: 'gauge', Marker: 'container.image.tag', Value: 'v24', Records: 1 },
      // A ReplicaSet the resource names wins over the one read off the pod name.
      { Source: 'gauge', Marker: 'k8s.replicaset.name', Value: 'cart-rs-given', Records: 1 },
      { Source: 'histogram', Marker: 'service.version', Value: '2.4.0', Records: 1 },
      { Source: 'logs', Marker: 'service.version', Value: '2.4.0', Records: 1 },
      { Source: 'sum', Marker: 'container.image.tag', Value: 'v24', Records: 1 },
      // `<deployment>-<pod-template-hash>-<suffix>`: the ReplicaSet is the deployment and the hash.
      { Source: 'traces', Marker: 'k8s.replicaset.name', Value: 'cart-7d9f8c6b5', Records: 2 },
      // The span without a version is not counted.
      { Source: 'traces', Marker: 'service.version', Value: '2.4.0', Records: 2 },
    ]);
    const traced = (await markerRows('cart')).find((r) => r.Source === 'traces' && r.Marker === 'service.version')!;
    expect({ first: traced.first, last: traced.last }).toEqual({ first: nanos(at, 7n), last: nanos(at + 30_000, 7n) });
  });
});
