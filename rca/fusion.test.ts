import { describe, expect, it } from 'vitest';
import type { CauseEvidence, Indicator } from '../correlator/index.ts';
import { FUSION_DEFAULTS, type FusionOptions, type ScorerAnswer, fuse, scorerRole } from './fusion.ts';
import { leadSentence } from './explain.ts';

const entry = (entity: string, score: number, indicator: Indicator = 'latency', explanation = `${entity} moved`, evidence: CauseEvidence = {}) => ({ entity, indicator, score, explanation, evidence });
const options = (weights: Record<string, number>, more: Partial<FusionOptions> = {}): FusionOptions => ({ ...FUSION_DEFAULTS, weights, ...more });

describe('fuse', () => {
  it('orders candidates by the weighted mean of their scores', () => {
    const answers: ScorerAnswer[] = [
      { scorer: 'a', scores: [entry('x', 1), entry('y', 0.2)] },
      { scorer: 'b', scores: [entry('x', 0), entry('y', 0.9)] },
    ];
    expect(fuse(answers, options({ a: 1, b: 1 })).map((c) => [c.entity, c.score])).toEqual([
      ['y', 0.55],
      ['x', 0.5],
    ]);
    expect(fuse(answers, options({ a: 3, b: 1 })).map((c) => [c.entity, c.score])).toEqual([
      ['x', 0.75],
      ['y', 0.375],
    ]);
  });

  it('explains a cause by the indicator it is blamed for, not by the single strongest vote', () => {
    const answers: ScorerAnswer[] = [
      { scorer: 'a', scores: [entry('orders', 0.5, 'mem', 'mem of orders rose')] },
      { scorer: 'b', scores: [entry('orders', 0.3, 'latency', 'latency of orders rose')] },
      { scorer: 'c', scores: [entry('orders', 0.3, 'latency', 'self time of orders grew')] },
    ];
    const [cause] = fuse(answers, options({ a: 1, b: 1, c: 1 }));
    expect(cause).toMatchObject({ indicator: 'latency', explanation: 'latency of orders rose' });
  });

  it('chooses the indicator by the indicator weights, and ranks by the ranking weights alone', () => {
    const answers: ScorerAnswer[] = [
      { scorer: 'magnitude', scores: [entry('db', 1, 'cpu', 'cpu of db rose'), entry('web', 0.5, 'latency')] },
      { scorer: 'traces', scores: [entry('db', 0.6, 'latency', 'self time of db rose')] },
      // Weighted for the indicator only: it answers for web too, which must not change web's score.
      { scorer: 'deploys', scores: [entry('db', 0.2, 'code', 'db 1.2.0 deployed'), entry('web', 1, 'code')] },
      // ...and for a candidate nothing else placed, which is not ranked.
      { scorer: 'deploys-only', scores: [entry('cache', 1, 'code')] },
    ];
    const weights = { magnitude: 1, traces: 1, deploys: 0, 'deploys-only': 0 };
    const byRanking = fuse(answers, options(weights));
    expect(byRanking.map((c) => [c.entity, c.indicator])).toEqual([
      ['db', 'cpu'],
      ['web', 'latency'],
    ]);
    const byEvidence = fuse(answers, options(weights, { indicatorWeights: { traces: 1, deploys: 2, 'deploys-only': 1 } }));
    expect(byEvidence.map((c) => [c.entity, c.score, c.indicator, c.explanation])).toEqual([
      ['db', byRanking[0]!.score, 'latency', 'self time of db rose'],
      ['web', byRanking[1]!.score, 'code', 'web moved'],
    ]);
    // A candidate without any indicator-weighted vote is judged by the ranking weights.
    expect(fuse(answers, options(weights, { indicatorWeights: { nobody: 1 } }))[0]).toMatchObject({ entity: 'db', indicator: 'cpu' });
  });

  it('lets a decisive resource vote take over the votes for latency and errors of the same candidate, and only above its score', () => {
    const answers: ScorerAnswer[] = [
      { scorer: 'saturation', scores: [entry('catalog', 0.9, 'cpu', 'cpu of catalog rose from 4% to 99%'), entry('db', 0.5, 'cpu', 'cpu of db rose')] },
      { scorer: 'traces', scores: [entry('catalog', 0.95, 'latency', 'self time of catalog rose'), entry('db', 0.95, 'latency', 'self time of db rose')] },
      { scorer: 'logs', scores: [entry('catalog', 0.6, 'errors', 'catalog logs a new exception')] },
    ];
    const weights = { saturation: 1, traces: 1, logs: 1 };
    const indicatorWeights = { saturation: 1, traces: 1, logs: 1 };
    const plain = fuse(answers, options(weights, { indicatorWeights }));
    expect(plain.map((c) => [c.entity, c.indicator])).toEqual([
      ['catalog', 'latency'],
      ['db', 'latency'],
    ]);
    const decided = fuse(answers, options(weights, { indicatorWeights, decisiveScores: { saturation: 0.8 } }));
    expect(decided.map((c) => [c.entity, c.score, c.indicator, c.explanation])).toEqual([
      ['catalog', plain[0]!.score, 'cpu', 'cpu of catalog rose from 4% to 99%'],
      ['db', plain[1]!.score, 'latency', 'self time of db rose'],
    ]);
  });

  it('does not drag a candidate down for a scorer that has nothing on it, but counts a 0', () => {
    const answers: ScorerAnswer[] = [
      { scorer: 'metrics', scores: [entry('untraced', 0.8), entry('traced', 0.8), entry('quiet', 0.8)] },
      { scorer: 'traces', scores: [entry('traced', 0.8), entry('quiet', 0)] },
    ];
    const ranked = fuse(answers, options({ metrics: 1, traces: 1 }));
    expect(ranked.find((c) => c.entity === 'untraced')!.score).toBeCloseTo(0.8);
    expect(ranked.find((c) => c.entity === 'traced')!.score).toBeCloseTo(0.8);
    expect(ranked.find((c) => c.entity === 'quiet')!.score).toBeCloseTo(0.4);
    expect(ranked.at(-1)!.entity).toBe('quiet');
  });

  it('counts a scorer that answered for others as a partial 0 for a candidate it left out (absentShare)', () => {
    const answers: ScorerAnswer[] = [
      { scorer: 'metrics', scores: [entry('traced', 0.6), entry('untraced', 0.8)] },
      { scorer: 'traces', scores: [entry('traced', 0.9)] },
      { scorer: 'logs', scores: [] },
    ];
    const score = (absentShare: number) => fuse(answers, options({ metrics: 1, traces: 1, logs: 1 }, { absentShare })).find((c) => c.entity === 'untraced')!.score;
    expect(score(0)).toBeCloseTo(0.8);
    expect(score(0.5)).toBeCloseTo(0.8 / 1.5);
    // A scorer with no answer at all (no logs in the store) never counts.
    expect(score(1)).toBeCloseTo(0.4);
  });

  it('leaves out scorers weighted 0 and uses the default weight for unlisted ones', () => {
    const answers: ScorerAnswer[] = [
      { scorer: 'muted', scores: [entry('x', 1)] },
      { scorer: 'other', scores: [entry('x', 0.2), entry('y', 0.4)] },
    ];
    const ranked = fuse(answers, options({ muted: 0 }, { defaultWeight: 2 }));
    expect(ranked.map((c) => c.entity)).toEqual(['y', 'x']);
    expect(ranked[1]!.evidence.scores).toEqual({ other: 0.2 });
  });

  it('breaks ties by the strongest single score, then by name', () => {
    const answers: ScorerAnswer[] = [
      { scorer: 'a', scores: [entry('b-even', 0.5), entry('a-even', 0.5), entry('peaky', 1)] },
      { scorer: 'b', scores: [entry('b-even', 0.5), entry('a-even', 0.5), entry('peaky', 0)] },
    ];
    expect(fuse(answers, options({ a: 1, b: 1 })).map((c) => c.entity)).toEqual(['peaky', 'a-even', 'b-even']);
  });

  it('blames the indicator with the most weighted score behind it', () => {
    const answers: ScorerAnswer[] = [
      { scorer: 'change', scores: [entry('pay', 0.6, 'latency')] },
      { scorer: 'saturation', scores: [entry('pay', 0.5, 'cpu')] },
      { scorer: 'trace', scores: [entry('pay', 0.3, 'cpu')] },
    ];
    expect(fuse(answers, options({ change: 1, saturation: 1, trace: 1 }))[0]!.indicator).toBe('cpu');
  });

  it("explains with the strongest scorer's sentence and the propagation clause", () => {
    const answers: ScorerAnswer[] = [
      { scorer: 'resource-saturation', scores: [entry('payment', 0.9, 'cpu', 'cpu of payment rose from 12% to 95%')] },
      { scorer: 'change-magnitude', scores: [entry('payment', 0.7, 'cpu', 'cpu of payment rose from 12% to 97%')] },
      { scorer: 'propagation', scores: [entry('payment', 1, 'cpu', leadSentence('payment', '40 s before its 3 callers slowed'))] },
    ];
    const [top] = fuse(answers, options({ 'resource-saturation': 1, 'change-magnitude': 1, propagation: 1 }));
    expect(top!.explanation).toBe('cpu of payment rose from 12% to 95%, 40 s before its 3 callers slowed');
  });

  it('does not append the propagation clause to a deploy, whose sentence gives its own time', () => {
    const deployed = 'payment was deployed: service.version 0.4.3 -> 0.4.4 at 18:32:37Z, 103 s before the onset; none of its own signals went anomalous after it';
    const answers: ScorerAnswer[] = [
      { scorer: 'change-evidence', scores: [entry('payment', 0.4, 'code', deployed)] },
      { scorer: 'change-magnitude', scores: [entry('payment', 0.5, 'net', 'net of payment fell from 3 kB/s to 1 kB/s')] },
      { scorer: 'propagation', scores: [entry('payment', 0.4, 'net', leadSentence('payment', 'at the same time as 1 service upstream of it slowed'))] },
    ];
    const [top] = fuse(answers, { ...options({ 'change-magnitude': 1, propagation: 1, 'change-evidence': 0 }), indicatorWeights: { 'change-evidence': 2, 'change-magnitude': 0.25 } });
    expect([top!.indicator, top!.explanation]).toEqual(['code', deployed]);
  });

  it('does not append a propagation sentence that speaks against the cause', () => {
    const answers: ScorerAnswer[] = [
      { scorer: 'change-magnitude', scores: [entry('orders', 0.9, 'latency', 'latency of orders rose from 30 ms to 90 ms (3x)')] },
      { scorer: 'propagation', scores: [entry('orders', 0.1, 'latency', 'db, which orders calls, changed no later than orders')] },
    ];
    expect(fuse(answers, options({ 'change-magnitude': 1, propagation: 1 }))[0]!.explanation).toBe('latency of orders rose from 30 ms to 90 ms (3x)');
  });

  it('merges evidence without duplicates and records every scorer score', () => {
    const series = { entity: 'db', signal: 'latency_p95_ms', fromMillis: 0, stepSeconds: 10, values: [1, 2] };
    const answers: ScorerAnswer[] = [
      { scorer: 'a', scores: [entry('db', 0.9, 'latency', 'db slowed', { series: [series], traceIds: ['t1'] })] },
      { scorer: 'b', scores: [entry('db', 0.4, 'latency', 'db logged', { series: [series], traceIds: ['t1', 't2'], logSamples: ['timeout'], changes: ['v1 -> v2'] })] },
    ];
    const [top] = fuse(answers, options({ a: 1, b: 1 }));
    expect(top!.evidence).toEqual({ series: [series], traceIds: ['t1', 't2'], logSamples: ['timeout'], changes: ['v1 -> v2'], scores: { a: 0.9, b: 0.4 } });
  });

  it('returns at most maxCauses and nothing without answers', () => {
    const many: ScorerAnswer[] = [{ scorer: 'a', scores: Array.from({ length: 20 }, (_, i) => entry(`s${String(i).padStart(2, '0')}`, i / 20)) }];
    const ranked = fuse(many, options({ a: 1 }, { maxCauses: 3 }));
    expect(ranked.map((c) => c.entity)).toEqual(['s19', 's18', 's17']);
    expect(fuse([], options({}))).toEqual([]);
  });
});

describe('scorerRole', () => {
  it('tells a ranking scorer, one that only names the indicator, and one that does nothing', () => {
    const o: FusionOptions = { ...FUSION_DEFAULTS, weights: { muted: 0, named: 0, ranked: 2 }, indicatorWeights: { named: 1, ranked: 1, muted: 0 }, defaultWeight: 1 };
    expect(['ranked', 'named', 'muted', 'unlisted'].map((name) => scorerRole(o, name))).toEqual(['ranks', 'names-indicator', 'unused', 'ranks']);
    expect(scorerRole({ ...o, defaultWeight: 0 }, 'unlisted')).toBe('unused');
  });
});
