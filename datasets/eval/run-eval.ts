/**
 * `causeway eval`: each case replayed into a fresh, empty store (one
 * database per case in one embedded store), the method run on it, its
 * conclusions scored against the truth, the store dropped. Everything runs
 * in one process, driven by the data's own timestamps: an hour-long case
 * takes as long as its data takes to load and analyse.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Result, fail, ok } from '../../core/result.ts';
import { SIGNAL_FILES, type CaseTruth, type SignalFile } from '../format/index.ts';
import { listCases } from '../format/index.ts';
import { withLoadedCase } from './loaded-case.ts';
import { EVAL_METHODS } from './methods/index.ts';
import { scoreCase } from './score-case.ts';
import { type EvalReport, type ScoredCase, summarize } from './summarize.ts';
import { causewayError } from '../../core/errors.ts';

export interface EvalOptions {
  readonly method: string;
  /** Glob over case ids (`*` and `?`). */
  readonly cases?: string;
  /** Exactly these case ids (what a parallel worker is given). */
  readonly caseIds?: readonly string[];
  /** ClickHouse URL to evaluate on a server instead of the embedded engine. */
  readonly clickhouseUrl?: string;
  /** Load only these signals of each case (how the method copes with less); default all. */
  readonly signals?: readonly SignalFile[];
  onCaseDone?(done: number, total: number, scored: ScoredCase): void;
}


export async function runEval(datasetDir: string, options: EvalOptions): Promise<Result<EvalReport>> {
  const method = EVAL_METHODS.get(options.method);
  if (!method) return fail(causewayError('CW_ERR_CLI_USAGE', `unknown method "${options.method}" (use one of ${[...EVAL_METHODS.keys()].join(', ')})`));
  const listed = await listCases(datasetDir, options.cases);
  if (!listed.ok) return listed;
  const wanted = options.caseIds ? new Set(options.caseIds) : undefined;
  const selected = listed.value.cases.filter((c) => !wanted || wanted.has(c.id));
  const dataDir = mkdtempSync(join(tmpdir(), 'causeway-eval-'));
  const scored: ScoredCase[] = [];
  try {
    for (const [index, entry] of selected.entries()) {
      const one = await evaluateCase(entry.dir, entry.truth, index, dataDir, options);
      if (!one.ok) return one;
      scored.push(one.value);
      options.onCaseDone?.(index + 1, selected.length, one.value);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  return ok(summarize(listed.value.name, method.name, scored, options.signals ?? SIGNAL_FILES));
}

async function evaluateCase(caseDir: string, truth: CaseTruth, index: number, dataDir: string, options: EvalOptions): Promise<Result<ScoredCase>> {
  const started = performance.now();
  const database = `causeway_eval_${process.pid}_${index}`;
  const where = { dataDir, database, ...(options.clickhouseUrl ? { clickhouseUrl: options.clickhouseUrl } : {}), ...(options.signals ? { signals: options.signals } : {}) };
  return withLoadedCase(caseDir, where, async (store) => {
    const method = EVAL_METHODS.get(options.method)!;
    const output = await method.analyze({
      caseId: truth.id,
      store,
      windowStartMillis: Date.parse(truth.window.start),
      windowEndMillis: Date.parse(truth.window.end),
    });
    if (!output.ok) return output;
    const score = scoreCase(truth, output.value);
    return ok({ truth, output: output.value, score, seconds: (performance.now() - started) / 1000 });
  });
}
