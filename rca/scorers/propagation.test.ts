import { describe, expect, it } from 'vitest';
import type { RankingContext } from '../../correlator/index.ts';
import { ONSET_BUCKET, calleeLatencyCase, makeAnomaly, makeContext, makeFrame, makeGraph, makeSeries, metricsOnlyCase, step } from '../frame-fixtures.ts';
import { prepareInput } from '../scorer-input.ts';
import type { EntityScore } from '../scorer.ts';
import { createPropagationScorer } from './propagation.ts';

async function ranked(context: RankingContext, candidates?: string[]): Promise<EntityScore[]> {
  const input = prepareInput(context).input;
  const r = await createPropagationScorer().score(candidates ? { ...input, candidates } : input);
  if (!r.ok) throw new Error(r.error.message);
  return [...r.value].sort((a, b) => b.score - a.score || a.entity.localeCompare(b.entity));
}

describe('propagation scorer, with a call graph', () => {
  it("ranks a callee first when its latency fault spreads to its three callers after it", async () => {
    const scores = await ranked(calleeLatencyCase());
    expect(scores[0]).toMatchObject({ entity: 'db', indicator: 'latency', score: 1 });
    for (const caller of ['orders', 'carts', 'users']) expect(scores.find((s) => s.entity === caller)!.score).toBeLessThan(0.5);
    expect(scores[0]!.explanation).toBe('db changed 20 s before 4 services upstream of it slowed');
  });

  it('names the deeper service that changed first when a caller is not the origin', async () => {
    const scores = await ranked(calleeLatencyCase());
    expect(scores.find((s) => s.entity === 'orders')!.explanation).toBe('db, which orders calls, changed no later than orders');
  });

  it('does not let a callee that only lost traffic block the failing service that calls it', async () => {
    // cart crashes: its callers fail; redis, which it calls, just sees less traffic at the same time.
    const series = [
      makeSeries({ entity: 'front', indicator: 'errors', name: 'error_rate', source: 'traces', level: step(0.01, 0.4, ONSET_BUCKET + 1) }),
      makeSeries({ entity: 'cart', indicator: 'errors', name: 'error_rate', source: 'traces', level: step(0.01, 0.9) }),
      makeSeries({ entity: 'redis', indicator: 'traffic', name: 'request_rate', source: 'traces', level: step(50, 5) }),
    ];
    const anomalies = [makeAnomaly('cart', 'errors', 'error_rate', ONSET_BUCKET), makeAnomaly('redis', 'traffic', 'request_rate', ONSET_BUCKET, 'down'), makeAnomaly('front', 'errors', 'error_rate', ONSET_BUCKET + 1)];
    const scores = await ranked(makeContext(makeFrame(series), makeGraph([['front', 'cart'], ['cart', 'redis']]), anomalies));
    expect(scores[0]!.entity).toBe('cart');
    expect(scores[0]!.explanation).toBe('cart changed 10 s before its caller started failing');
  });

  it('does not credit an anomaly with callers it cannot have reached through anomalous services', async () => {
    // batch -> store, but store's change never reached batch; web (unrelated) slowed later.
    const series = [
      makeSeries({ entity: 'store', indicator: 'disk', name: 'k8s.pod.filesystem.usage', level: step(1e9, 1.4e9) }),
      makeSeries({ entity: 'batch', indicator: 'latency', name: 'latency_p95_ms', source: 'traces', level: () => 40 }),
      makeSeries({ entity: 'web', indicator: 'latency', name: 'latency_p95_ms', source: 'traces', level: step(40, 120, ONSET_BUCKET + 2) }),
      makeSeries({ entity: 'api', indicator: 'latency', name: 'latency_p95_ms', source: 'traces', level: step(20, 90, ONSET_BUCKET + 1) }),
    ];
    const graph = makeGraph([['web', 'batch'], ['batch', 'store'], ['web', 'api']]);
    const anomalies = [makeAnomaly('store', 'disk', 'k8s.pod.filesystem.usage', ONSET_BUCKET), makeAnomaly('api', 'latency', 'latency_p95_ms', ONSET_BUCKET + 1), makeAnomaly('web', 'latency', 'latency_p95_ms', ONSET_BUCKET + 2)];
    const scores = await ranked(makeContext(makeFrame(series), graph, anomalies));
    expect(scores[0]!.entity).toBe('api');
    expect(scores.find((s) => s.entity === 'store')!.score).toBeLessThan(scores[0]!.score);
  });

  it('gives 0 to candidates whose signals did not change and nothing to those it knows nothing about', async () => {
    const context = calleeLatencyCase();
    const quiet = makeSeries({ entity: 'idle', indicator: 'latency', name: 'latency_p95_ms', source: 'traces', level: () => 10 });
    const withIdle = { ...context, frame: { ...context.frame, series: [...context.frame.series, quiet] } };
    const scores = await ranked(withIdle, ['db', 'orders', 'carts', 'users', 'front', 'idle', 'ghost']);
    expect(scores.find((s) => s.entity === 'idle')?.score).toBe(0);
    expect(scores.find((s) => s.entity === 'ghost')).toBeUndefined();
  });
});

describe('propagation scorer, metrics only (no graph)', () => {
  it('falls back to onset order among services whose signals move together', async () => {
    const scores = await ranked(calleeLatencyCase(false));
    expect(scores[0]!.entity).toBe('db');
    expect(scores[0]!.explanation).toBe('db changed 20 s before 4 services whose signals move with it slowed');
  });

  it('puts the entity that changed first ahead of those that followed it', async () => {
    const scores = await ranked(metricsOnlyCase());
    expect(scores.map((s) => s.entity).slice(0, 3)).toEqual(['inventory', 'shop', 'web']);
    expect(scores[0]!.indicator).toBe('mem');
  });
});
