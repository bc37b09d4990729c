/**
 * `importDataset(format, {sourceDir, outDir})`: converts a third-party
 * labelled dataset into the dataset format, one case folder per source
 * case (`<outDir>/<case id>/`), plus `<outDir>/dataset.json` describing the
 * source. Cases are converted one after another, each read whole, converted
 * and written before the next is read, so memory is bounded by the largest
 * case.
 *
 * Expected failures (a missing file, a malformed CSV, a folder name without
 * a label) are returned as a CausewayError naming the file, line and column;
 * cases imported before the failure stay written and complete. Existing
 * cases with the same id are replaced.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fail, ok, type Result } from '../../core/result.ts';
import { DATASET_FILE, type DatasetInfo } from '../format/index.ts';
import type { ImportedCase } from './case-output.ts';
import { DatasetImportError } from './import-error.ts';
import { importRcaevalCase } from './rcaeval-importer.ts';
import { findRcaevalCases } from './rcaeval-layout.ts';
import { findSockShopCases, importSockShopCase } from './sock-shop-importer.ts';

export const IMPORT_FORMATS = ['rcaeval', 'sock-shop-rcd'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportOptions {
  /** The source: a whole tree, a system folder, a fault folder or one case. */
  readonly sourceDir: string;
  /** The dataset folder to write into (created when missing). */
  readonly outDir: string;
  /** The `system` of every case, when the folder names do not say (RCAEval). */
  readonly system?: string;
  /** Called after each case is written, for progress output. */
  readonly onCase?: (imported: ImportedCase) => void;
}

export interface ImportSummary {
  readonly format: ImportFormat;
  readonly outDir: string;
  readonly cases: readonly ImportedCase[];
  readonly seconds: number;
}

interface PlannedCase {
  readonly run: () => Promise<ImportedCase>;
}

async function plan(format: ImportFormat, options: ImportOptions): Promise<{ cases: PlannedCase[]; info: DatasetInfo }> {
  if (format === 'sock-shop-rcd') {
    const cases = await findSockShopCases(options.sourceDir);
    return {
      cases: cases.map((c) => ({ run: () => importSockShopCase(c, options.outDir) })),
      info: {
        name: 'sock-shop-rcd',
        system: 'sock-shop',
        description: 'Sock Shop on Kubernetes with CPU-hog and memory-leak faults injected into one service at a time; metrics only.',
        source: 'Ikram et al., "Root Cause Analysis of Failures in Microservices through Causal Discovery", NeurIPS 2022 (RCAEval "Sock Shop 1")',
      },
    };
  }
  const cases = await findRcaevalCases(options.sourceDir, options.system);
  const systems = [...new Set(cases.map((c) => c.system))];
  const suites = [...new Set(cases.map((c) => c.suite))].sort();
  return {
    cases: cases.map((c) => ({ run: () => importRcaevalCase(c, options.outDir) })),
    info: {
      name: `rcaeval-${suites.join('-').toLowerCase()}`,
      ...(systems.length === 1 ? { system: systems[0] } : {}),
      description: `RCAEval ${suites.join(', ')}: microservice systems with injected resource, network and code faults.`,
      source: 'RCAEval benchmark, https://github.com/phamquiluan/RCAEval, data doi:10.5281/zenodo.13305663',
      license: 'MIT',
    },
  };
}

export async function importDataset(format: ImportFormat, options: ImportOptions): Promise<Result<ImportSummary>> {
  const started = performance.now();
  try {
    const { cases, info } = await plan(format, options);
    await mkdir(options.outDir, { recursive: true });
    await writeFile(join(options.outDir, DATASET_FILE), `${JSON.stringify(info, null, 2)}\n`);
    const imported: ImportedCase[] = [];
    for (const c of cases) {
      const done = await c.run();
      imported.push(done);
      options.onCase?.(done);
    }
    return ok({ format, outDir: options.outDir, cases: imported, seconds: (performance.now() - started) / 1000 });
  } catch (e) {
    if (e instanceof DatasetImportError) return fail(e.toCausewayError());
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      return fail(new DatasetImportError((e as NodeJS.ErrnoException).path ?? options.outDir, (e as Error).message, undefined, undefined, 'CW_ERR_DATASET_IO').toCausewayError());
    }
    throw e;
  }
}
