/**
 * What the tuning keeps of one evaluated case: everything the ranker needs
 * to rank the incident that answers each fault again without the store
 * (the signal frame, the graph, the incidents), plus the answers of the
 * store-backed scorers computed while the store was open. Replaying a
 * snapshot reruns the frame scorers and fusion in milliseconds, so weights
 * can be searched over many cases.
 *
 * Stored as JSON: NaN (no data) is written as null.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { CaseTruth } from '../../datasets/index.ts';
import type { IncidentState, SignalFrame, SignalSeries, TopologyData } from '../../correlator/index.ts';
import type { EntityScore } from '../../rca/scorer.ts';

export const SNAPSHOT_VERSION = 2;

/** The incident that answers one fault of the case (score-case.ts's choice), or null when none covers it. */
export interface AnsweringIncident {
  readonly faultIndex: number;
  readonly incident: IncidentState | null;
}

export interface CaseSnapshot {
  readonly version: number;
  readonly dataset: string;
  readonly truth: CaseTruth;
  readonly atMillis: number;
  readonly frame: SignalFrame;
  readonly graph: TopologyData;
  readonly answers: readonly AnsweringIncident[];
  /** Per incident id, per store-backed scorer: its answer (an error message when it failed). */
  readonly storeScores: Readonly<Record<string, Readonly<Record<string, readonly EntityScore[] | { readonly error: string }>>>>;
}

interface StoredSeries extends Omit<SignalSeries, 'values'> {
  readonly values: readonly (number | null)[];
}

export async function writeSnapshot(path: string, snapshot: CaseSnapshot): Promise<void> {
  const frame = {
    ...snapshot.frame,
    series: snapshot.frame.series.map((s): StoredSeries => ({ ...s, values: Array.from(s.values, (v) => (Number.isFinite(v) ? v : null)) })),
  };
  await writeFile(path, JSON.stringify({ ...snapshot, frame }));
}

export async function readSnapshot(path: string): Promise<CaseSnapshot | undefined> {
  let parsed: CaseSnapshot & { frame: SignalFrame & { series: StoredSeries[] } };
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
  if (parsed.version !== SNAPSHOT_VERSION) return undefined;
  const series = parsed.frame.series.map((s): SignalSeries => ({ ...s, values: Float64Array.from(s.values, (v) => (v === null ? NaN : v)) }));
  return { ...parsed, frame: { ...parsed.frame, series } };
}
