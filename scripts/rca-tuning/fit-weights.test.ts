import { describe, expect, it } from 'vitest';
import type { Indicator } from '../../correlator/index.ts';
import { FUSION_DEFAULTS } from '../../rca/fusion.ts';
import { accuracy } from './accuracy.ts';
import { fitWeights, objective } from './fit-weights.ts';
import { type ScoredIncident, rankScored } from './replay.ts';

const entry = (entity: string, score: number, indicator: Indicator = 'latency') => ({ entity, indicator, score, explanation: entity, evidence: {} });

/** Three incidents where `good` always puts the truth first and `noisy` always puts a bystander first. */
function incidents(): ScoredIncident[] {
  return ['a', 'b', 'c'].map((truth, i) => ({
    fault: { caseId: `case-${i}`, service: truth, indicator: 'cpu', detected: true },
    answers: [
      { scorer: 'good', scores: [entry(truth, 0.7, 'cpu'), entry('bystander', 0.5)] },
      { scorer: 'noisy', scores: [entry(truth, 0.1), entry('bystander', 1)] },
    ],
  }));
}

describe('fitWeights', () => {
  it('finds weights that rank the truth first when one scorer is informative and one is not', () => {
    const fusion = { ...FUSION_DEFAULTS, weights: { good: 1, noisy: 1 } };
    expect(objective(incidents(), fusion)).toBeCloseTo(0.5 * (0 + 0.8));
    const fit = fitWeights(incidents(), fusion);
    expect(fit.objective).toBe(1);
    expect(fit.weights.good! / Math.max(fit.weights.noisy!, 1e-9)).toBeGreaterThan(1.5);
    const ranked = rankScored(incidents(), { ...fusion, weights: fit.weights, absentShare: fit.absentShare });
    expect(accuracy(ranked)).toMatchObject({ faults: 3, detected: 3, ac1: 1, indicatorAc1: 1 });
  });

  it('ignores undetected faults in the objective and counts them as misses in the accuracy', () => {
    const undetected: ScoredIncident = { fault: { caseId: 'lost', service: 'x', indicator: 'cpu', detected: false }, answers: [] };
    const fusion = { ...FUSION_DEFAULTS, weights: { good: 1, noisy: 0 } };
    expect(objective([...incidents(), undetected], fusion)).toBe(1);
    const ranked = rankScored([...incidents(), undetected], fusion);
    expect(accuracy(ranked)).toMatchObject({ faults: 4, detected: 3, ac1: 0.75 });
  });
});
