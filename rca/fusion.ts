/**
 * Fusion: the scorers' answers combined into one ranking.
 *
 * A candidate's score is the weighted mean of the scores of the scorers
 * that answered for it. A scorer that answered for no candidate at all has
 * no data for its angle (no traces, no logs in the store) and is left out
 * of every mean: metrics-only data is ranked on the metric scorers alone,
 * not dragged down by the missing traces. A scorer that answered for some
 * candidates but not for this one found nothing on it (or has no data on
 * it, e.g. a service without tracing); it counts as a 0 with
 * `absentShare` of its weight (0: not at all, 1: as a full 0). A scorer
 * that answered 0 is evidence of nothing and counts in full. Candidates no
 * scorer answered for are not ranked.
 *
 * The blamed indicator is the one with the largest score summed over the
 * scorers with `indicatorWeights`: what broke is said by the evidence
 * (saturation, traces, logs, a deployment) and by how far each series
 * moved, not by when it moved, which says where to look. A scorer may have
 * an indicator weight and no ranking weight (change evidence: deployments
 * are too common to rank by, but a deployed service that is ranked first
 * most likely broke in its code). Where no indicator-weighted scorer has a
 * positive score for the candidate, the ranking weights decide. A vote at
 * or above its scorer's `decisiveScores` entry that names a resource
 * (cpu, mem, disk, net) takes over the votes for the candidate's answers
 * (latency, errors, log): a CPU at its limit explains the slowness it
 * causes, which trace evidence measures more sharply.
 *
 * The explanation is the sentence of the scorer that contributed most
 * among those blaming that indicator, followed by the propagation
 * scorer's clause on who changed after it ("cpu of payment rose from 12%
 * to 95%, 40 s before its 3 callers slowed"), except for a deploy (`code`),
 * whose sentence gives its own time. Evidence is the union of
 * the scorers' evidence, with each scorer's score under `evidence.scores`.
 */
import { type CauseEvidence, type EvidenceSeries, type Indicator, type RankedCause, RESOURCE_INDICATORS } from '../correlator/index.ts';
import { leadClause } from './explain.ts';
import { RESPONSE_INDICATORS } from './impact.ts';
import type { EntityScore } from './scorer.ts';

export interface FusionOptions {
  /** Weight per scorer name; a scorer not listed gets `defaultWeight`. */
  readonly weights: Readonly<Record<string, number>>;
  /** Weight per scorer name in choosing a cause's indicator; a scorer not listed gets 0. Empty: the ranking weights decide. */
  readonly indicatorWeights: Readonly<Record<string, number>>;
  /** Score per scorer name from which its vote for a resource takes over the votes for response indicators (see the header); a scorer not listed never does. */
  readonly decisiveScores: Readonly<Record<string, number>>;
  readonly defaultWeight: number;
  /** Share of its weight with which a scorer that answered for other candidates counts as 0 for one it left out. */
  readonly absentShare: number;
  /** Causes returned at most. */
  readonly maxCauses: number;
  /** The scorer whose sentences carry the "before its callers" clause. */
  readonly leadScorer: string;
  /** Evidence kept per kind (series, trace ids, log samples, changes). */
  readonly maxEvidenceItems: number;
}

export const FUSION_DEFAULTS: FusionOptions = Object.freeze({
  weights: Object.freeze({}),
  indicatorWeights: Object.freeze({}),
  decisiveScores: Object.freeze({}),
  defaultWeight: 1,
  absentShare: 0,
  maxCauses: 10,
  leadScorer: 'propagation',
  maxEvidenceItems: 5,
});

export interface ScorerAnswer {
  readonly scorer: string;
  readonly scores: readonly EntityScore[];
}

interface Vote {
  readonly scorer: string;
  readonly weight: number;
  readonly entry: EntityScore;
}

function union<T>(lists: readonly (readonly T[] | undefined)[], key: (t: T) => string, max: number): T[] | undefined {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const list of lists) {
    for (const item of list ?? []) {
      const k = key(item);
      if (seen.has(k) || out.length >= max) continue;
      seen.add(k);
      out.push(item);
    }
  }
  return out.length > 0 ? out : undefined;
}

function mergeEvidence(votes: readonly Vote[], max: number): CauseEvidence {
  const byContribution = [...votes].sort((a, b) => b.weight * b.entry.score - a.weight * a.entry.score);
  const evidence = byContribution.map((v) => v.entry.evidence);
  const scores: Record<string, number> = {};
  for (const v of votes) scores[v.scorer] = v.entry.score;
  const series = union<EvidenceSeries>(evidence.map((e) => e.series), (s) => `${s.entity}\u0000${s.signal}`, max);
  const traceIds = union(evidence.map((e) => e.traceIds), (t) => t, max);
  const logSamples = union(evidence.map((e) => e.logSamples), (t) => t, max);
  const changes = union(evidence.map((e) => e.changes), (t) => t, max);
  return { ...(series ? { series } : {}), ...(traceIds ? { traceIds } : {}), ...(logSamples ? { logSamples } : {}), ...(changes ? { changes } : {}), scores };
}

function explanationOf(entity: string, votes: readonly Vote[], leadScorer: string, indicator: Indicator): string {
  const ordered = [...votes].sort((a, b) => b.weight * b.entry.score - a.weight * a.entry.score || (a.scorer < b.scorer ? -1 : 1));
  // The sentence must speak of the blamed indicator: a cause listed as latency is not explained by its memory.
  const blames = (v: Vote) => v.entry.score > 0 && v.entry.indicator === indicator;
  const primary = ordered.find((v) => v.scorer !== leadScorer && blames(v));
  const lead = votes.find((v) => v.scorer === leadScorer && v.entry.score > 0);
  const clause = lead ? leadClause(entity, lead.entry.explanation) : undefined;
  // A deploy's sentence times itself against the onset; a clause on when the service's signals changed would read as about the deploy.
  if (primary && clause && indicator !== 'code') return `${primary.entry.explanation}, ${clause}`;
  if (primary) return primary.entry.explanation;
  if (lead && blames(lead)) return lead.entry.explanation;
  return (ordered.find((v) => v.entry.score > 0) ?? ordered[0])?.entry.explanation ?? entity;
}

/** The indicator with the largest weighted score, each vote counted for `indicatorOfVote`; undefined when no vote weighs anything. */
function heaviestIndicator(votes: readonly Vote[], weightOf: (v: Vote) => number, indicatorOfVote: (v: Vote) => Indicator): Indicator | undefined {
  const tally = new Map<Indicator, number>();
  for (const v of votes) {
    const w = weightOf(v) * Math.max(0, v.entry.score);
    const indicator = indicatorOfVote(v);
    if (w > 0) tally.set(indicator, (tally.get(indicator) ?? 0) + w);
  }
  let best: Indicator | undefined;
  for (const [indicator, total] of tally) if (best === undefined || total > tally.get(best)!) best = indicator;
  return best;
}

function indicatorOf(votes: readonly Vote[], options: Pick<FusionOptions, 'indicatorWeights' | 'decisiveScores'>): Indicator {
  const decisive = votes.find((v) => RESOURCE_INDICATORS.has(v.entry.indicator) && v.entry.score >= (options.decisiveScores[v.scorer] ?? Number.POSITIVE_INFINITY));
  const counted = (v: Vote): Indicator => (decisive && RESPONSE_INDICATORS.has(v.entry.indicator) ? decisive.entry.indicator : v.entry.indicator);
  return heaviestIndicator(votes, (v) => options.indicatorWeights[v.scorer] ?? 0, counted) ?? heaviestIndicator(votes, (v) => v.weight, counted) ?? counted(votes[0]!);
}

/**
 * What a scorer does in fusion: it ranks (a ranking weight above 0), it only
 * names the indicator (an indicator weight and no ranking weight), or
 * nothing, and then it need not run.
 */
export type ScorerRole = 'ranks' | 'names-indicator' | 'unused';

export function scorerRole(options: FusionOptions, scorer: string): ScorerRole {
  if ((options.weights[scorer] ?? options.defaultWeight) > 0) return 'ranks';
  return (options.indicatorWeights[scorer] ?? 0) > 0 ? 'names-indicator' : 'unused';
}

/** Best first; ties by the strongest single score, then entity name. */
export function fuse(answers: readonly ScorerAnswer[], options: FusionOptions = FUSION_DEFAULTS): RankedCause[] {
  const votes = new Map<string, Vote[]>();
  const active = new Map<string, number>();
  for (const { scorer, scores } of answers) {
    // A scorer that only names the indicator votes for indicators; its 0 ranking weight adds nothing to any mean.
    const role = scorerRole(options, scorer);
    if (role === 'unused' || scores.length === 0) continue;
    const weight = role === 'ranks' ? (options.weights[scorer] ?? options.defaultWeight) : 0;
    active.set(scorer, weight);
    for (const entry of scores) {
      if (!Number.isFinite(entry.score)) continue;
      const list = votes.get(entry.entity) ?? [];
      // One vote per scorer and entity: a scorer listing an entity twice counts with its best entry.
      const same = list.findIndex((v) => v.scorer === scorer);
      if (same < 0) list.push({ scorer, weight, entry });
      else if (entry.score > list[same]!.entry.score) list[same] = { scorer, weight, entry };
      votes.set(entry.entity, list);
    }
  }
  // A candidate only indicator-weighted scorers answered for is not ranked: nothing placed it.
  const ranked = [...votes.entries()].filter(([, vs]) => vs.some((v) => v.weight > 0)).map(([entity, vs]) => {
    let absentWeight = 0;
    for (const [scorer, weight] of active) if (!vs.some((v) => v.scorer === scorer)) absentWeight += weight;
    const total = vs.reduce((s, v) => s + v.weight, 0) + options.absentShare * absentWeight;
    const score = vs.reduce((s, v) => s + v.weight * Math.min(1, Math.max(0, v.entry.score)), 0) / total;
    const strongest = Math.max(...vs.filter((v) => v.weight > 0).map((v) => v.entry.score));
    const indicator = indicatorOf(vs, options);
    const cause: RankedCause = { entity, indicator, score, explanation: explanationOf(entity, vs, options.leadScorer, indicator), evidence: mergeEvidence(vs, options.maxEvidenceItems) };
    return { cause, strongest };
  });
  ranked.sort((a, b) => b.cause.score - a.cause.score || b.strongest - a.strongest || (a.cause.entity < b.cause.entity ? -1 : a.cause.entity > b.cause.entity ? 1 : 0));
  return ranked.slice(0, options.maxCauses).map((r) => r.cause);
}
