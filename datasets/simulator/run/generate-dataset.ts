/**
 * Generates a dataset folder: `dataset.json` and one case folder per case,
 * through the dataset format's writer. Case i gets kind `kinds[i % n]`, so
 * `--faults all --cases 18` gives every fault type twice. The same request
 * always writes the same bytes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatasetInfo } from '../../format/case-truth.ts';
import { planCase, type CaseKind } from '../plan/case-plan.ts';
import type { CasePlan } from '../plan/case-plan.ts';
import { getSystem } from '../topologies/index.ts';
import { runCase, type CaseStats } from './case-runner.ts';
import { createWriterSink } from './writer-sink.ts';

export interface DatasetRequest {
  readonly system: string;
  /** Case kinds, assigned to cases in turn. */
  readonly kinds: readonly CaseKind[];
  readonly cases: number;
  readonly seed: string;
  readonly outDir: string;
  readonly minutes: number;
  /** Index of the first case (ids and windows follow the index); default 0. */
  readonly firstIndex?: number;
  readonly traceSampleRatio?: number;
  readonly minMetricsIntervalSeconds?: number;
  readonly idPrefix?: string;
  readonly gzipLevel?: number;
  /** Write dataset.json (default true). */
  readonly datasetInfo?: DatasetInfo | false;
  /** Called after each case is written. */
  readonly onCase?: (plan: CasePlan, stats: CaseStats) => void;
}

export interface DatasetResult {
  readonly dir: string;
  readonly cases: readonly CaseStats[];
}

export async function generateDataset(req: DatasetRequest): Promise<DatasetResult> {
  const system = getSystem(req.system);
  if (!system) throw new Error(`unknown system ${req.system}`);
  if (req.kinds.length === 0) throw new Error('no case kinds given');
  await mkdir(req.outDir, { recursive: true });
  if (req.datasetInfo !== false) {
    const info: DatasetInfo = req.datasetInfo ?? {
      name: `${system.name}-simulated`,
      system: system.name,
      description: `${system.description} Simulated by Causeway (seed ${req.seed}).`,
      source: 'causeway dataset generate',
      license: 'Apache-2.0',
    };
    await writeFile(join(req.outDir, 'dataset.json'), `${JSON.stringify(info, null, 2)}\n`);
  }
  const first = req.firstIndex ?? 0;
  const results: CaseStats[] = [];
  for (let i = 0; i < req.cases; i++) {
    const plan = planCase({
      system,
      kind: req.kinds[i % req.kinds.length]!,
      index: first + i,
      seed: req.seed,
      minutes: req.minutes,
      ...(req.traceSampleRatio !== undefined ? { traceSampleRatio: req.traceSampleRatio } : {}),
      ...(req.minMetricsIntervalSeconds !== undefined ? { minMetricsIntervalSeconds: req.minMetricsIntervalSeconds } : {}),
      ...(req.idPrefix !== undefined ? { idPrefix: req.idPrefix } : {}),
    });
    const sink = await createWriterSink(join(req.outDir, plan.id), plan.truth, req.gzipLevel !== undefined ? { gzipLevel: req.gzipLevel } : {});
    const stats = await runCase(plan, sink);
    await sink.close();
    results.push(stats);
    req.onCase?.(plan, stats);
  }
  return { dir: req.outDir, cases: results };
}
