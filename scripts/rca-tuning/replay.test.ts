/** rankScored fuses as the ranker does, including its second ranking for an incident with no cause of its own. */
import { describe, expect, it } from 'vitest';
import { FUSION_DEFAULTS } from '../../rca/fusion.ts';
import type { EntityScore } from '../../rca/scorer.ts';
import { type ScoredIncident, rankScored } from './replay.ts';

const score = (entity: string, value: number): EntityScore => ({ entity, indicator: 'latency', score: value, explanation: `${entity} slowed`, evidence: {} });
const fault = { caseId: 'case-1', service: 'db', indicator: 'latency', detected: true };
const incident = (own: number): ScoredIncident => ({
  fault,
  answers: [{ scorer: 'a', scores: [score('front', own)] }],
  answersWithOthers: [{ scorer: 'a', scores: [score('front', own), score('db', 0.9)] }],
});

describe('rankScored', () => {
  it('ranks with the other incidents\' entities only when the best own cause scores under ownCauseFrom', () => {
    const fusion = { ...FUSION_DEFAULTS, weights: { a: 1 } };
    expect(rankScored([incident(0.2)], fusion, 0.25)[0]!.ranking.map((c) => c.entity)).toEqual(['db', 'front']);
    expect(rankScored([incident(0.3)], fusion, 0.25)[0]!.ranking.map((c) => c.entity)).toEqual(['front']);
    expect(rankScored([incident(0.2)], fusion, 0)[0]!.ranking.map((c) => c.entity)).toEqual(['front']);
    expect(rankScored([{ fault, answers: [{ scorer: 'a', scores: [score('front', 0.1)] }] }], fusion, 0.25)[0]!.ranking.map((c) => c.entity)).toEqual(['front']);
    // Every scorer failed in the second ranking: the first stands, as in the ranker.
    expect(rankScored([{ fault, answers: [{ scorer: 'a', scores: [score('front', 0.1)] }], answersWithOthers: [] }], fusion, 0.25)[0]!.ranking.map((c) => c.entity)).toEqual(['front']);
  });
});
