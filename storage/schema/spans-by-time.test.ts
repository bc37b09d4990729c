/**
 * Storage migration 9 on the embedded engine: every span stored in
 * `otel_traces` gets its narrow row in `causeway_spans_by_time`, with the
 * error flag, entry flag, peer and placement the readers rely on, and the
 * spans stored before the migration are copied once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEEP_FOREVER, MIGRATIONS, SPANS_BY_TIME_TABLE, type Store } from '../index.ts';
import { spanRowOf } from '../testing/span-row.ts';
import { openTestStore, storeOptions, tempDir } from '../testing/test-store.ts';
import { migrate } from './migrate.ts';

const dir = tempDir('spans-by-time');
const options = storeOptions({ dataDir: dir.path, retention: KEEP_FOREVER });
let store: Store;
const T0 = Date.parse('2026-05-06T07:08:00Z');
let spanNo = 0;

const span = (service: string, kind: string, atMillis: number, more: { attrs?: Record<string, string>; resource?: Record<string, string>; status?: string; parent?: string } = {}) =>
  spanRowOf({
    Timestamp: String(BigInt(atMillis) * 1_000_000n + 123n),
    TraceId: 'ab'.repeat(16),
    SpanId: (++spanNo).toString(16).padStart(16, '0'),
    ParentSpanId: more.parent ?? '',
    ServiceName: service,
    SpanName: `${service}-op`,
    SpanKind: kind,
    SpanAttributes: more.attrs ?? {},
    ResourceAttributes: { 'service.name': service, ...more.resource },
    Duration: 7_000_000,
    StatusCode: more.status ?? 'Unset',
  });

async function insert(rows: object[]): Promise<void> {
  const r = await store.insertRows('otel_traces', rows);
  if (!r.ok) throw new Error(r.error.message);
}

interface NarrowRow {
  ServiceName: string;
  SpanId: string;
  ParentSpanId: string;
  SpanName: string;
  ns: string;
  Entry: number;
  Duration: string;
  IsError: number;
  Peer: string;
  PeerKind: string;
  Pod: string;
  Host: string;
  Node: string;
}

async function narrowRows(): Promise<NarrowRow[]> {
  const r = await store.queryRows<NarrowRow>(
    `SELECT ServiceName, SpanId, ParentSpanId, SpanName, toString(toUnixTimestamp64Nano(Timestamp)) AS ns, Entry, toString(Duration) AS Duration, IsError, Peer, PeerKind, Pod, Host, Node
     FROM ${SPANS_BY_TIME_TABLE} ORDER BY SpanId`,
  );
  if (!r.ok) throw new Error(r.error.message);
  return r.value.map((row) => ({ ...row, Entry: Number(row.Entry), IsError: Number(row.IsError) }));
}

beforeAll(async () => {
  store = await openTestStore(options);
});

afterAll(async () => {
  await store?.close();
  dir.remove();
});

describe('spans by time (storage migration 9)', () => {
  it('copies the spans stored before it once, and every span stored after it', async () => {
    expect((await migrate(store, { ...options, migrations: MIGRATIONS.filter((m) => m.version <= 8) })).ok).toBe(true);
    await insert([span('old-a', 'Server', T0), span('old-b', 'Server', T0 + 1000)]);
    const upgraded = await migrate(store, options);
    expect(upgraded.ok && upgraded.value.applied).toContain(9);
    await insert([span('new-a', 'Server', T0 + 2000)]);
    expect((await narrowRows()).map((r) => r.ServiceName)).toEqual(['old-a', 'old-b', 'new-a']);

    // A run that stopped before its record runs the statements again: nothing is copied twice.
    const nine = MIGRATIONS.find((m) => m.version === 9)!;
    for (const statement of nine.statements({ database: options.database, cluster: '' })) {
      const ran = await store.command(statement);
      expect(ran.ok).toBe(true);
    }
    expect((await narrowRows()).map((r) => r.ServiceName)).toEqual(['old-a', 'old-b', 'new-a']);
  });

  it('keeps time to the nanosecond, ids, operation and duration, and judges errors, entries, peers and placement as the span rollup does', async () => {
    const at = T0 + 60_000;
    const placed = { 'k8s.pod.name': 'cart-7d9f-x2', 'host.name': 'vm-3', 'k8s.node.name': 'node-1' };
    await insert([
      span('cart', 'Server', at, { resource: placed, status: 'Error' }),
      span('cart', 'Client', at, { attrs: { 'db.system': 'redis', 'server.address': 'cart-db' }, parent: '0000000000000004' }),
      span('cart', 'Client', at, { attrs: { 'server.address': 'pricing.shop.svc.cluster.local', 'http.response.status_code': '503' } }),
      span('cart', 'Client', at, { attrs: { 'server.address': 'cart' } }),
      span('legacy', 'Unspecified', at, { attrs: { 'db.system': 'mysql', 'net.peer.name': 'orders-db' } }),
      span('legacy', 'Consumer', at, { attrs: { 'http.status_code': '500' } }),
    ]);
    const rows = (await narrowRows()).filter((r) => r.ns.startsWith(String(at).slice(0, 10)));
    const picked = rows.map(({ ServiceName, Entry, IsError, Peer, PeerKind, Pod, Host, Node }) => ({ ServiceName, Entry, IsError, Peer, PeerKind, Pod, Host, Node }));
    const none = { Pod: '', Host: '', Node: '' };
    expect(picked).toEqual([
      { ServiceName: 'cart', Entry: 1, IsError: 1, Peer: '', PeerKind: '', Pod: 'cart-7d9f-x2', Host: 'vm-3', Node: 'node-1' },
      { ServiceName: 'cart', Entry: 0, IsError: 0, Peer: 'cart-db', PeerKind: 'database', ...none },
      { ServiceName: 'cart', Entry: 0, IsError: 1, Peer: 'pricing', PeerKind: 'external', ...none },
      // A call to itself names its own service; readers leave it out of the graph.
      { ServiceName: 'cart', Entry: 0, IsError: 0, Peer: 'cart', PeerKind: 'external', ...none },
      // Without a span kind, `db.system` marks an outgoing call; an old-style HTTP 500 is an error.
      { ServiceName: 'legacy', Entry: 0, IsError: 0, Peer: 'orders-db', PeerKind: 'database', ...none },
      { ServiceName: 'legacy', Entry: 1, IsError: 1, Peer: '', PeerKind: '', ...none },
    ]);
    expect(rows[1]).toMatchObject({ ns: `${BigInt(at) * 1_000_000n + 123n}`, ParentSpanId: '0000000000000004', SpanName: 'cart-op', Duration: '7000000' });
  });

  it('answers a read of a time range from that range\'s granules only', async () => {
    // One day of spans in rows of one service and operation each, as otel_traces sorts them, then a minute read back.
    const day = Date.parse('2026-05-07T00:00:00Z');
    const rows = [];
    for (let i = 0; i < 40_000; i++) rows.push(span(`svc-${i % 40}`, 'Server', day + Math.floor((i * 86_400_000) / 40_000)));
    await insert(rows);
    const minute = `Timestamp >= fromUnixTimestamp64Milli(${day + 3_600_000}) AND Timestamp < fromUnixTimestamp64Milli(${day + 3_660_000})`;
    const read = await store.queryRows<{ n: string }>(`SELECT count() AS n FROM ${SPANS_BY_TIME_TABLE} WHERE ${minute}`);
    expect(read.ok && Number(read.value[0]!.n)).toBe(28);
    const explained = await store.queryRows<{ explain: string }>(`EXPLAIN indexes = 1 SELECT count() FROM ${SPANS_BY_TIME_TABLE} WHERE ${minute} AND ServiceName != ''`);
    if (!explained.ok) throw new Error(explained.error.message);
    const text = explained.value.map((r) => r.explain).join('\n');
    // The primary key keeps one granule of the day's: "Granules: 1/<all>".
    expect(text).toMatch(/PrimaryKey[\s\S]*?Granules: 1\/\d+/);
  });
});
