/**
 * Searches fusion weights on training incidents: coordinate ascent over a
 * grid of weights per scorer and of fusion's `absentShare`, from the given
 * start, until no single change improves the objective. The objective is the mean of service AC@1 and
 * Avg@5 over the training faults that an incident answers (undetected
 * faults score 0 whatever the weights, so they only add noise).
 *
 * Deterministic: scorers are visited in name order and ties keep the
 * current weight.
 */
import type { FusionOptions } from '../../rca/fusion.ts';
import { faultAccuracy } from './accuracy.ts';
import { type ScoredIncident, rankScored } from './replay.ts';

export const WEIGHT_GRID: readonly number[] = [0, 0.25, 0.5, 1, 1.5, 2, 3, 4];
export const ABSENT_SHARE_GRID: readonly number[] = [0, 0.25, 0.5, 0.75, 1];

export interface FitResult {
  readonly weights: Readonly<Record<string, number>>;
  readonly absentShare: number;
  readonly objective: number;
  readonly rounds: number;
}

export function objective(scored: readonly ScoredIncident[], fusion: FusionOptions): number {
  let total = 0;
  let n = 0;
  for (const s of scored) {
    if (!s.fault.detected || s.answers.length === 0) continue;
    // Ranked as the ranker ranks: again with other incidents' entities when the incident found no cause of its own.
    const acc = faultAccuracy(rankScored([s], fusion)[0]!).service;
    total += (acc[0]! + acc.reduce((a, b) => a + b, 0) / acc.length) / 2;
    n++;
  }
  return n === 0 ? 0 : total / n;
}

export function fitWeights(scored: readonly ScoredIncident[], fusion: FusionOptions, grid: readonly number[] = WEIGHT_GRID, maxRounds = 10): FitResult {
  const names = [...new Set(scored.flatMap((s) => s.answers.map((a) => a.scorer)))].sort();
  let current: FusionOptions = { ...fusion, weights: Object.fromEntries(names.map((n) => [n, fusion.weights[n] ?? fusion.defaultWeight])) };
  let best = objective(scored, current);
  const consider = (trial: FusionOptions): boolean => {
    if (Object.values(trial.weights).every((x) => x === 0)) return false;
    const value = objective(scored, trial);
    if (value <= best + 1e-9) return false;
    best = value;
    current = trial;
    return true;
  };
  let rounds = 0;
  for (let improved = true; improved && rounds < maxRounds; rounds++) {
    improved = false;
    for (const name of names) {
      for (const w of grid) if (w !== current.weights[name] && consider({ ...current, weights: { ...current.weights, [name]: w } })) improved = true;
    }
    for (const share of ABSENT_SHARE_GRID) if (share !== current.absentShare && consider({ ...current, absentShare: share })) improved = true;
  }
  return { weights: current.weights, absentShare: current.absentShare, objective: best, rounds };
}
