/**
 * `eval --parallel N`: the cases split over N child processes (the embedded
 * engine binds one data folder per process), each writing its report as
 * JSON; the parent summarizes the case reports together. Helps where one
 * process leaves cores idle: decoding runs on one JS thread while the engine
 * writes on others.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { causewayError } from '../../core/errors.ts';
import { type Result, fail, ok } from '../../core/result.ts';
import type { SignalFile } from '../format/index.ts';
import { listCases } from '../format/index.ts';
import { type EvalReport, summarizeReports } from './summarize.ts';

const CLI = fileURLToPath(new URL('../../bin/causeway.js', import.meta.url));

export interface ParallelEvalOptions {
  readonly method: string;
  readonly cases?: string;
  readonly workers: number;
  readonly signals?: readonly SignalFile[];
  onWorkerDone?(done: number, total: number): void;
}

function runWorker(dir: string, method: string, ids: readonly string[], jsonFile: string, signals: readonly SignalFile[] | undefined): Promise<Result<EvalReport>> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'eval', dir, '--method', method, '--case-ids', ids.join(','), '--json', jsonFile, '--quiet', ...(signals ? ['--signals', signals.join(',')] : [])], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => {
      if (code !== 0) return resolve(fail(causewayError('CW_ERR_DATASET_IO', `eval worker exited with ${code}: ${stderr.trim().split('\n').pop() ?? ''}`)));
      resolve(ok(JSON.parse(readFileSync(jsonFile, 'utf8')) as EvalReport));
    });
  });
}

export async function runParallelEval(dir: string, options: ParallelEvalOptions): Promise<Result<EvalReport>> {
  const listed = await listCases(dir, options.cases);
  if (!listed.ok) return listed;
  const ids = listed.value.cases.map((c) => c.id);
  const workers = Math.max(1, Math.min(options.workers, ids.length));
  const groups = Array.from({ length: workers }, (_, w) => ids.filter((_, i) => i % workers === w));
  const tmp = mkdtempSync(join(tmpdir(), 'causeway-eval-parallel-'));
  try {
    let done = 0;
    const results = await Promise.all(
      groups.map((group, w) =>
        runWorker(dir, options.method, group, join(tmp, `worker-${w}.json`), options.signals).then((r) => {
          options.onWorkerDone?.(++done, workers);
          return r;
        }),
      ),
    );
    const failed = results.find((r) => !r.ok);
    if (failed) return failed;
    const reports = results.map((r) => (r as { ok: true; value: EvalReport }).value);
    const byId = new Map(reports.flatMap((r) => r.cases).map((c) => [c.id, c]));
    return ok(summarizeReports(listed.value.name, options.method, ids.map((id) => byId.get(id)!), options.signals));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
