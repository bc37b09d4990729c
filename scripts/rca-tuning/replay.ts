/**
 * Ranks the answering incidents of snapshots again: the frame scorers run
 * on the stored frame and graph, the store-backed scorers' stored answers
 * stand in for the store. `view` can take signals away to measure how the
 * ranking degrades (metrics only: no trace-derived series, no call graph,
 * no scorer that reads spans).
 */
import { causewayError } from '../../core/errors.ts';
import { fail } from '../../core/result.ts';
import { type RankedCause, type RankingContext, createServiceGraph } from '../../correlator/index.ts';
import { type FusionOptions, type ScorerAnswer, fuse } from '../../rca/fusion.ts';
import { type CauseRankerOptions, createFrameScorers } from '../../rca/ranker.ts';
import { INPUT_DEFAULTS, foundNoOwnCause, prepareInput, withOtherStories } from '../../rca/scorer-input.ts';
import type { Scorer } from '../../rca/scorer.ts';
import type { CaseSnapshot, RankingSnapshot, StoreAnswers } from './snapshot.ts';

export type SnapshotView = 'all' | 'metrics-only';

/** Per fault: its truth and the ranking of the incident answering it (empty when none does). */
export interface ReplayedFault {
  readonly caseId: string;
  readonly service: string;
  readonly indicator: string;
  readonly detected: boolean;
  readonly ranking: readonly RankedCause[];
}

/** The scorer answers for one incident of one snapshot, computed once and fused many times while weights are searched. */
export interface ScoredIncident {
  readonly fault: Omit<ReplayedFault, 'ranking'>;
  readonly answers: readonly ScorerAnswer[];
  /** The answers with other open incidents' entities as candidates too, for an incident that had some: used when `answers` find no cause of its own (rca InputOptions.ownCauseFrom). */
  readonly answersWithOthers?: readonly ScorerAnswer[];
}

/** Store-backed scorers that read spans: the metrics-only view leaves them out. */
const TRACE_SCORERS: ReadonlySet<string> = new Set(['trace-evidence', 'call-path']);

const noStore = { queryRows: async () => fail(causewayError('CW_ERR_STORAGE_UNAVAILABLE', 'replayed snapshot: no store')) };

function viewContext(ranking: RankingSnapshot, view: SnapshotView): RankingContext {
  const frame = view === 'all' ? ranking.frame : { ...ranking.frame, series: ranking.frame.series.filter((s) => s.source !== 'traces') };
  const graph = view === 'all' && ranking.graph ? createServiceGraph(ranking.graph) : undefined;
  return { incident: ranking.incident, frame, graph, store: noStore, atMillis: ranking.atMillis, otherStories: new Set(ranking.otherStories) };
}

export async function scoreSnapshot(snapshot: CaseSnapshot, options: CauseRankerOptions, view: SnapshotView = 'all'): Promise<ScoredIncident[]> {
  const scorers = createFrameScorers(options);
  const out: ScoredIncident[] = [];
  for (const { faultIndex, ranking } of snapshot.answers) {
    const truth = snapshot.truth.faults[faultIndex]!;
    const fault = { caseId: snapshot.truth.id, service: truth.service, indicator: truth.indicator, detected: ranking !== null };
    if (!ranking) {
      out.push({ fault, answers: [] });
      continue;
    }
    const incident = ranking.incident;
    const context = viewContext(ranking, view);
    const answers = await answersFor(context, scorers, options, snapshot.storeScores[incident.id], view);
    // Collected only for an incident that had other stories (collect.ts).
    const withOthers = snapshot.storeScoresWithOthers[incident.id];
    out.push(withOthers ? { fault, answers, answersWithOthers: await answersFor(withOtherStories(context), scorers, options, withOthers, view) } : { fault, answers });
  }
  return out;
}

/** The frame scorers run on `context`, and the store-backed scorers' stored answers. */
async function answersFor(context: RankingContext, scorers: readonly Scorer[], options: CauseRankerOptions, stored: StoreAnswers | undefined, view: SnapshotView): Promise<ScorerAnswer[]> {
  const { input } = prepareInput(context, options.input);
  const answers: ScorerAnswer[] = [];
  for (const scorer of scorers) {
    const r = await scorer.score(input);
    if (r.ok) answers.push({ scorer: scorer.name, scores: r.value });
  }
  for (const [scorer, scores] of Object.entries(stored ?? {})) {
    if (Array.isArray(scores) && !(view === 'metrics-only' && TRACE_SCORERS.has(scorer))) answers.push({ scorer, scores });
  }
  return answers;
}

/**
 * Fuses each incident's answers, as the ranker does: again with other
 * incidents' entities when the incident found no cause of its own, the
 * first ranking standing when no scorer answered the second (every one
 * failed).
 */
export function rankScored(scored: readonly ScoredIncident[], fusion: FusionOptions, ownCauseFrom = INPUT_DEFAULTS.ownCauseFrom): ReplayedFault[] {
  return scored.map(({ fault, answers, answersWithOthers }) => {
    const ranking = answers.length > 0 ? fuse(answers, fusion) : [];
    const again = answersWithOthers !== undefined && answersWithOthers.length > 0 && foundNoOwnCause(ranking, ownCauseFrom);
    return { ...fault, ranking: again ? fuse(answersWithOthers, fusion) : ranking };
  });
}
