/**
 * Graph queries on a hand-built topology (no store needed):
 *
 *   web -> api -> db          web, api run on host:a; worker on host:b via pod:w
 *          api -> queue <- worker
 */
import { describe, expect, it } from 'vitest';
import { createServiceGraph } from './service-graph.ts';
import type { TopologyData, TopologyEdge } from './topology.ts';

const call = (from: string, to: string, kind: TopologyEdge['kind'] = 'calls'): TopologyEdge => ({ from, to, kind, calls: 10, errors: 0, p50Ms: 1, p95Ms: 2 });

const DATA: TopologyData = {
  fromMillis: 0,
  toMillis: 60_000,
  nodes: [
    { id: 'web', kind: 'service', name: 'web' },
    { id: 'api', kind: 'service', name: 'api' },
    { id: 'worker', kind: 'service', name: 'worker' },
    { id: 'db', kind: 'database', name: 'db' },
    { id: 'queue', kind: 'external', name: 'queue' },
    { id: 'host:a', kind: 'host', name: 'a' },
    { id: 'host:b', kind: 'host', name: 'b' },
    { id: 'pod:w', kind: 'pod', name: 'w' },
  ],
  edges: [
    call('web', 'api'),
    call('api', 'db'),
    call('api', 'queue'),
    call('worker', 'queue'),
    call('web', 'host:a', 'runs-on'),
    call('api', 'host:a', 'runs-on'),
    call('worker', 'pod:w', 'runs-on'),
    call('pod:w', 'host:b', 'runs-on'),
  ],
};

const graph = createServiceGraph(DATA);

describe('ServiceGraph', () => {
  it('finds neighbours within N hops in either direction, by distance', () => {
    expect(Object.fromEntries(graph.neighbours('db', 1))).toEqual({ api: 1 });
    expect(Object.fromEntries(graph.neighbours('db', 2))).toEqual({ api: 1, web: 2, queue: 2, 'host:a': 2 });
    expect(Object.fromEntries(graph.neighbours('db', 3, { kinds: ['calls'] }))).toEqual({ api: 1, web: 2, queue: 2, worker: 3 });
    expect(graph.neighbours('db', 0).size).toBe(0);
    expect(graph.neighbours('nowhere', 3).size).toBe(0);
  });

  it('follows calls edges down to callees or up to callers within N hops, by distance', () => {
    expect(Object.fromEntries(graph.callsWithin('web', 2, 'down'))).toEqual({ api: 1, db: 2, queue: 2 });
    expect(Object.fromEntries(graph.callsWithin('web', 1, 'down'))).toEqual({ api: 1 });
    // Up from queue: its callers and theirs, never across runs-on or down again to db.
    expect(Object.fromEntries(graph.callsWithin('queue', 3, 'up'))).toEqual({ api: 1, worker: 1, web: 2 });
    expect(graph.callsWithin('db', 0, 'up').size).toBe(0);
    expect(graph.callsWithin('nowhere', 2, 'down').size).toBe(0);
  });

  it('lists callers and callees from calls edges only', () => {
    expect(graph.callers('queue')).toEqual(['api', 'worker']);
    expect(graph.callees('api')).toEqual(['db', 'queue']);
    expect(graph.callees('web')).toEqual(['api']);
  });

  it('finds infrastructure through pods and what two services share', () => {
    expect(graph.infrastructureOf('worker')).toEqual(['host:b', 'pod:w']);
    expect(graph.sharedInfrastructure('web', 'api')).toEqual(['host:a']);
    expect(graph.sharedInfrastructure('web', 'worker')).toEqual([]);
  });

  it('finds shortest paths along edge direction, or ignoring it when asked', () => {
    expect(graph.shortestPath('web', 'db')).toEqual(['web', 'api', 'db']);
    expect(graph.shortestPath('db', 'web')).toBeUndefined();
    expect(graph.shortestPath('db', 'web', { undirected: true })).toEqual(['db', 'api', 'web']);
    expect(graph.shortestPath('web', 'worker', { undirected: true, kinds: ['calls'] })).toEqual(['web', 'api', 'queue', 'worker']);
    expect(graph.shortestPath('web', 'web')).toEqual(['web']);
  });

  it('keeps parallel edges of different kinds between the same nodes', () => {
    const both = createServiceGraph({ ...DATA, edges: [call('web', 'api'), { ...call('web', 'api', 'runs-on'), calls: 3 }] });
    expect(both.edges().map((e) => `${e.kind}:${e.calls}`)).toEqual(['calls:10', 'runs-on:3']);
    expect(both.edge('web', 'api', 'runs-on')?.calls).toBe(3);
    expect(both.callees('web')).toEqual(['api']);
  });

  it('round-trips through plain data', () => {
    expect(createServiceGraph(graph.toData()).toData()).toEqual(graph.toData());
    expect(graph.toData().nodes.map((n) => n.id)).toEqual(['api', 'db', 'host:a', 'host:b', 'pod:w', 'queue', 'web', 'worker']);
  });
});
