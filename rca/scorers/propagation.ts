/**
 * Onset order and propagation: which candidate the incident spread from.
 *
 * With a call graph (traces): the mean of two views, weighted by
 * `randomWalkShare`: onset order along call paths (onset-order.ts: the
 * deepest anomalous callee whose callers changed after it) and a
 * personalized random walk over the candidates' call subgraph whose steps
 * follow how well callers' symptoms correlate with callees' signals
 * (random-walk.ts).
 *
 * Without one (metrics only, or a candidate the graph cannot place):
 * onset order among entities whose signals move together.
 *
 * Candidates with signals that did not change score 0; candidates the
 * scorer knows nothing about get no score.
 */
import { ok } from '../../core/result.ts';
import type { Indicator, ServiceGraph } from '../../correlator/index.ts';
import { type EntityProfile, type ProfileOptions, PROFILE_DEFAULTS, frameProfiles } from '../entity-profile.ts';
import { countNoun, formatDuration, leadSentence } from '../explain.ts';
import type { EntityScore, Scorer } from '../scorer.ts';
import { strongestSeries } from './change-magnitude.ts';
import { type OnsetOrderOptions, type OrderFinding, orderAlongCalls, orderByCorrelation, showsFault } from './onset-order.ts';
import { type RandomWalkOptions, randomWalkScores } from './random-walk.ts';

export interface PropagationOptions {
  readonly profile: ProfileOptions;
  readonly order: OnsetOrderOptions;
  readonly walk: RandomWalkOptions;
  /** Share of the random walk in the score where there is a call graph. */
  readonly randomWalkShare: number;
  /** As in change-magnitude: how the personalization weighs lasting shifts. */
  readonly sustainedShare: number;
}

export const PROPAGATION_DEFAULTS: PropagationOptions = Object.freeze({
  profile: PROFILE_DEFAULTS,
  order: Object.freeze({ toleranceSeconds: 10, horizonSeconds: 300, minCorrelation: 0.6, explainShare: 0.75, blockedShare: 0.25, anomalousPeak: PROFILE_DEFAULTS.anomalousPeak }),
  walk: Object.freeze({ restart: 0.15, backwardShare: 0.3, iterations: 60, calleeSeries: 6 }),
  randomWalkShare: 0.75,
  sustainedShare: 0.25,
});

export const PROPAGATION = 'propagation';

const VERBS: Partial<Record<Indicator, string>> = { latency: 'slowed', errors: 'started failing', traffic: 'changed traffic', log: 'logged errors' };

/** Whether the entity has a calls edge to or from another candidate. */
function onCallGraph(graph: ServiceGraph, entity: string, candidates: ReadonlySet<string>): boolean {
  if (!graph.hasNode(entity)) return false;
  return graph.callers(entity).some((x) => candidates.has(x)) || graph.callees(entity).some((x) => candidates.has(x));
}

/**
 * The scorer's sentence. Supportive findings are lead sentences (explain.ts), whose clause fusion
 * appends to another scorer's sentence; the others stand alone.
 */
function sentenceOf(entity: string, f: OrderFinding, graph: ServiceGraph | undefined, placed: boolean): string {
  if (f.blockedBy !== undefined) return `${f.blockedBy}, which ${entity} calls, changed no later than ${entity}`;
  if (f.explained.length === 0) return placed ? leadSentence(entity, 'with no anomalous service below it') : `${entity} changed; no other anomalous service moved with it`;
  const verb = (f.followerIndicator && VERBS[f.followerIndicator]) ?? 'changed';
  const callers = graph && placed ? new Set(graph.callers(entity)) : undefined;
  const n = f.explained.length;
  const who = !placed
    ? `${countNoun(n, '1 service', 'services')} whose signals move with it`
    : f.explained.every((x) => callers?.has(x))
      ? n === 1
        ? 'its caller'
        : `its ${n} callers`
      : `${countNoun(n, '1 service', 'services')} upstream of it`;
  return leadSentence(entity, f.leadSeconds >= 1 ? `${formatDuration(f.leadSeconds)} before ${who} ${verb}` : `at the same time as ${who} ${verb}`);
}

export function createPropagationScorer(overrides: Partial<PropagationOptions> = {}): Scorer {
  const options = { ...PROPAGATION_DEFAULTS, ...overrides };
  const largest = 1 / Math.max(options.profile.changeFloor, 1e-6);
  return {
    name: PROPAGATION,
    async score(input) {
      const { graph } = input.context;
      const { window, byEntity } = frameProfiles(input, options.profile);
      const candidateSet = new Set(input.candidates);
      const placed = graph ? input.candidates.filter((e) => onCallGraph(graph, e, candidateSet)) : [];
      const placedSet = new Set(placed);
      const unplaced = input.candidates.filter((e) => !placedSet.has(e));

      const anomaly = new Map<string, number>();
      for (const e of input.candidates) {
        const p = byEntity.get(e);
        const best = p?.anomalous ? strongestSeries(p.deviations, options.sustainedShare, largest) : undefined;
        anomaly.set(e, best ? Math.min(1, Math.log1p(best.value) / Math.log1p(largest)) : p?.anomalous ? 0.5 : 0);
      }

      const alongCalls = graph && placed.length > 1 ? orderAlongCalls(graph, placed, byEntity, options.order) : new Map<string, OrderFinding>();
      // The walk runs on the anomalous part of the call graph (MicroRCA's anomalous subgraph), without mere consequences (onset-order.ts).
      const walkNodes = placed.filter((e) => {
        const p = byEntity.get(e);
        return p?.anomalous === true && showsFault(p, options.order.anomalousPeak);
      });
      const walk = graph && walkNodes.length > 0 ? randomWalkScores(graph, walkNodes, byEntity, anomaly, window, options.walk) : new Map<string, number>();
      // Correlation ordering over every anomalous candidate, used for those the call graph cannot place.
      const correlated = unplaced.length > 0 ? orderByCorrelation(input.candidates, byEntity, window, options.order) : new Map<string, OrderFinding>();

      const out: EntityScore[] = [];
      for (const entity of input.candidates) {
        const p: EntityProfile | undefined = byEntity.get(entity);
        const isPlaced = placedSet.has(entity);
        if (!p && !isPlaced) continue;
        const f = isPlaced ? alongCalls.get(entity) : correlated.get(entity);
        const walked = isPlaced ? (walk.get(entity) ?? 0) : undefined;
        const orderScore = f?.score ?? 0;
        const score = walked === undefined ? orderScore : (1 - options.randomWalkShare) * orderScore + options.randomWalkShare * walked;
        const indicator = p?.deviations[0]?.series.indicator ?? p?.anomalies[0]?.indicator ?? 'latency';
        out.push({
          entity,
          indicator,
          score: Math.min(1, Math.max(0, score)),
          explanation: f ? sentenceOf(entity, f, graph, isPlaced) : `${entity} did not change around the onset`,
          evidence: {},
        });
      }
      return ok(out);
    },
  };
}
