/**
 * Turns labelled cases into snapshots (snapshot.ts), the way `causeway
 * eval --method causeway` sees them: each case is ingested through the
 * collector's path into a fresh database and run through the evaluation's
 * own method (datasets/eval/methods/causeway-method.ts: the correlator
 * runtime, window by window, with rca/'s ranker). The ranker is wrapped so
 * that each incident's last ranking context (the one its reported causes
 * come from) is kept: the signal frame, the graph and the time as the
 * runtime had them then. For each fault the incident that answers it is
 * chosen by the evaluation's own rule (score-case.ts), and the
 * store-backed scorers run on that incident's last context while the store
 * is open. Replaying a snapshot with the defaults therefore gives the
 * evaluation's rankings.
 *
 * Snapshots are cached by case id: a second run only replays them.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { type Result, ok } from '../../core/result.ts';
import type { CauseRanker, RankingContext } from '../../correlator/index.ts';
import { listCases, scoreCase, type CaseRef } from '../../datasets/index.ts';
import { withLoadedCase } from '../../datasets/eval/index.ts';
import { runCausewayMethod } from '../../datasets/eval/methods/causeway-method.ts';
import type { Store } from '../../storage/index.ts';
import { createCauseRanker } from '../../rca/index.ts';
import { hasOtherStories, prepareInput, withOtherStories } from '../../rca/scorer-input.ts';
import type { EntityScore, Scorer } from '../../rca/scorer.ts';
import { type CaseSnapshot, type RankingSnapshot, SNAPSHOT_VERSION, type StoreAnswers, readSnapshot, writeSnapshot } from './snapshot.ts';

export interface CollectOptions {
  readonly cacheDir: string;
  /** Cases to collect, by id; default all of the dataset's. */
  readonly keep?: (caseId: string) => boolean;
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
      if (options.keep && !options.keep(ref.id)) continue;
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

async function storeAnswers(context: RankingContext, storeScorers: readonly Scorer[]): Promise<StoreAnswers> {
  const { input } = prepareInput(context);
  const perScorer: Record<string, EntityScore[] | { error: string }> = {};
  for (const scorer of storeScorers) {
    const r = await scorer.score(input);
    perScorer[scorer.name] = r.ok ? [...r.value] : { error: `${r.error.code}: ${r.error.message}` };
  }
  return perScorer;
}

async function analyse(dataset: string, ref: CaseRef, store: Store, storeScorers: readonly Scorer[]): Promise<Result<CaseSnapshot>> {
  const ranker = createCauseRanker();
  const lastContext = new Map<string, RankingContext>();
  const recording: CauseRanker = {
    rank(context) {
      lastContext.set(context.incident.id, context);
      return ranker.rank(context);
    },
  };
  const output = await runCausewayMethod(
    { store, windowStartMillis: Date.parse(ref.truth.window.start), windowEndMillis: Date.parse(ref.truth.window.end) },
    recording,
  );
  if (!output.ok) return output;

  // The evaluation's own choice of the answering incident.
  const score = scoreCase(ref.truth, output.value);
  const answers = [];
  const storeScores: Record<string, StoreAnswers> = {};
  const storeScoresWithOthers: Record<string, StoreAnswers> = {};
  for (const [faultIndex, fault] of score.faults.entries()) {
    const context = fault.answeringIncidentId === null ? undefined : lastContext.get(fault.answeringIncidentId);
    if (!context) {
      answers.push({ faultIndex, ranking: null });
      continue;
    }
    const ranking: RankingSnapshot = {
      incident: context.incident,
      frame: context.frame,
      graph: context.graph?.toData() ?? null,
      atMillis: context.atMillis,
      otherStories: [...(context.otherStories ?? [])],
    };
    answers.push({ faultIndex, ranking });
    if (storeScores[context.incident.id]) continue;
    storeScores[context.incident.id] = await storeAnswers(context, storeScorers);
    if (hasOtherStories(context)) storeScoresWithOthers[context.incident.id] = await storeAnswers(withOtherStories(context), storeScorers);
  }
  return ok({ version: SNAPSHOT_VERSION, dataset, truth: ref.truth, answers, storeScores, storeScoresWithOthers });
}
