import { describe, expect, it } from 'vitest';
import { buildCallGraph } from '../topology/graph.ts';
import { topologyProblems } from '../topology/validate.ts';
import { getSystem, SYSTEM_NAMES } from './index.ts';

describe('built-in topologies', () => {
  it('are the three modelled systems, each valid', () => {
    expect(SYSTEM_NAMES).toEqual(['online-boutique', 'sock-shop', 'train-ticket']);
    for (const name of SYSTEM_NAMES) expect(topologyProblems(getSystem(name)!)).toEqual([]);
  });

  it('have the uneven instrumentation real fleets have', () => {
    for (const name of SYSTEM_NAMES) {
      const t = getSystem(name)!;
      expect(t.services.filter((s) => s.telemetry.traces === 'none')).toHaveLength(1);
      expect(t.services.some((s) => s.telemetry.traces === 'legacy')).toBe(true);
      expect(t.services.some((s) => s.telemetry.metricsIntervalSeconds === 60)).toBe(true);
      expect(t.services.some((s) => s.telemetry.runtimeMetrics)).toBe(true);
      expect(t.services.some((s) => !s.telemetry.runtimeMetrics)).toBe(true);
    }
    expect(getSystem('sock-shop')!.services.some((s) => s.telemetry.summary)).toBe(true);
    expect(getSystem('train-ticket')!.services.some((s) => s.operations.some((o) => o.calls.some((c) => c.kind === 'service' && c.onError === 'swallow')))).toBe(true);
  });

  it('model the demo systems: a cache, databases, a queue, 40+ services', () => {
    const ob = getSystem('online-boutique')!;
    expect(ob.services.map((s) => s.name)).toContain('cartservice');
    expect(ob.backing.map((b) => `${b.name}:${b.system}`)).toEqual(['redis-cart:redis']);
    const ss = getSystem('sock-shop')!;
    expect(ss.services.length + ss.backing.length).toBeGreaterThanOrEqual(13);
    expect(ss.queues.map((q) => `${q.destination}->${q.consumer}`)).toEqual(['shipping-task->queue-master']);
    const tt = getSystem('train-ticket')!;
    expect(tt.services.length).toBeGreaterThanOrEqual(40);
    const g = buildCallGraph(tt);
    for (const s of tt.services) expect(g.nodeLoad(s.name), s.name).toBeGreaterThan(0);
    expect(new Set(tt.backing.map((b) => b.system))).toEqual(new Set(['mongodb', 'mysql', 'rabbitmq']));
  });

  it('finds callers, callees and reach through the call graph', () => {
    const g = buildCallGraph(getSystem('sock-shop')!);
    expect([...g.callers('carts')].sort()).toEqual(['front-end', 'orders']);
    expect(g.callees('shipping').has('queue-master')).toBe(true);
    expect(g.downstream('front-end').has('carts-db')).toBe(true);
    expect(g.upstream('carts-db').has('front-end')).toBe(true);
    expect(g.downstream('carts').has('front-end')).toBe(false);
  });
});
