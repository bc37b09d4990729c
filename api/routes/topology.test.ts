/**
 * `GET /api/v1/topology` through the API server on a real embedded store:
 * computed from traces, answered from a stored snapshot, and 400 on a bad `at`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger.ts';
import { createServiceGraph, saveSnapshot } from '../../correlator/topology/index.ts';
import { FIXTURE_BASE_MILLIS, KEEP_FOREVER, fixtureSpans } from '../../correlator/topology/topology-fixtures.ts';
import type { Store } from '../../storage/index.ts';
import { openMigratedStore, storeOptions, tempDir } from '../../storage/testing/test-store.ts';
import { type ApiServer, createApiServer } from '../index.ts';

const dir = tempDir('api-topology');
let store: Store;
let api: ApiServer;

/** A stored snapshot a day after the fixture traces, with an edge the traces do not have. */
const SNAPSHOT_AT = FIXTURE_BASE_MILLIS + 86_400_000;

beforeAll(async () => {
  store = await openMigratedStore(storeOptions({ dataDir: dir.path, retention: KEEP_FOREVER }));
  const inserted = await store.insertRows('otel_traces', fixtureSpans());
  if (!inserted.ok) throw new Error(inserted.error.message);
  const snapshot = createServiceGraph({
    fromMillis: SNAPSHOT_AT - 900_000,
    toMillis: SNAPSHOT_AT,
    nodes: [],
    edges: [{ from: 'checkout', to: 'payments', kind: 'calls', calls: 4, errors: 0, p50Ms: 3, p95Ms: 8 }],
  });
  const saved = await saveSnapshot(store, snapshot, SNAPSHOT_AT);
  if (!saved.ok) throw new Error(saved.error.message);
  api = createApiServer({ host: '127.0.0.1', port: 0, store, logger: silentLogger(), readiness: { check: async () => undefined } });
});
afterAll(async () => {
  await api?.shutdown();
  await store?.close();
  dir.remove();
});

interface TopologyBody {
  at: string;
  from: string;
  to: string;
  source: string;
  nodes: Array<{ id: string; kind: string }>;
  edges: Array<{ from: string; to: string; kind: string; calls: number; errors: number; p50Ms: number; p95Ms: number }>;
}

describe('GET /api/v1/topology', () => {
  it('computes the graph from the traces of [at - window, at] when no snapshot covers it', async () => {
    const at = FIXTURE_BASE_MILLIS + 60_000;
    const res = await api.app.inject({ url: `/api/v1/topology?at=${new Date(at).toISOString()}&window=120` });
    expect(res.statusCode).toBe(200);
    const body = res.json() as TopologyBody;
    expect(body).toMatchObject({ at: new Date(at).toISOString(), from: new Date(at - 120_000).toISOString(), to: new Date(at).toISOString(), source: 'traces' });
    expect(body.nodes).toContainEqual({ id: 'redis-main', kind: 'database', name: 'redis-main' });
    expect(body.nodes).toContainEqual({ id: 'pod:cart-b', kind: 'pod', name: 'cart-b' });
    expect(body.edges).toContainEqual(expect.objectContaining({ from: 'frontend', to: 'cart', kind: 'calls', calls: 3, errors: 2, p50Ms: expect.closeTo(60, -1) }));
    expect(body.edges.filter((e) => e.kind === 'calls').map((e) => `${e.from}->${e.to}`)).toEqual(['cart->redis-main', 'frontend->cart', 'frontend->stripe']);
  });

  it('takes `at` as Unix milliseconds and applies the default 15-minute window', async () => {
    const at = FIXTURE_BASE_MILLIS + 16 * 60_000;
    const res = await api.app.inject({ url: `/api/v1/topology?at=${at}` });
    const body = res.json() as TopologyBody;
    expect(body.from).toBe(new Date(at - 900_000).toISOString());
    // The fixture traces start 16 minutes before `at`: outside the default window.
    expect(body.edges).toEqual([]);
    const wider = (await api.app.inject({ url: `/api/v1/topology?at=${at}&window=1200` })).json() as TopologyBody;
    expect(wider.edges.length).toBeGreaterThan(0);
  });

  it('answers from the latest stored snapshot within the window', async () => {
    const res = await api.app.inject({ url: `/api/v1/topology?at=${SNAPSHOT_AT + 60_000}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      at: new Date(SNAPSHOT_AT).toISOString(),
      from: new Date(SNAPSHOT_AT - 900_000).toISOString(),
      to: new Date(SNAPSHOT_AT).toISOString(),
      source: 'snapshot',
      nodes: [
        { id: 'checkout', kind: 'service', name: 'checkout' },
        { id: 'payments', kind: 'external', name: 'payments' },
      ],
      edges: [{ from: 'checkout', to: 'payments', kind: 'calls', calls: 4, errors: 0, p50Ms: 3, p95Ms: 8 }],
    });
    // A snapshot older than the window does not answer.
    const stale = await api.app.inject({ url: `/api/v1/topology?at=${SNAPSHOT_AT + 3_600_000}` });
    expect(stale.json()).toMatchObject({ source: 'traces', edges: [] });
  });

  it('rejects a malformed `at` or window with 400', async () => {
    const bad = await api.app.inject({ url: '/api/v1/topology?at=yesterday' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ code: 'CW_ERR_API_BAD_REQUEST', message: 'at: "yesterday" is neither ISO 8601 nor Unix milliseconds' });
    const window = await api.app.inject({ url: '/api/v1/topology?window=0' });
    expect(window.statusCode).toBe(400);
    expect(window.json().code).toBe('CW_ERR_API_BAD_REQUEST');
  });
});
