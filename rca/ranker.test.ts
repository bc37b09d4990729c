/**
 * The default ranker end to end: every scorer, the store-backed ones on the
 * real embedded engine. The store holds no traces, logs or deploys, so
 * these cases are "metrics only" to the store scorers and the ranking must
 * come from the frame alone without being dragged down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { causewayError } from '../core/errors.ts';
import { fail, ok } from '../core/result.ts';
import type { RankingContext } from '../correlator/index.ts';
import { KEEP_FOREVER, type Store } from '../storage/index.ts';
import { openMigratedStore, storeOptions, tempDir } from '../storage/testing/test-store.ts';
import { calleeLatencyCase, cpuHogCase, metricsOnlyCase } from './frame-fixtures.ts';
import { CAUSE_RANKER_DEFAULTS, createCauseRanker, createFrameScorers, resolveRankerOptions } from './ranker.ts';
import type { EntityScore, Scorer } from './scorer.ts';

const dir = tempDir('rca-ranker');
let store: Store;

beforeAll(async () => {
  store = await openMigratedStore(storeOptions({ dataDir: dir.path, retention: KEEP_FOREVER }));
});
afterAll(async () => {
  await store?.close();
  dir.remove();
});

async function rank(context: RankingContext) {
  const r = await createCauseRanker().rank({ ...context, store });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

describe('createCauseRanker (defaults, real store)', () => {
  it("ranks the callee first when its latency fault spread to its three callers", async () => {
    const causes = await rank(calleeLatencyCase());
    expect(causes[0]).toMatchObject({ entity: 'db', indicator: 'latency' });
    expect(causes[0]!.explanation).toMatch(/^latency of db rose from 4\.99 ms to 6\d(\.\d)? ms \(1\d(\.\d)?x\), 20 s before 4 services upstream of it slowed$/);
    expect(causes.map((c) => c.entity).slice(1).sort()).toEqual(['carts', 'front', 'orders', 'users']);
    expect(Object.keys(causes[0]!.evidence.scores!).sort()).toEqual(['change-magnitude', 'propagation', 'resource-saturation']);
  });

  it('blames the cpu of the service whose pod a cpu hog saturated', async () => {
    for (const onPod of [false, true]) {
      const causes = await rank(cpuHogCase(onPod));
      expect(causes[0]).toMatchObject({ entity: 'payment', indicator: 'cpu' });
      expect(causes[0]!.explanation).toMatch(/^cpu of payment (\(on pod:payment-1\) )?rose from 12% to 9\d(\.\d)?%, (10|20) s before its caller slowed$/);
      expect(causes.some((c) => c.entity.startsWith('pod:'))).toBe(false);
    }
  });

  it('ranks metrics-only input without a graph by onset order and change', async () => {
    const causes = await rank(metricsOnlyCase());
    // mailer's one-bucket cpu blip is a candidate, but follows the services that changed together.
    expect(causes.map((c) => c.entity)).toEqual(['inventory', 'shop', 'web', 'mailer']);
    expect(causes[0]!.indicator).toBe('mem');
    expect(causes[0]!.explanation).toMatch(/^mem of inventory rose from 19\d MiB to \d+ MiB \(\d(\.\d+)?x\)( and kept climbing)?, 35 s before 2 services whose signals move with it slowed$/);
    expect(causes[0]!.evidence.series![0]).toMatchObject({ entity: 'inventory', signal: 'container.memory.usage' });
    for (const c of causes) {
      expect(c.score).toBeGreaterThanOrEqual(0);
      expect(c.score).toBeLessThanOrEqual(1);
    }
  });

  it('gives an empty ranking when the incident has nothing to go on', async () => {
    const context = metricsOnlyCase();
    const causes = await rank({ ...context, frame: { ...context.frame, series: [] }, incident: { ...context.incident, anomalies: [], entities: [] } });
    expect(causes).toEqual([]);
  });
});

describe('createCauseRanker (degradation)', () => {
  const failing: Scorer = { name: 'broken', score: async () => fail(causewayError('CW_ERR_STORAGE_UNAVAILABLE', 'store down')) };

  it('leaves a failing scorer out instead of losing the ranking', async () => {
    const scorers = [...createFrameScorers(resolveRankerOptions()), failing];
    const r = await createCauseRanker({ scorers }).rank(calleeLatencyCase());
    expect(r.ok && r.value[0]!.entity).toBe('db');
    expect(r.ok && Object.keys(r.value[0]!.evidence.scores!)).not.toContain('broken');
  });

  it('fails with the first error only when every scorer failed', async () => {
    const r = await createCauseRanker({ scorers: [failing] }).rank(calleeLatencyCase());
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('CW_ERR_STORAGE_UNAVAILABLE');
  });

  /** A scorer answering `scores` every time, counting its calls. */
  const countingScorer = (name: string, scores: EntityScore[]): Scorer & { calls: number } => {
    const scorer = {
      name,
      calls: 0,
      score: async () => {
        scorer.calls++;
        return ok(scores);
      },
    };
    return scorer;
  };

  it('does not run a scorer weighted 0', async () => {
    const muted = countingScorer('muted', [{ entity: 'front', indicator: 'errors', score: 1, explanation: 'front failed', evidence: {} }]);
    const scorers = [...createFrameScorers(resolveRankerOptions()), muted];
    const r = await createCauseRanker({ scorers, fusion: { weights: { ...CAUSE_RANKER_DEFAULTS.fusion.weights, muted: 0 } } }).rank(calleeLatencyCase());
    expect(muted.calls).toBe(0);
    expect(r.ok && r.value[0]!.entity).toBe('db');
  });

  it('runs a scorer with no ranking weight but an indicator weight: it names the indicator and places nobody', async () => {
    const deploys = countingScorer('deploys', [
      { entity: 'db', indicator: 'code', score: 1, explanation: 'db 2.0 deployed just before the onset', evidence: {} },
      { entity: 'elsewhere', indicator: 'code', score: 1, explanation: 'elsewhere deployed', evidence: {} },
    ]);
    const scorers = [...createFrameScorers(resolveRankerOptions()), deploys];
    const weights = { ...CAUSE_RANKER_DEFAULTS.fusion.weights, deploys: 0 };
    const plain = await createCauseRanker({ scorers: createFrameScorers(resolveRankerOptions()) }).rank(calleeLatencyCase());
    const r = await createCauseRanker({ scorers, fusion: { weights, indicatorWeights: { ...CAUSE_RANKER_DEFAULTS.fusion.indicatorWeights, deploys: 10 } } }).rank(calleeLatencyCase());
    expect(deploys.calls).toBe(1);
    expect(r.ok && r.value[0]).toMatchObject({ entity: 'db', indicator: 'code', explanation: expect.stringContaining('db 2.0 deployed') });
    // The ranking itself is the frame scorers' alone.
    expect(r.ok && plain.ok && r.value.map((c) => [c.entity, c.score])).toEqual(plain.ok && plain.value.map((c) => [c.entity, c.score]));
  });

  it('takes weights from the options', async () => {
    const only: Scorer = { name: 'only', score: async () => ok([{ entity: 'front', indicator: 'errors', score: 0.9, explanation: 'front failed', evidence: {} }]) };
    const scorers = [...createFrameScorers(resolveRankerOptions()), only];
    const weights = { 'change-magnitude': 0, propagation: 0, 'resource-saturation': 0, only: 1 };
    const r = await createCauseRanker({ scorers, fusion: { weights, indicatorWeights: {} } }).rank(calleeLatencyCase());
    expect(r.ok && r.value.map((c) => [c.entity, c.explanation])).toEqual([['front', 'front failed']]);
  });

  it("ranks an incident with no cause of its own again with another open incident's entities", async () => {
    // db's own latency is another incident's story; this one holds only the callers' symptoms of it.
    const whole = calleeLatencyCase();
    const symptoms = { ...whole.incident, anomalies: whole.incident.anomalies.filter((a) => a.entity !== 'db'), entities: whole.incident.entities.filter((e) => e !== 'db'), founders: [] };
    const context: RankingContext = { ...whole, store, incident: symptoms, otherStories: new Set(['db']) };
    const rankWith = async (ownCauseFrom: number) => {
      const r = await createCauseRanker({ input: { ownCauseFrom } }).rank(context);
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    const leftOut = await rankWith(0);
    expect(leftOut.map((c) => c.entity)).not.toContain('db');
    expect((await rankWith(leftOut[0]!.score)).map((c) => c.entity)).not.toContain('db');
    expect((await rankWith(leftOut[0]!.score + 1e-9))[0]).toMatchObject({ entity: 'db', indicator: 'latency' });
  });

  it('keeps the first ranking when the second one fails', async () => {
    const whole = calleeLatencyCase();
    const context: RankingContext = { ...whole, store, incident: { ...whole.incident, entities: ['orders'] }, otherStories: new Set(['db']) };
    // Fails whenever db is a candidate, i.e. only in the second ranking.
    const picky: Scorer = {
      name: 'picky',
      score: async (input) => (input.candidates.includes('db') ? fail(causewayError('CW_ERR_STORAGE_UNAVAILABLE', 'no store')) : ok(input.candidates.map((entity): EntityScore => ({ entity, indicator: 'latency', score: 0.1, explanation: `${entity} moved`, evidence: {} })))),
    };
    const r = await createCauseRanker({ scorers: [picky], fusion: { weights: { picky: 1 } } }).rank(context);
    expect(r.ok && r.value.map((c) => c.entity).sort()).toEqual(['front', 'orders']);
  });
});

describe('CAUSE_RANKER_DEFAULTS', () => {
  it('is frozen and holds a weight for every default scorer', () => {
    expect(Object.isFrozen(CAUSE_RANKER_DEFAULTS)).toBe(true);
    expect(Object.isFrozen(CAUSE_RANKER_DEFAULTS.fusion.weights)).toBe(true);
    expect(Object.keys(CAUSE_RANKER_DEFAULTS.fusion.weights).sort()).toEqual(['call-path', 'change-evidence', 'change-magnitude', 'log-evidence', 'propagation', 'resource-saturation', 'trace-evidence']);
  });
});
