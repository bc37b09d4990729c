/**
 * Turns labelled cases into snapshots (snapshot.ts), the way `causeway
 * eval --method causeway` sees them: each case is ingested through the
 * collector's path into a fresh database, the batch pipeline finds the
 * incidents, and for each fault the incident that answers it is chosen by
 * the evaluation's own rule (score-case.ts: the earliest incident opened
 * while the fault was active, without looking at the truth). The
 * store-backed scorers run on that incident while the store is open.
 *
 * Snapshots are cached by case id: a second run only replays them.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { type Result, ok } from '../../core/result.ts';
import { type IncidentState, alignSignalRange, readSignalFrame, runBatchPipeline } from '../../correlator/index.ts';
import { listCases, scoreCase, type CaseRef } from '../../datasets/index.ts';
import { withLoadedCase } from '../../datasets/eval/index.ts';
import { shortCaseOptions } from '../../datasets/eval/methods/causeway-method.ts';
import type { Store } from '../../storage/index.ts';
import { prepareInput } from '../../rca/scorer-input.ts';
import type { EntityScore, Scorer } from '../../rca/scorer.ts';
import { type CaseSnapshot, SNAPSHOT_VERSION, readSnapshot, writeSnapshot } from './snapshot.ts';

/** The grid the evaluation reads signals on (datasets/eval/methods/baseline-frame.ts). */
export const TUNING_STEP_SECONDS = 10;


export interface CollectOptions {
  readonly cacheDir: string;
  /** Store-backed scorers whose answers are kept in the snapshot. */
  readonly storeScorers: readonly Scorer[];
  onCase?(id: string, cached: boolean, seconds: number): void;
}

export async function collectDataset(datasetDir: string, options: CollectOptions): Promise<Result<CaseSnapshot[]>> {
  const listed = await listCases(datasetDir);
  if (!listed.ok) return listed;
  // By folder, not dataset name: generated training sets of different seeds share a name.
  const cacheDir = join(options.cacheDir, basename(resolve(datasetDir)));
  mkdirSync(cacheDir, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'causeway-rca-tuning-'));
  const snapshots: CaseSnapshot[] = [];
  try {
    for (const [index, ref] of listed.value.cases.entries()) {
      const path = join(cacheDir, `${ref.id}.json`);
      const started = performance.now();
      const cached = existsSync(path) ? await readSnapshot(path) : undefined;
      if (cached) {
        snapshots.push(cached);
        options.onCase?.(ref.id, true, 0);
        continue;
      }
      const made = await snapshotCase(listed.value.name, ref, index, dataDir, options.storeScorers);
      if (!made.ok) return made;
      await writeSnapshot(path, made.value);
      snapshots.push(made.value);
      options.onCase?.(ref.id, false, (performance.now() - started) / 1000);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  return ok(snapshots);
}

async function snapshotCase(dataset: string, ref: CaseRef, index: number, dataDir: string, storeScorers: readonly Scorer[]): Promise<Result<CaseSnapshot>> {
  return withLoadedCase(ref.dir, { dataDir, database: `causeway_rca_${process.pid}_${index}` }, (store) => analyse(dataset, ref, store, storeScorers));
}

async function analyse(dataset: string, ref: CaseRef, store: Store, storeScorers: readonly Scorer[]): Promise<Result<CaseSnapshot>> {
  const fromMillis = Date.parse(ref.truth.window.start);
  const toMillis = Date.parse(ref.truth.window.end);
  const run = await runBatchPipeline(store, { fromMillis, toMillis, stepSeconds: TUNING_STEP_SECONDS, ...shortCaseOptions(toMillis - fromMillis) });
  if (!run.ok) return run;
  const frame = await readSignalFrame(store, alignSignalRange(fromMillis, toMillis, TUNING_STEP_SECONDS));
  if (!frame.ok) return frame;

  // The evaluation's own choice of the answering incident (rankings do not matter for it).
  const records = run.value.incidents.map(({ state }) => ({ id: state.id, openedAtMillis: state.openedAtMillis, alerts: [], ranking: [] }));
  const score = scoreCase(ref.truth, { alerts: [], incidents: records });
  const byId = new Map<string, IncidentState>(run.value.incidents.map(({ state }) => [state.id, state]));
  const answers = score.faults.map((f, faultIndex) => ({ faultIndex, incident: f.answeringIncidentId === null ? null : (byId.get(f.answeringIncidentId) ?? null) }));

  const storeScores: Record<string, Record<string, EntityScore[] | { error: string }>> = {};
  const graph = run.value.graph;
  for (const { incident } of answers) {
    if (!incident || storeScores[incident.id]) continue;
    const context = { incident, frame: frame.value, graph, store, atMillis: toMillis };
    const { input } = prepareInput(context);
    const perScorer: Record<string, EntityScore[] | { error: string }> = {};
    for (const scorer of storeScorers) {
      const r = await scorer.score(input);
      perScorer[scorer.name] = r.ok ? r.value : { error: `${r.error.code}: ${r.error.message}` };
    }
    storeScores[incident.id] = perScorer;
  }
  return ok({ version: SNAPSHOT_VERSION, dataset, truth: ref.truth, atMillis: toMillis, frame: frame.value, graph: graph.toData(), answers, storeScores });
}
