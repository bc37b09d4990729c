import { describe, expect, it } from 'vitest';
import { createServiceGraph } from '../correlator/index.ts';
import { ONSET_BUCKET, T0, bucketMillis, makeAnomaly, makeContext, makeFrame, makeSeries, metricsOnlyCase, step } from './frame-fixtures.ts';
import { INPUT_DEFAULTS, prepareInput } from './scorer-input.ts';

/**
 * front -> api -> cart -> db -> disk-svc -> deep (chain), api -> pay, front -> cdn (external),
 * cart runs on pod:cart-1 on host:h1; the incident is on api only.
 */
function chainContext() {
  const edge = (from: string, to: string, kind: 'calls' | 'runs-on' = 'calls') => ({ from, to, kind, calls: 10, errors: 0, p50Ms: 1, p95Ms: 2 });
  const graph = createServiceGraph({
    fromMillis: T0,
    toMillis: bucketMillis(120),
    nodes: [
      ...['front', 'api', 'cart', 'db', 'disk-svc', 'deep', 'pay'].map((id) => ({ id, kind: 'service' as const, name: id })),
      { id: 'cdn', kind: 'external' as const, name: 'cdn' },
      { id: 'pod:api-1', kind: 'pod' as const, name: 'api-1' },
      { id: 'host:h1', kind: 'host' as const, name: 'h1' },
    ],
    edges: [
      edge('front', 'api'),
      edge('api', 'cart'),
      edge('cart', 'db'),
      edge('db', 'disk-svc'),
      edge('disk-svc', 'deep'),
      edge('api', 'pay'),
      edge('front', 'cdn'),
      edge('api', 'pod:api-1', 'runs-on'),
      edge('pod:api-1', 'host:h1', 'runs-on'),
    ],
  });
  const series = [
    makeSeries({ entity: 'api', indicator: 'latency', name: 'latency_p95_ms', source: 'traces', level: step(10, 80) }),
    // Not on the graph (no traces), changing with the incident: a candidate by correlation.
    makeSeries({ entity: 'batch', indicator: 'cpu', name: 'container.cpu.utilization', level: step(0.1, 0.7) }),
    // Not on the graph and quiet: not a candidate.
    makeSeries({ entity: 'idle', indicator: 'cpu', name: 'container.cpu.utilization', level: () => 0.1 }),
  ];
  return makeContext(makeFrame(series), graph, [makeAnomaly('api', 'latency', 'latency_p95_ms', ONSET_BUCKET)]);
}

describe('selectCandidates (through prepareInput)', () => {
  it('takes the incident, its callees three hops deep, its direct callers, its hosts and correlated unplaced entities', () => {
    const { candidates } = prepareInput(chainContext());
    const byEntity = new Map(candidates.map((c) => [c.entity, c]));
    expect([...byEntity.keys()].sort()).toEqual(['api', 'batch', 'cart', 'db', 'disk-svc', 'front', 'host:h1', 'pay']);
    expect(byEntity.get('api')).toMatchObject({ reason: 'incident', hops: 0, kind: 'service' });
    expect(byEntity.get('disk-svc')).toMatchObject({ reason: 'callee', hops: 3 });
    expect(byEntity.get('front')).toMatchObject({ reason: 'caller', hops: 1 });
    expect(byEntity.get('host:h1')).toMatchObject({ reason: 'infrastructure', kind: 'host' });
    expect(byEntity.get('batch')).toMatchObject({ reason: 'correlated', kind: 'unknown' });
    // The pod is api's instance, the external peer is two hops up through a caller: neither is judged on its own.
    expect(byEntity.has('pod:api-1')).toBe(false);
    expect(byEntity.has('deep')).toBe(false);
  });

  it("leaves another open incident's story entities to it, unless they are this incident's own", () => {
    const context = { ...chainContext(), otherStories: new Set(['db', 'batch', 'api']) };
    const entities = prepareInput(context).candidates.map((c) => c.entity).sort();
    // db (a callee) and batch (correlated) belong to the other story; api is this incident's own entity and stays.
    expect(entities).toEqual(['api', 'cart', 'disk-svc', 'front', 'host:h1', 'pay']);
  });

  it('looks only one hop below an entity the incident took as a symptom: deeper lies another fault\'s story', () => {
    const context = chainContext();
    // The incident's story is on pay; front joined only as a symptom (it calls api, which another fault may be behind).
    const pay = makeAnomaly('pay', 'errors', 'error_rate', ONSET_BUCKET);
    const front = makeAnomaly('front', 'latency', 'latency_p95_ms', ONSET_BUCKET);
    const incident = { ...context.incident, anomalies: [pay, front], entities: ['front', 'pay'], founders: ['pay'] };
    const entities = prepareInput({ ...context, incident }).candidates.map((c) => c.entity);
    expect(entities).toEqual(expect.arrayContaining(['pay', 'front', 'api', 'cdn']));
    expect(entities).not.toContain('cart');
    // The same anomalies as one story: everything below front is a candidate.
    const whole = prepareInput({ ...context, incident: { ...incident, founders: ['front', 'pay'] } }).candidates.map((c) => c.entity);
    expect(whole).toEqual(expect.arrayContaining(['cart', 'db']));
  });

  it('puts the incident first, then nearer candidates, and hands the ids to the scorers', () => {
    const { input, candidates } = prepareInput(chainContext());
    expect(candidates[0]!.entity).toBe('api');
    expect(candidates.map((c) => c.hops)).toEqual([...candidates.map((c) => c.hops)].sort((a, b) => a - b));
    expect(input.candidates).toEqual(candidates.map((c) => c.entity));
  });

  it('sets the onset to the earliest anomaly and the baseline before it, within the frame', () => {
    const context = chainContext();
    const { input } = prepareInput(context);
    expect(input.onsetMillis).toBe(bucketMillis(ONSET_BUCKET));
    expect(input.baselineFromMillis).toBe(Math.max(context.frame.fromMillis, input.onsetMillis - INPUT_DEFAULTS.baselineSeconds * 1000));
  });

  it('without a graph takes the incident and every entity anomalous around it', () => {
    const { candidates } = prepareInput(metricsOnlyCase());
    // mailer's cpu blip is not in the incident, but it is a change around the onset.
    expect(candidates.map((c) => [c.entity, c.reason]).sort()).toEqual([
      ['inventory', 'incident'],
      ['mailer', 'correlated'],
      ['shop', 'incident'],
      ['web', 'incident'],
    ]);
  });

  it('respects maxCandidates', () => {
    const { candidates } = prepareInput(chainContext(), { ...INPUT_DEFAULTS, candidates: { ...INPUT_DEFAULTS.candidates, maxCandidates: 2 } });
    expect(candidates.map((c) => c.entity)).toEqual(['api', 'batch']);
  });
});
