/**
 * Which callee a client span is counted for (storage migrations 6 and 7), and what
 * that gives the signals: a service that stopped answering is measured from
 * its callers' client spans once it has no spans of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEEP_FOREVER, MIGRATIONS, ROLLUP_TABLES, SPAN_ROLLUP_VIEW, type Store } from '../../storage/index.ts';
import { migrate } from '../../storage/schema/migrate.ts';
import { spanRowOf } from '../../storage/testing/span-row.ts';
import { openTestStore, storeOptions, tempDir } from '../../storage/testing/test-store.ts';
import { readSignalFrame } from './read-signal-frame.ts';

const dir = tempDir('peer-names');
let store: Store;
const T0 = Date.parse('2026-03-04T05:06:00Z');
const options = storeOptions({ dataDir: dir.path, retention: KEEP_FOREVER });
let spanNo = 0;

const span = (service: string, kind: string, atMillis: number, attrs: Record<string, string> = {}, status = 'Unset') =>
  spanRowOf({
    Timestamp: String(BigInt(atMillis) * 1_000_000n), TraceId: 'cd'.repeat(16), SpanId: (++spanNo).toString(16).padStart(16, '0'),
    ServiceName: service, SpanKind: kind, SpanAttributes: attrs, Duration: 5_000_000, StatusCode: status,
  });

async function insert(rows: object[]): Promise<void> {
  const r = await store.insertRows('otel_traces', rows);
  if (!r.ok) throw new Error(r.error.message);
}

/** The peer each caller's client spans were rolled up under, by caller. */
async function peersByCaller(): Promise<Record<string, string>> {
  const r = await store.queryRows<{ s: string; p: string }>(`SELECT ServiceName AS s, Peer AS p FROM ${ROLLUP_TABLES.spans} WHERE Entry = 0 GROUP BY s, p`);
  if (!r.ok) throw new Error(r.error.message);
  return Object.fromEntries(r.value.map((row) => [row.s, row.p]));
}

beforeAll(async () => {
  store = await openTestStore(options);
});

afterAll(async () => {
  await store?.close();
  dir.remove();
});

describe('span peer names (migrations 6 and 7)', () => {
  it('upgrades a store at migration 5 in place: spans stored after it name their HTTP and gRPC callees', async () => {
    const upToFive = await migrate(store, { ...options, migrations: MIGRATIONS.filter((m) => m.version <= 5) });
    expect(upToFive.ok).toBe(true);
    await insert([span('before-upgrade', 'Client', T0, { 'server.address': 'currency' })]);
    const upgraded = await migrate(store, options);
    // 6 and 7, and whatever later migrations are registered.
    expect(upgraded.ok && upgraded.value.applied).toEqual(MIGRATIONS.filter((m) => m.version > 5).map((m) => m.version));
    expect(upgraded.ok && upgraded.value.applied.slice(0, 2)).toEqual([6, 7]);
    await insert([span('after-upgrade', 'Client', T0, { 'server.address': 'currency' })]);
    expect(await peersByCaller()).toMatchObject({ 'before-upgrade': '', 'after-upgrade': 'currency' });
    const view = await store.queryRows<{ n: string }>(`SELECT count() AS n FROM system.tables WHERE name = '${SPAN_ROLLUP_VIEW}'`);
    expect(view.ok && Number(view.value[0]!.n)).toBe(1);
  });

  it('names the callee by peer.service, a database, or server.address as Kubernetes DNS names it; never by an IP address', async () => {
    const call = (caller: string, attrs: Record<string, string>) => span(caller, 'Client', T0 + 1000, attrs);
    await insert([
      call('uses-peer-service', { 'peer.service': 'billing', 'server.address': 'billing-7f9c.internal.example' }),
      call('uses-database', { 'db.system': 'redis', 'server.address': 'redis-main' }),
      call('uses-database-system', { 'db.system': 'postgresql' }),
      call('uses-bare-host', { 'server.address': 'checkout' }),
      call('uses-k8s-fqdn', { 'server.address': 'cart.shop.svc.cluster.local' }),
      call('uses-k8s-short', { 'server.address': 'cart.shop.svc' }),
      call('uses-external-host', { 'server.address': 'api.payments.example.com' }),
      call('uses-ipv4', { 'server.address': '10.1.2.3' }),
      call('uses-ipv6', { 'server.address': '2001:db8::1' }),
      call('names-nothing', {}),
      // Before semantic conventions 1.21: the address is net.peer.name; older SDKs set no span kind on calls either.
      call('uses-net-peer-name', { 'net.peer.name': 'orders.shop.svc.cluster.local' }),
      span('no-kind-database', 'Unspecified', T0 + 1000, { 'db.system': 'mysql', 'net.peer.name': 'catalogue-db' }),
      span('no-kind-plain', 'Unspecified', T0 + 1000, { 'net.peer.name': 'catalogue-db' }),
      span('server-span', 'Server', T0 + 1000, { 'server.address': 'checkout' }),
    ]);
    expect(await peersByCaller()).toMatchObject({
      'uses-peer-service': 'billing',
      'uses-database': 'redis-main',
      'uses-database-system': 'postgresql',
      'uses-bare-host': 'checkout',
      'uses-k8s-fqdn': 'cart',
      'uses-k8s-short': 'cart',
      'uses-external-host': 'api.payments.example.com',
      'uses-ipv4': '',
      'uses-ipv6': '',
      'names-nothing': '',
      'uses-net-peer-name': 'orders',
      'no-kind-database': 'catalogue-db',
      // A span without a kind or peer attributes may be internal work: it calls nothing.
      'no-kind-plain': '',
    });
    const server = await store.queryRows<{ p: string }>(`SELECT Peer AS p FROM ${ROLLUP_TABLES.spans} WHERE ServiceName = 'server-span'`);
    expect(server.ok && server.value.map((r) => r.p)).toEqual(['']);
  });

  it('measures a callee that stopped answering from its callers\' failing calls once it has no spans of its own', async () => {
    // "fx" answers "shop" for 30 s, then dies: from then on only shop's client spans (all failing) record its calls.
    const from = T0 + 10 * 60_000;
    const rows = [];
    for (let second = 0; second < 90; second += 2) {
      const alive = second < 30;
      rows.push(span('shop', 'Client', from + second * 1000, { 'server.address': 'fx' }, alive ? 'Unset' : 'Error'));
      if (alive) rows.push(span('fx', 'Server', from + second * 1000 + 1));
    }
    await insert(rows);
    const frame = await readSignalFrame(store, { fromMillis: from, toMillis: from + 90_000, stepSeconds: 10, lookbackSeconds: 20 });
    if (!frame.ok) throw new Error(frame.error.message);
    const errors = frame.value.series.find((s) => s.entity === 'fx' && s.name === 'error_rate');
    const rate = frame.value.series.find((s) => s.entity === 'fx' && s.name === 'request_rate');
    // Buckets 0-2: its own server spans, no errors. 3-4: silent, but its own spans are within the 20 s lookback, so
    // the callers' spans are not taken for it. 5-8: measured from the callers' client spans, every one failing.
    expect([...errors!.values]).toEqual([0, 0, 0, NaN, NaN, 1, 1, 1, 1]);
    expect([...rate!.values]).toEqual([0.5, 0.5, 0.5, NaN, NaN, 0.5, 0.5, 0.5, 0.5]);
  });
});
