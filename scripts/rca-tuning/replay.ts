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
import { type FusionOptions, fuse } from '../../rca/fusion.ts';
import { type CauseRankerOptions, createFrameScorers } from '../../rca/ranker.ts';
import { prepareInput } from '../../rca/scorer-input.ts';
import type { EntityScore } from '../../rca/scorer.ts';
import type { CaseSnapshot, RankingSnapshot } from './snapshot.ts';

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
  readonly answers: readonly { readonly scorer: string; readonly scores: readonly EntityScore[] }[];
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
    const { input } = prepareInput(viewContext(ranking, view), options.input);
    const answers: { scorer: string; scores: readonly EntityScore[] }[] = [];
    for (const scorer of scorers) {
      const r = await scorer.score(input);
      if (r.ok) answers.push({ scorer: scorer.name, scores: r.value });
    }
    for (const [scorer, stored] of Object.entries(snapshot.storeScores[incident.id] ?? {})) {
      if (Array.isArray(stored) && !(view === 'metrics-only' && TRACE_SCORERS.has(scorer))) answers.push({ scorer, scores: stored });
    }
    out.push({ fault, answers });
  }
  return out;
}

export function rankScored(scored: readonly ScoredIncident[], fusion: FusionOptions): ReplayedFault[] {
  return scored.map(({ fault, answers }) => ({ ...fault, ranking: answers.length > 0 ? fuse(answers, fusion) : [] }));
}
