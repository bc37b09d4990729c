import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/logger.ts';
import type { Store } from '../storage/index.ts';
import { openMigratedStore, storeOptions, tempDir } from '../storage/testing/test-store.ts';
import { type ApiServer, createApiServer } from './index.ts';
import { nanosToIso } from './routes/traces.ts';

const dir = tempDir('api');
let store: Store;
let api: ApiServer;
let ready: string | undefined;

beforeAll(async () => {
  store = await openMigratedStore(storeOptions({ dataDir: dir.path }));
  api = createApiServer({ host: '127.0.0.1', port: 0, store, logger: silentLogger(), readiness: { check: async () => ready } });
  const now = BigInt(Date.now()) * 1_000_000n;
  const inserted = await store.insertRows('otel_traces', [
    {
      Timestamp: String(now), TraceId: 'ab'.repeat(16), SpanId: '01'.repeat(8), ParentSpanId: '', TraceState: '', SpanName: 'GET /', SpanKind: 'Server',
      ServiceName: 'web', ResourceAttributes: { 'service.name': 'web' }, ScopeName: '', ScopeVersion: '', SpanAttributes: { 'http.route': '/' }, Duration: 1500,
      StatusCode: 'Unset', StatusMessage: '', 'Events.Timestamp': [String(now + 10n)], 'Events.Name': ['cache.miss'], 'Events.Attributes': [{ key: 'k' }],
      'Links.TraceId': [], 'Links.SpanId': [], 'Links.TraceState': [], 'Links.Attributes': [],
    },
    {
      Timestamp: String(now + 100n), TraceId: 'ab'.repeat(16), SpanId: '02'.repeat(8), ParentSpanId: '01'.repeat(8), TraceState: '', SpanName: 'ads.Ads/Get', SpanKind: 'Client',
      ServiceName: 'web', ResourceAttributes: { 'service.name': 'web' }, ScopeName: '', ScopeVersion: '', SpanAttributes: { 'rpc.grpc.status_code': '4', 'server.address': 'ads' }, Duration: 1000,
      StatusCode: 'Error', StatusMessage: 'context deadline exceeded', 'Events.Timestamp': [], 'Events.Name': [], 'Events.Attributes': [],
      'Links.TraceId': [], 'Links.SpanId': [], 'Links.TraceState': [], 'Links.Attributes': [],
    },
  ]);
  if (!inserted.ok) throw new Error(inserted.error.message);
});
afterAll(async () => {
  await api?.shutdown();
  await store?.close();
  dir.remove();
});

describe('API', () => {
  it('answers liveness and readiness, with the reason when not ready', async () => {
    expect((await api.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    ready = undefined;
    expect((await api.app.inject({ url: '/readyz' })).statusCode).toBe(200);
    ready = '1 migration(s) pending';
    const notReady = await api.app.inject({ url: '/readyz' });
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json()).toEqual({ code: 'CW_ERR_API_NOT_READY', message: '1 migration(s) pending' });
    ready = undefined;
  });

  it('returns a trace with its events, 404 for an unknown one and 400 for a malformed id', async () => {
    const res = await api.app.inject({ url: `/api/v1/traces/${'AB'.repeat(16)}` });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { spans: Array<{ name: string; durationNanos: number; events: Array<{ name: string; attributes: Record<string, string> }> }> };
    expect(body.spans).toHaveLength(2);
    expect(body.spans[0]).toMatchObject({ name: 'GET /', durationNanos: 1500, error: false, timedOut: false, events: [{ name: 'cache.miss', attributes: { key: 'k' } }] });
    // Judged as the ranking judges it: a failed call that ran out of its deadline.
    expect(body.spans[1]).toMatchObject({ name: 'ads.Ads/Get', status: { code: 'Error', message: 'context deadline exceeded' }, error: true, timedOut: true });
    const missing = await api.app.inject({ url: `/api/v1/traces/${'cd'.repeat(16)}` });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('CW_ERR_API_NOT_FOUND');
    const bad = await api.app.inject({ url: '/api/v1/traces/xyz' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('CW_ERR_API_BAD_REQUEST');
    expect(bad.json().message).toMatch(/traceId/);
  });

  it('lists services in a range and validates the range', async () => {
    const res = await api.app.inject({ url: '/api/v1/services' });
    expect(res.json().services).toEqual([{ service: 'web', spans: 2, logRecords: 0, dataPoints: 0 }]);
    const past = await api.app.inject({ url: '/api/v1/services?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z' });
    expect(past.json().services).toEqual([]);
    const bad = await api.app.inject({ url: '/api/v1/services?from=yesterday' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/from: "yesterday"/);
    const reversed = await api.app.inject({ url: '/api/v1/services?from=2000-01-02T00:00:00Z&to=2000-01-01T00:00:00Z' });
    expect(reversed.statusCode).toBe(400);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await api.app.inject({ url: '/api/v1/nothing' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('CW_ERR_API_NOT_FOUND');
  });

  it('formats nanosecond timestamps exactly', () => {
    expect(nanosToIso('1700000000123456789')).toBe('2023-11-14T22:13:20.123456789Z');
    expect(nanosToIso('0')).toBe('1970-01-01T00:00:00.000000000Z');
  });
});
