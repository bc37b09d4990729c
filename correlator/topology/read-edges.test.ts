/**
 * The topology read from hand-built spans on the real embedded engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../storage/index.ts';
import { openMigratedStore, storeOptions, tempDir } from '../../storage/testing/test-store.ts';
import { readTopology } from './read-edges.ts';
import { type ServiceGraph, createServiceGraph } from './service-graph.ts';
import { FIXTURE_WINDOW, KEEP_FOREVER, fixtureSpans } from './topology-fixtures.ts';
import type { TopologyData } from './topology.ts';

const dir = tempDir('topology-edges');
let store: Store;
let data: TopologyData;
let graph: ServiceGraph;

beforeAll(async () => {
  store = await openMigratedStore(storeOptions({ dataDir: dir.path, retention: KEEP_FOREVER }));
  const inserted = await store.insertRows('otel_traces', fixtureSpans());
  if (!inserted.ok) throw new Error(inserted.error.message);
  const read = await readTopology(store, FIXTURE_WINDOW);
  if (!read.ok) throw new Error(read.error.message);
  data = read.value;
  graph = createServiceGraph(data);
});
afterAll(async () => {
  await store?.close();
  dir.remove();
});

/** Latency comes from a log-scaled histogram: within 2.2% of the true value (duration-histogram.ts). */
function expectMillisNear(actual: number | undefined, expected: number): void {
  expect(actual).toBeGreaterThanOrEqual(expected / 1.022);
  expect(actual).toBeLessThanOrEqual(expected * 1.022);
}

const edge = (from: string, to: string, kind = 'calls') => data.edges.find((e) => e.from === from && e.to === to && e.kind === kind);

describe('readTopology', () => {
  it('names services, databases, external peers and infrastructure as nodes of their kind', () => {
    expect(data.nodes.map((n) => [n.id, n.kind])).toEqual([
      ['cart', 'service'],
      ['frontend', 'service'],
      ['host:h1', 'host'],
      ['host:h2', 'host'],
      ['k8s-node:n1', 'k8s-node'],
      ['pod:cart-a', 'pod'],
      ['pod:cart-b', 'pod'],
      ['pod:fe-1', 'pod'],
      ['redis-main', 'database'],
      ['stripe', 'external'],
    ]);
    expect(graph.node('pod:cart-a')?.name).toBe('cart-a');
  });

  it('builds the frontend -> cart -> redis chain from parent/child spans and a db client span', () => {
    expect(data.edges.filter((e) => e.kind === 'calls').map((e) => `${e.from}->${e.to}`)).toEqual(['cart->redis-main', 'frontend->cart', 'frontend->stripe']);
    expect(edge('cart', 'redis-main')).toMatchObject({ calls: 3, errors: 0 });
    expectMillisNear(edge('cart', 'redis-main')?.p50Ms, 2);
    expectMillisNear(edge('cart', 'redis-main')?.p95Ms, 2);
    expect(edge('frontend', 'stripe')).toMatchObject({ calls: 1, errors: 0 });
    expectMillisNear(edge('frontend', 'stripe')?.p50Ms, 300);
  });

  it('counts errors (status Error and HTTP 5xx) and callee-side latency on a call edge', () => {
    const call = edge('frontend', 'cart');
    expect(call).toMatchObject({ calls: 3, errors: 2 });
    // Durations 20, 60 and 100 ms: the median is the second, p95 the third.
    expectMillisNear(call?.p50Ms, 60);
    expectMillisNear(call?.p95Ms, 100);
  });

  it('places a service with pods on two hosts', () => {
    expect(graph.infrastructureOf('cart')).toEqual(['host:h1', 'host:h2', 'pod:cart-a', 'pod:cart-b']);
    expect(edge('pod:cart-a', 'host:h1', 'runs-on')).toMatchObject({ calls: 2 });
    expect(edge('pod:cart-b', 'host:h2', 'runs-on')).toMatchObject({ calls: 4, errors: 2 });
    expect(edge('cart', 'host:h2', 'runs-on')).toMatchObject({ calls: 4 });
    expect(edge('frontend', 'k8s-node:n1', 'runs-on')).toBeDefined();
    expect(graph.sharedInfrastructure('frontend', 'cart')).toEqual(['host:h1']);
  });

  it('leaves out spans outside the window', () => {
    expect(data.nodes.some((n) => n.id === 'pod:cart-old' || n.id === 'host:h9')).toBe(false);
    const earlier = FIXTURE_WINDOW.fromMillis - 3_600_000;
    return readTopology(store, { fromMillis: earlier, toMillis: earlier + 120_000 }).then((old) => {
      expect(old.ok && old.value.edges.find((e) => e.to === 'pod:cart-old')).toMatchObject({ from: 'cart', calls: 2 });
      expect(old.ok && old.value.edges.find((e) => e.from === 'frontend' && e.to === 'cart')).toMatchObject({ calls: 1, errors: 0 });
    });
  });

  it('answers neighbourhood and path questions on the read graph', () => {
    expect(Object.fromEntries(graph.neighbours('frontend', 2, { kinds: ['calls'] }))).toEqual({ cart: 1, stripe: 1, 'redis-main': 2 });
    expect(graph.shortestPath('frontend', 'redis-main')).toEqual(['frontend', 'cart', 'redis-main']);
    expect(graph.callers('cart')).toEqual(['frontend']);
    expect(graph.callees('cart')).toEqual(['redis-main']);
  });
});
