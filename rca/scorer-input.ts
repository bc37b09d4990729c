/**
 * The one input every scorer of a ranking gets: the incident's onset (its
 * earliest anomaly), the baseline period before it and the candidates.
 */
import type { RankedCause, RankingContext } from '../correlator/index.ts';
import { type Candidate, type CandidateOptions, CANDIDATE_DEFAULTS, selectCandidates } from './candidates.ts';
import { type ProfileOptions, PROFILE_DEFAULTS } from './entity-profile.ts';
import type { ScorerInput } from './scorer.ts';

export interface InputOptions {
  /** Length of the baseline before the onset (cut at the start of the frame). */
  readonly baselineSeconds: number;
  readonly candidates: CandidateOptions;
  readonly profile: ProfileOptions;
  /**
   * Another open incident's entities are left to it (candidates.ts) only
   * while this incident has a cause of its own: when its best cause without
   * them scores under this, it is ranked again with them (ranker.ts). 0
   * always leaves them out.
   */
  readonly ownCauseFrom: number;
}

export const INPUT_DEFAULTS: InputOptions = Object.freeze({ baselineSeconds: 900, candidates: CANDIDATE_DEFAULTS, profile: PROFILE_DEFAULTS, ownCauseFrom: 0.25 });

/** Whether another open incident's entities were left out of this ranking (candidates.ts). */
export function hasOtherStories(context: RankingContext): boolean {
  return (context.otherStories?.size ?? 0) > 0;
}

/** Whether a ranking made with other open incidents' entities left out found no cause of its own: its best cause scores under `ownCauseFrom` (InputOptions). */
export function foundNoOwnCause(ranking: readonly RankedCause[], ownCauseFrom: number): boolean {
  return (ranking[0]?.score ?? 0) < ownCauseFrom;
}

/** The same ranking context with every other open incident's entities offered as candidates. */
export function withOtherStories(context: RankingContext): RankingContext {
  return { ...context, otherStories: new Set() };
}

/** Earliest onset among the incident's anomalies; its opening time when it has none. */
export function incidentOnsetMillis(context: RankingContext): number {
  let onset = Number.POSITIVE_INFINITY;
  for (const a of context.incident.anomalies) onset = Math.min(onset, a.onsetMillis);
  return Number.isFinite(onset) ? onset : context.incident.openedAtMillis;
}

export interface PreparedInput {
  readonly input: ScorerInput;
  readonly candidates: readonly Candidate[];
}

export function prepareInput(context: RankingContext, options: InputOptions = INPUT_DEFAULTS): PreparedInput {
  const onsetMillis = incidentOnsetMillis(context);
  const baselineFromMillis = Math.max(context.frame.fromMillis, onsetMillis - options.baselineSeconds * 1000);
  const timing = { onsetMillis, baselineFromMillis };
  const candidates = selectCandidates(context, timing, options.candidates, options.profile);
  return { input: { context, candidates: candidates.map((c) => c.entity), ...timing }, candidates };
}
