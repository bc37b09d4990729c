/**
 * What the tuning keeps of one evaluated case: everything the ranker needs
 * to rank the incident that answers each fault again without the store
 * (the incident, the signal frame and the graph of its last ranking, as
 * the evaluation's runtime had them), plus the answers of the store-backed
 * scorers computed while the store was open. Replaying a
 * snapshot reruns the frame scorers and fusion in milliseconds, so weights
 * can be searched over many cases.
 *
 * Stored as JSON: NaN (no data) is written as null.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { CaseTruth } from '../../datasets/index.ts';
import type { IncidentState, SignalFrame, SignalSeries, TopologyData } from '../../correlator/index.ts';
import type { EntityScore } from '../../rca/scorer.ts';

export const SNAPSHOT_VERSION = 4;

/** What an incident's last ranking was made on (RankingContext without the store). */
export interface RankingSnapshot {
  readonly incident: IncidentState;
  readonly frame: SignalFrame;
  readonly graph: TopologyData | null;
  readonly atMillis: number;
  readonly otherStories: readonly string[];
}

/** The incident that answers one fault of the case (score-case.ts's choice) as last ranked, or null when none covers it. */
export interface AnsweringIncident {
  readonly faultIndex: number;
  readonly ranking: RankingSnapshot | null;
}

export interface CaseSnapshot {
  readonly version: number;
  readonly dataset: string;
  readonly truth: CaseTruth;
  readonly answers: readonly AnsweringIncident[];
  /** Per incident id, per store-backed scorer: its answer (an error message when it failed). */
  readonly storeScores: Readonly<Record<string, StoreAnswers>>;
  /** The same for incidents ranked with other open incidents' entities (rca InputOptions.ownCauseFrom); only incidents that had some. */
  readonly storeScoresWithOthers: Readonly<Record<string, StoreAnswers>>;
}

/** Per store-backed scorer: its answer (an error message when it failed). */
export type StoreAnswers = Readonly<Record<string, readonly EntityScore[] | { readonly error: string }>>;

interface StoredSeries extends Omit<SignalSeries, 'values'> {
  readonly values: readonly (number | null)[];
}

const storedFrame = (frame: SignalFrame) => ({
  ...frame,
  series: frame.series.map((s): StoredSeries => ({ ...s, values: Array.from(s.values, (v) => (Number.isFinite(v) ? v : null)) })),
});

type StoredFrame = Omit<SignalFrame, 'series'> & { series: StoredSeries[] };

const readFrame = (frame: StoredFrame): SignalFrame => ({
  ...frame,
  series: frame.series.map((s): SignalSeries => ({ ...s, values: Float64Array.from(s.values, (v) => (v === null ? NaN : v)) })),
});

export async function writeSnapshot(path: string, snapshot: CaseSnapshot): Promise<void> {
  const answers = snapshot.answers.map((a) => (a.ranking ? { ...a, ranking: { ...a.ranking, frame: storedFrame(a.ranking.frame) } } : a));
  await writeFile(path, JSON.stringify({ ...snapshot, answers }));
}

export async function readSnapshot(path: string): Promise<CaseSnapshot | undefined> {
  let parsed: Omit<CaseSnapshot, 'answers'> & { answers: Array<{ faultIndex: number; ranking: (Omit<RankingSnapshot, 'frame'> & { frame: StoredFrame }) | null }> };
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
  if (parsed.version !== SNAPSHOT_VERSION) return undefined;
  const answers = parsed.answers.map((a): AnsweringIncident => ({ faultIndex: a.faultIndex, ranking: a.ranking ? { ...a.ranking, frame: readFrame(a.ranking.frame) } : null }));
  return { ...parsed, answers };
}
