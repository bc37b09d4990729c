/**
 * The correlator end to end over one closed window of stored telemetry:
 *
 *   read the signal frame -> detect anomalies -> read the topology ->
 *   group anomalies into incidents -> rank the causes of each incident.
 *
 * Batch, not streaming: the whole window is read at once, which is what an
 * offline evaluation of a case needs. Every time involved is event time from
 * the data, so the same stored window always gives the same incidents.
 *
 * Ranking is a first, deliberately simple heuristic (see `rankCauses`); it
 * is meant as a baseline for the pipeline, not as a finished root-cause
 * analysis.
 */
import { type Result, ok } from '../core/result.ts';
import type { Anomaly } from './detect/anomaly.ts';
import { seriesInputs } from './detect/anomaly.ts';
import { type ChangePointOptions, createChangePointDetector } from './detect/change-point.ts';
import { createRestartsDetector } from './detect/restarts.ts';
import { type RobustBaselineOptions, createRobustBaselineDetector } from './detect/robust-baseline.ts';
import { createIncidentGrouper } from './incidents/incident-grouper.ts';
import type { IncidentGrouperOptions } from './incidents/grouper-options.ts';
import type { IncidentState } from './incidents/incident-events.ts';
import { readSignalFrame } from './signals/read-signal-frame.ts';
import { alignSignalRange } from './signals/signal-range.ts';
import type { SignalQueryStore } from './signals/signal-range.ts';
import { readTopology } from './topology/read-edges.ts';
import { type ServiceGraph, createServiceGraph } from './topology/service-graph.ts';

export interface BatchPipelineOptions {
  readonly fromMillis: number;
  readonly toMillis: number;
  /** Grid of the signal frame. Default 10 s. */
  readonly stepSeconds?: number;
  /**
   * Anomalies with an onset before `fromMillis + warmupMillis` are dropped:
   * the detectors' baselines have too little history there to be trusted.
   * Default 10 min.
   */
  readonly warmupMillis?: number;
  /** Options of the robust baseline detector; default the detector's defaults. */
  readonly robustBaseline?: RobustBaselineOptions;
  /** Options of the change-point detector; default the detector's defaults. */
  readonly changePoint?: ChangePointOptions;
  readonly grouper?: Partial<IncidentGrouperOptions>;
  readonly ranking?: RankingOptions;
}

export interface RankingOptions {
  /** An onset this long (or more) after the incident's earliest onset gets no onset credit. Default 5 min. */
  readonly onsetHorizonMillis?: number;
  /** Weights of onset, anomaly score and call depth; they are normalised to sum to 1. Default 0.4 / 0.3 / 0.3. */
  readonly weights?: { readonly onset: number; readonly score: number; readonly depth: number };
}

export interface RankedEntity {
  readonly entity: string;
  /** Indicator of the entity's strongest anomaly in the incident. */
  readonly indicator: string;
  /** In [0, 1]; higher is the more likely cause. */
  readonly score: number;
}

export interface BatchIncident {
  readonly state: IncidentState;
  /** Best first; ties broken by entity name. */
  readonly ranking: readonly RankedEntity[];
}

export interface BatchPipelineResult {
  /** Every anomaly after the warm-up, in onset order (grouped or not). */
  readonly anomalies: readonly Anomaly[];
  /** Incidents that took anomalies (merged-away incidents are left out: their anomalies are in the target), by opening time. */
  readonly incidents: readonly BatchIncident[];
  readonly graph: ServiceGraph;
}

export const BATCH_PIPELINE_DEFAULTS = Object.freeze({
  stepSeconds: 10,
  warmupMillis: 10 * 60_000,
  onsetHorizonMillis: 5 * 60_000,
  weights: Object.freeze({ onset: 0.4, score: 0.3, depth: 0.3 }),
});

/** Anomalies in onset order; equal onsets by entity, indicator, signal, detector so runs are reproducible. */
function byOnset(a: Anomaly, b: Anomaly): number {
  const key = (x: Anomaly) => `${x.entity}|${x.indicator}|${x.signal}|${x.detector}`;
  return a.onsetMillis - b.onsetMillis || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}

export async function runBatchPipeline(store: SignalQueryStore, options: BatchPipelineOptions): Promise<Result<BatchPipelineResult>> {
  const { fromMillis, toMillis } = options;
  const stepSeconds = options.stepSeconds ?? BATCH_PIPELINE_DEFAULTS.stepSeconds;
  const warmupMillis = options.warmupMillis ?? BATCH_PIPELINE_DEFAULTS.warmupMillis;

  // 1. Signals and anomalies.
  const frame = await readSignalFrame(store, alignSignalRange(fromMillis, toMillis, stepSeconds));
  if (!frame.ok) return frame;
  const detectors = [createRobustBaselineDetector(options.robustBaseline), createChangePointDetector(options.changePoint), createRestartsDetector()];
  const alertFrom = fromMillis + warmupMillis;
  const anomalies = seriesInputs(frame.value)
    .flatMap((series) => detectors.flatMap((d) => d.detect(series)))
    .filter((a) => a.onsetMillis >= alertFrom)
    .sort(byOnset);

  // 2. Topology: one graph for the whole window.
  const topology = await readTopology(store, { fromMillis, toMillis });
  if (!topology.ok) return topology;
  const graph = createServiceGraph(topology.value);

  // 3. Grouping, on event time: each batch of equal onsets is ingested with
  // the watermark at that onset, then time moves on to the window end.
  const grouper = createIncidentGrouper(options.grouper ?? {}, () => graph);
  for (let i = 0; i < anomalies.length; ) {
    const onset = anomalies[i]!.onsetMillis;
    let j = i;
    while (j < anomalies.length && anomalies[j]!.onsetMillis === onset) j++;
    grouper.ingest(anomalies.slice(i, j), onset);
    i = j;
  }
  grouper.advance(toMillis);

  // 4. Ranking per incident.
  const incidents = [...grouper.incidents().values()]
    .filter((s) => s.status !== 'merged' && s.anomalies.length > 0)
    .sort((a, b) => a.openedAtMillis - b.openedAtMillis || (a.id < b.id ? -1 : 1))
    .map((state) => ({ state, ranking: rankCauses(state.anomalies, graph, options.ranking) }));

  return ok({ anomalies, incidents, graph });
}

/** Entities reachable from `entity` over `calls` edges (callees of callees...), `entity` excluded. */
function downstream(graph: ServiceGraph, entity: string): Set<string> {
  const seen = new Set<string>();
  const stack = [entity];
  while (stack.length > 0) {
    for (const callee of graph.callees(stack.pop()!)) {
      if (callee === entity || seen.has(callee)) continue;
      seen.add(callee);
      stack.push(callee);
    }
  }
  return seen;
}

/**
 * Ranks the entities of an incident's anomalies as candidate causes. First
 * version, three equally simple cues, each in [0, 1], combined as a weighted
 * mean (default weights 0.4 / 0.3 / 0.3), so the score is in [0, 1]:
 *
 * - onset: the root usually deviates first. 1 for the entity with the
 *   incident's earliest onset, falling linearly to 0 at `onsetHorizonMillis`
 *   later (an entity's onset is its earliest anomaly's).
 * - score: the entity's strongest anomaly score relative to the strongest
 *   in the incident (1 for the strongest). Scores are comparable across
 *   detectors by the detector contract, so no per-detector scaling.
 * - depth: a fault propagates from callee to caller, so the deepest
 *   anomalous callee is the likeliest origin. Half of the cue is for having
 *   no anomalous entity downstream over `calls` edges; the other half is the
 *   share of the other anomalous entities that reach it over `calls` edges.
 *   Without a graph (or edges) every entity gets the same 0.5, and the cue
 *   does not change the order.
 *
 * Known limits: infrastructure (shared hosts) is not used, a callee that
 * degrades only because its own caller floods it ranks too high, and the
 * weights are not tuned on data.
 */
export function rankCauses(anomalies: readonly Anomaly[], graph: ServiceGraph | undefined, options: RankingOptions = {}): RankedEntity[] {
  if (anomalies.length === 0) return [];
  const horizon = options.onsetHorizonMillis ?? BATCH_PIPELINE_DEFAULTS.onsetHorizonMillis;
  const w = options.weights ?? BATCH_PIPELINE_DEFAULTS.weights;
  const totalWeight = w.onset + w.score + w.depth;
  if (!(horizon > 0) || !(w.onset >= 0 && w.score >= 0 && w.depth >= 0) || !(totalWeight > 0)) {
    throw new RangeError('rankCauses: onsetHorizonMillis > 0 and non-negative weights with a positive sum');
  }

  interface Candidate {
    onset: number;
    strongest: Anomaly;
  }
  const candidates = new Map<string, Candidate>();
  for (const a of anomalies) {
    const c = candidates.get(a.entity);
    if (!c) candidates.set(a.entity, { onset: a.onsetMillis, strongest: a });
    else {
      c.onset = Math.min(c.onset, a.onsetMillis);
      if (a.score > c.strongest.score) c.strongest = a;
    }
  }
  const entities = [...candidates.keys()].sort();
  const earliest = Math.min(...[...candidates.values()].map((c) => c.onset));
  const topScore = Math.max(...[...candidates.values()].map((c) => c.strongest.score));
  const reach = new Map(entities.map((e) => [e, graph ? downstream(graph, e) : new Set<string>()]));

  const ranked = entities.map((entity) => {
    const c = candidates.get(entity)!;
    const onsetCue = Math.max(0, 1 - (c.onset - earliest) / horizon);
    const scoreCue = topScore > 0 ? c.strongest.score / topScore : 1;
    const others = entities.filter((e) => e !== entity);
    const hasAnomalousCallee = others.some((e) => reach.get(entity)!.has(e));
    const upstreamShare = others.length > 0 ? others.filter((e) => reach.get(e)!.has(entity)).length / others.length : 0;
    const depthCue = (hasAnomalousCallee ? 0 : 0.5) + 0.5 * upstreamShare;
    const score = (w.onset * onsetCue + w.score * scoreCue + w.depth * depthCue) / totalWeight;
    return { entity, indicator: c.strongest.indicator, score: Math.min(1, Math.max(0, score)) };
  });
  return ranked.sort((a, b) => b.score - a.score || (a.entity < b.entity ? -1 : a.entity > b.entity ? 1 : 0));
}
