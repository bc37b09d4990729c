import { describe, expect, it } from 'vitest';
import { createServiceGraph } from './service-graph.ts';
import { withStaticDependencies } from './static-dependencies.ts';
import type { TopologyData } from './topology.ts';

const traced: TopologyData = {
  fromMillis: 0,
  toMillis: 60_000,
  nodes: [
    { id: 'front-end', kind: 'service', name: 'front-end' },
    { id: 'orders', kind: 'service', name: 'orders' },
  ],
  edges: [{ from: 'front-end', to: 'orders', kind: 'calls', calls: 12, errors: 1, p50Ms: 5, p95Ms: 9 }],
};

describe('static dependencies', () => {
  it('gives a metrics-only fleet a graph', () => {
    const empty: TopologyData = { fromMillis: 0, toMillis: 60_000, nodes: [], edges: [] };
    const graph = createServiceGraph(withStaticDependencies(empty, [{ from: 'front-end', to: 'carts' }, { from: 'carts', to: 'carts-db' }]));
    expect(graph.callees('front-end')).toEqual(['carts']);
    expect(graph.neighbours('front-end', 2).get('carts-db')).toBe(2);
    expect(graph.node('carts-db')?.kind).toBe('service');
  });

  it('adds to what traces show and keeps the traces\u2019 figures for a call both know', () => {
    const merged = withStaticDependencies(traced, [{ from: 'front-end', to: 'orders' }, { from: 'orders', to: 'shipping' }]);
    expect(merged.edges).toEqual([traced.edges[0], { from: 'orders', to: 'shipping', kind: 'calls', calls: 0, errors: 0, p50Ms: 0, p95Ms: 0 }]);
    expect(merged.nodes.map((n) => n.id)).toEqual(['front-end', 'orders', 'shipping']);
    expect(withStaticDependencies(traced, [])).toBe(traced);
  });
});
