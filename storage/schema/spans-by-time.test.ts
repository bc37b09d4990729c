/**
 * Storage migration 9 on the embedded engine: every span stored in
 * `otel_traces` gets its narrow row in `causeway_spans_by_time`, with the
 * error flag, entry flag, peer and placement the readers rely on, and the
 * spans stored before the migration are copied once; migration 13 adds
 * whether a failed span timed out waiting for its answer.
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

const span = (service: string, kind: string, atMillis: number, more: { attrs?: Record<string, string>; resource?: Record<string, string>; status?: string; parent?: string; message?: string; exceptions?: Record<string, string>[] } = {}) =>
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
    StatusMessage: more.message ?? '',
    'Events.Timestamp': (more.exceptions ?? []).map(() => String(BigInt(atMillis) * 1_000_000n)),
    'Events.Name': (more.exceptions ?? []).map(() => 'exception'),
    'Events.Attributes': more.exceptions ?? [],
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
  TimedOut: number;
}

async function narrowRows(): Promise<NarrowRow[]> {
  const r = await store.queryRows<NarrowRow>(
    `SELECT ServiceName, SpanId, ParentSpanId, SpanName, toString(toUnixTimestamp64Nano(Timestamp)) AS ns, Entry, toString(Duration) AS Duration, IsError, Peer, PeerKind, Pod, Host, Node, TimedOut
     FROM ${SPANS_BY_TIME_TABLE} ORDER BY SpanId`,
  );
  if (!r.ok) throw new Error(r.error.message);
  return r.value.map((row) => ({ ...row, Entry: Number(row.Entry), IsError: Number(row.IsError), TimedOut: Number(row.TimedOut) }));
}

/** Services of the stored narrow rows, by span id: readable before migration 13 too. */
async function serviceNames(): Promise<string[]> {
  const r = await store.queryRows<{ ServiceName: string }>(`SELECT ServiceName FROM ${SPANS_BY_TIME_TABLE} ORDER BY SpanId`);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.map((row) => row.ServiceName);
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
    const upgraded = await migrate(store, { ...options, migrations: MIGRATIONS.filter((m) => m.version <= 9) });
    expect(upgraded.ok && upgraded.value.applied).toContain(9);
    await insert([span('new-a', 'Server', T0 + 2000)]);
    expect(await serviceNames()).toEqual(['old-a', 'old-b', 'new-a']);

    // A run that stopped before its record runs the statements again: nothing is copied twice.
    const nine = MIGRATIONS.find((m) => m.version === 9)!;
    for (const statement of nine.statements({ database: options.database, cluster: '' })) {
      const ran = await store.command(statement);
      expect(ran.ok).toBe(true);
    }
    expect(await serviceNames()).toEqual(['old-a', 'old-b', 'new-a']);
    // Migration 13 adds a column: the rows stored before it keep its default.
    const latest = await migrate(store, options);
    expect(latest.ok && latest.value.applied).toContain(13);
    expect((await narrowRows()).map((r) => r.TimedOut)).toEqual([0, 0, 0]);
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

  it('tells a call that timed out waiting for its answer from one that could not connect, in each runtime\'s words', async () => {
    const at = T0 + 120_000;
    const failed = (words: string, type = 'Error') => ({ status: 'Error', exceptions: [{ 'exception.type': type, 'exception.message': words }] });
    const grpc = (code: string, message: string) => ({ status: 'Error', attrs: { 'rpc.grpc.status_code': code }, message });
    const cases: [string, Parameters<typeof span>[3], number][] = [
      ['grpc deadline', grpc('4', 'context deadline exceeded'), 1],
      // The connection attempt outlived the deadline: the status is UNAVAILABLE, whatever the message says.
      ['grpc unreachable', grpc('14', 'context deadline exceeded'), 0],
      ['grpc string status', { status: 'Error', attrs: { 'rpc.response.status_code': 'DEADLINE_EXCEEDED' } }, 1],
      ['java read', failed('I/O error on GET request for "http://route:8080/api": Read timed out', 'org.springframework.web.client.ResourceAccessException'), 1],
      ['java connect', failed('I/O error on GET request for "http://route:8080/api": Connect timed out', 'org.springframework.web.client.ResourceAccessException'), 0],
      ['java connect exception', failed('Connection timed out', 'java.net.ConnectException'), 0],
      ['go read', failed('Get "http://cart:80/cart": context deadline exceeded (Client.Timeout exceeded while awaiting headers)', '*url.Error'), 1],
      ['go dial', failed('Get "http://cart:80/cart": dial tcp 10.0.0.7:80: i/o timeout', '*url.Error'), 0],
      ['node read', failed('request ESOCKETTIMEDOUT 10.0.0.7:80'), 1],
      ['node connect', failed('connect ETIMEDOUT 10.0.0.7:80'), 0],
      ['python read', failed("HTTPConnectionPool(host='cart', port=80): Read timed out.", 'requests.exceptions.ReadTimeout'), 1],
      ['python connect', failed("HTTPConnectionPool(host='cart', port=80): Max retries exceeded (Caused by ConnectTimeoutError(...))", 'requests.exceptions.ConnectTimeout'), 0],
      ['nginx read', failed('upstream timed out (110: Connection timed out) while reading response header from upstream', 'upstream'), 1],
      ['nginx connect', failed('upstream timed out (110: Connection timed out) while connecting to upstream', 'upstream'), 0],
      ['okhttp read', failed('timeout', 'java.net.SocketTimeoutException'), 1],
      ['okhttp connect', failed('connect timed out', 'java.net.SocketTimeoutException'), 0],
      ['dotnet client timeout', failed('The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.', 'System.Threading.Tasks.TaskCanceledException'), 1],
      ['httpx connect', failed('timed out', 'httpx.ConnectTimeout'), 0],
      ['envoy connect', { status: 'Error', message: 'upstream connect error or disconnect/reset before headers. reset reason: connection timeout' }, 0],
      ['gateway 504', { attrs: { 'http.response.status_code': '504' } }, 1],
      ['refused', failed('connect ECONNREFUSED 10.0.0.7:80'), 0],
      ['plain failure', failed('NullPointerException', 'java.lang.NullPointerException'), 0],
      // Only a span in error can have timed out.
      ['timeout words, no error', { exceptions: [{ 'exception.type': 'Error', 'exception.message': 'Read timed out' }] }, 0],
    ];
    await insert(cases.map(([name, more]) => span(name, 'Client', at, more)));
    const rows = (await narrowRows()).filter((r) => r.ns.startsWith(String(at).slice(0, 10)));
    expect(rows.map((r) => [r.ServiceName, r.TimedOut])).toEqual(cases.map(([name, , timedOut]) => [name, timedOut]));
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
