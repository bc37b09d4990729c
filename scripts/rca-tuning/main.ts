/**
 * Tunes the fusion weights of the cause ranker and reports its accuracy.
 *
 *   npx tsx scripts/rca-tuning/main.ts --train <dataset>[@glob,...] ... --report <dataset>[@glob,...] ...
 *       [--cache <dir>] [--no-fit]
 *
 * Every dataset is turned into snapshots (collect.ts: ingested into a fresh
 * store, run through `causeway eval`'s own method, the answering incident
 * per fault as last ranked, store-backed scorers run once); replayed with
 * the defaults they give the evaluation's rankings. Snapshots are cached
 * under --cache
 * (default $TMPDIR/causeway-rca-cache) and reused. The weights are fitted
 * on the --train datasets only, both as they are and in a metrics-only view
 * (trace series, call graph and trace scorer taken away) so that the
 * weights also hold when traces are missing. The figures are printed for
 * every dataset with the current defaults (CAUSE_RANKER_DEFAULTS) and with
 * the fitted weights; copy the fitted weights into TUNED_WEIGHTS
 * (ranker.ts) to adopt them.
 *
 * Never pass the cases you report as --train: generated training sets come
 * from seeds other than the committed suite's (generate-training.ts).
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileCaseGlob } from '../../datasets/format/index.ts';
import { type CauseRankerOptions, createStoreScorers, resolveRankerOptions } from '../../rca/ranker.ts';
import { accuracy, formatAccuracy } from './accuracy.ts';
import { collectDataset } from './collect.ts';
import { fitWeights, objective } from './fit-weights.ts';
import { type ScoredIncident, type SnapshotView, rankScored, scoreSnapshot } from './replay.ts';
import type { CaseSnapshot } from './snapshot.ts';

interface DatasetArg {
  readonly label: string;
  readonly dir: string;
  readonly keep: (id: string) => boolean;
}

function parseArgs(argv: readonly string[]) {
  const train: DatasetArg[] = [];
  const report: DatasetArg[] = [];
  let cache = join(tmpdir(), 'causeway-rca-cache');
  let fit = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--no-fit') fit = false;
    else if (a === '--cache') cache = argv[++i] ?? cache;
    else if (a === '--train' || a === '--report') {
      const value = argv[++i];
      if (!value) throw new Error(`${a} needs a dataset folder`);
      const [dir, globs] = value.split('@') as [string, string | undefined];
      const matchers = (globs ?? '*').split(',').map(compileCaseGlob);
      (a === '--train' ? train : report).push({ label: value, dir, keep: (id) => matchers.some((m) => m(id)) });
    } else throw new Error(`unknown argument ${a}`);
  }
  if (train.length === 0 && report.length === 0) throw new Error('usage: main.ts --train <dataset>[@glob,...] ... --report <dataset>[@glob,...] ... [--cache <dir>] [--no-fit]');
  return { train, report, cache, fit };
}

async function snapshotsOf(arg: DatasetArg, cacheDir: string, options: CauseRankerOptions): Promise<CaseSnapshot[]> {
  const started = performance.now();
  const collected = await collectDataset(arg.dir, {
    cacheDir,
    keep: arg.keep,
    storeScorers: createStoreScorers(options),
    onCase: (id, cached, seconds) => {
      if (!cached) process.stderr.write(`  collected ${id} in ${seconds.toFixed(1)} s\n`);
    },
  });
  if (!collected.ok) throw new Error(`${arg.dir}: ${collected.error.code}: ${collected.error.message}`);
  process.stderr.write(`${arg.label}: ${collected.value.length} cases ready in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return collected.value;
}

async function scoreAll(snapshots: readonly CaseSnapshot[], options: CauseRankerOptions, view: SnapshotView): Promise<ScoredIncident[]> {
  const out: ScoredIncident[] = [];
  for (const s of snapshots) out.push(...(await scoreSnapshot(s, options, view)));
  return out;
}

const args = parseArgs(process.argv.slice(2));
const defaults = resolveRankerOptions();
const sets = new Map<DatasetArg, CaseSnapshot[]>();
for (const arg of [...args.train, ...args.report]) sets.set(arg, await snapshotsOf(arg, args.cache, defaults));

const scored = new Map<DatasetArg, { all: ScoredIncident[]; metricsOnly: ScoredIncident[] }>();
for (const [arg, snapshots] of sets) scored.set(arg, { all: await scoreAll(snapshots, defaults, 'all'), metricsOnly: await scoreAll(snapshots, defaults, 'metrics-only') });

let tuned: CauseRankerOptions = defaults;
const training = args.train.flatMap((arg) => [...scored.get(arg)!.all, ...scored.get(arg)!.metricsOnly]);
if (training.length > 0) process.stdout.write(`objective of the defaults on ${training.length} training incidents (both views): ${objective(training, defaults.fusion).toFixed(4)}\n`);
if (args.fit && args.train.length > 0) {
  const fit = fitWeights(training, defaults.fusion);
  tuned = resolveRankerOptions({ fusion: { weights: fit.weights, absentShare: fit.absentShare } });
  process.stdout.write(`fitted on ${training.length} training incidents (both views) in ${fit.rounds} rounds, objective ${fit.objective.toFixed(4)}:\n${JSON.stringify({ weights: fit.weights, absentShare: fit.absentShare }, null, 2)}\n\n`);
}

const rows: string[] = [];
for (const [name, options] of [['defaults', defaults], ...(tuned === defaults ? [] : [['fitted', tuned] as const])] as const) {
  rows.push(`-- ${name} weights: ${JSON.stringify(options.fusion.weights)}, absentShare ${options.fusion.absentShare}`);
  for (const [kind, list] of [['train', args.train], ['report', args.report]] as const) {
    for (const arg of list) {
      const s = scored.get(arg)!;
      rows.push(formatAccuracy(`${kind} ${arg.label}`, accuracy(rankScored(s.all, options.fusion))));
      rows.push(formatAccuracy(`  (metrics-only view)`, accuracy(rankScored(s.metricsOnly, options.fusion))));
    }
  }
  if (args.train.length > 1) {
    rows.push(formatAccuracy('all training sets', accuracy(args.train.flatMap((arg) => rankScored(scored.get(arg)!.all, options.fusion)))));
    rows.push(formatAccuracy('  (metrics-only view)', accuracy(args.train.flatMap((arg) => rankScored(scored.get(arg)!.metricsOnly, options.fusion)))));
  }
}
process.stdout.write(`${rows.join('\n')}\n`);
