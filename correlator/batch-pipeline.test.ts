/**
 * The ranking step of the batch pipeline on hand-built anomalies and graphs.
 * The whole pipeline over stored telemetry is exercised through the
 * `causeway` evaluation method in datasets/eval/run-eval.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Anomaly } from './detect/anomaly.ts';
import { rankCauses } from './batch-pipeline.ts';
import { T0, MINUTE, graphOf } from './incidents/incident-test-helpers.ts';
import type { Indicator } from './signals/signal-frame.ts';

function anomaly(entity: string, atMinutes: number, score: number, indicator: Indicator = 'latency'): Anomaly {
  return { entity, indicator, signal: `${indicator}_signal`, detector: 'robust-baseline', onsetMillis: T0 + atMinutes * MINUTE, score, severity: 'warning', direction: 'up', evidence: {} };
}

const entities = (r: ReturnType<typeof rankCauses>) => r.map((c) => c.entity);

describe('rankCauses', () => {
  it('gives nothing for no anomalies', () => {
    expect(rankCauses([], undefined)).toEqual([]);
  });

  it('ranks the earliest onset first when scores are equal and there is no graph', () => {
    const r = rankCauses([anomaly('front-end', 2, 3), anomaly('carts', 0, 3), anomaly('orders', 4, 3)], undefined);
    expect(entities(r)).toEqual(['carts', 'front-end', 'orders']);
  });

  it('ranks the stronger anomaly first at equal onsets, with the indicator of its strongest anomaly', () => {
    const r = rankCauses([anomaly('front-end', 0, 2, 'latency'), anomaly('carts', 0, 1, 'latency'), anomaly('carts', 0, 6, 'cpu')], undefined);
    expect(r[0]).toMatchObject({ entity: 'carts', indicator: 'cpu' });
    expect(r[1]).toMatchObject({ entity: 'front-end', indicator: 'latency' });
  });

  it('prefers the deepest anomalous callee when onsets and scores tie', () => {
    const graph = graphOf([
      ['front-end', 'orders'],
      ['orders', 'carts'],
    ]);
    const r = rankCauses([anomaly('front-end', 0, 3), anomaly('orders', 0, 3), anomaly('carts', 0, 3)], graph);
    expect(entities(r)).toEqual(['carts', 'orders', 'front-end']);
  });

  it('keeps every score in [0, 1], the best at most 1', () => {
    const graph = graphOf([['a', 'b']]);
    const r = rankCauses([anomaly('a', 0, 0), anomaly('b', 30, 0), anomaly('c', 1, 100)], graph);
    for (const c of r) {
      expect(c.score).toBeGreaterThanOrEqual(0);
      expect(c.score).toBeLessThanOrEqual(1);
    }
    expect(rankCauses([anomaly('solo', 0, 4)], undefined)[0]!.score).toBeLessThanOrEqual(1);
  });

  it('rejects weights that cannot be normalised', () => {
    expect(() => rankCauses([anomaly('a', 0, 1)], undefined, { weights: { onset: 0, score: 0, depth: 0 } })).toThrow(RangeError);
  });
});
