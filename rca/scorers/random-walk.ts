/**
 * A personalized PageRank over the incident's call subgraph, in the manner
 * of MicroRCA and MonitorRank: a walker starts at anomalous entities (in
 * proportion to how anomalous they are), moves from a caller to a callee in
 * proportion to how well the caller's symptom correlates with the callee's
 * signals, steps back to a caller at a fraction of that weight (so it does
 * not get stuck in a dead end), and stays on an entity whose own anomaly is
 * stronger than anything its callees explain. Where the walker spends its
 * time is where the symptoms lead.
 *
 * The transition matrix is row-stochastic; rows with no weight teleport to
 * the personalization. Power iteration with `ml-matrix`.
 */
import { Matrix } from 'ml-matrix';
import type { ServiceGraph } from '../../correlator/index.ts';
import type { AnalysisWindow } from '../analysis-window.ts';
import type { EntityProfile } from '../entity-profile.ts';
import { correlation } from '../stats.ts';

export interface RandomWalkOptions {
  /** Probability of restarting at the personalization each step. */
  readonly restart: number;
  /** Weight of the step back to a caller, relative to the step forward. */
  readonly backwardShare: number;
  readonly iterations: number;
  /** Series of a callee compared with its caller's symptom (strongest first). */
  readonly calleeSeries: number;
}

/** The caller's symptom: its strongest latency, error or traffic series, else its strongest series. */
function symptomSeries(p: EntityProfile): Float64Array | undefined {
  const user = p.deviations.find((d) => d.series.indicator === 'latency' || d.series.indicator === 'errors' || d.series.indicator === 'traffic');
  return (user ?? p.deviations[0])?.series.values;
}

/** How well `caller`'s symptom is explained by `callee`'s signals: the largest |r|, 0 without data. */
function edgeWeight(caller: EntityProfile, callee: EntityProfile, window: AnalysisWindow, options: RandomWalkOptions): number {
  const symptom = symptomSeries(caller);
  if (!symptom) return 0;
  let best = 0;
  for (const d of callee.deviations.slice(0, options.calleeSeries)) {
    const r = correlation(symptom, d.series.values, window.baselineFrom, window.end);
    if (Number.isFinite(r)) best = Math.max(best, Math.abs(r));
  }
  return best;
}

/**
 * Visit shares of the walk over `nodes` (candidates on the call graph),
 * scaled so the most visited is 1. `anomaly` gives each node's anomaly
 * strength in [0, 1] (the personalization and the self-loop).
 */
export function randomWalkScores(graph: ServiceGraph, nodes: readonly string[], profiles: ReadonlyMap<string, EntityProfile>, anomaly: ReadonlyMap<string, number>, window: AnalysisWindow, options: RandomWalkOptions): Map<string, number> {
  const n = nodes.length;
  if (n === 0) return new Map();
  const index = new Map(nodes.map((id, i) => [id, i]));
  const weights = Matrix.zeros(n, n);
  const strongestCallee = new Float64Array(n);
  for (const [i, caller] of nodes.entries()) {
    const from = profiles.get(caller);
    for (const callee of graph.callees(caller)) {
      const j = index.get(callee);
      const to = profiles.get(callee);
      if (j === undefined || j === i || !from || !to) continue;
      const w = edgeWeight(from, to, window, options);
      weights.set(i, j, weights.get(i, j) + w);
      weights.set(j, i, weights.get(j, i) + options.backwardShare * w);
      strongestCallee[i] = Math.max(strongestCallee[i]!, w);
    }
  }
  const personal = new Matrix(n, 1);
  let personalTotal = 0;
  for (const [i, id] of nodes.entries()) {
    const a = anomaly.get(id) ?? 0;
    weights.set(i, i, Math.max(0, a - strongestCallee[i]!));
    personal.set(i, 0, a);
    personalTotal += a;
  }
  for (let i = 0; i < n; i++) personal.set(i, 0, personalTotal > 0 ? personal.get(i, 0) / personalTotal : 1 / n);

  // Row-normalise; a row without weight teleports to the personalization.
  const transition = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    let total = 0;
    for (let j = 0; j < n; j++) total += weights.get(i, j);
    for (let j = 0; j < n; j++) transition.set(i, j, total > 0 ? weights.get(i, j) / total : personal.get(j, 0));
  }
  const stepT = transition.transpose().mul(1 - options.restart);
  const restartPart = personal.clone().mul(options.restart);
  let visits = personal.clone();
  for (let k = 0; k < options.iterations; k++) visits = stepT.mmul(visits).add(restartPart);

  const top = visits.max();
  return new Map(nodes.map((id, i) => [id, top > 0 ? visits.get(i, 0) / top : 0]));
}
