/**
 * Finds the cases to work on: `path` is either one case folder (it holds a
 * `case.json`) or a dataset folder whose subfolders are cases
 * (`<dataset>/<case-id>/case.json`). Subfolders without a `case.json` are not
 * cases and are skipped (a case is only complete once its writer has written
 * it). Cases come sorted by id; in a dataset each case's id must equal its
 * folder's name, as the layout says, so ids are unique and `--cases` can
 * select by folder before any other case is read.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { causewayError } from '../../core/errors.ts';
import { type Result, fail, ok } from '../../core/result.ts';
import type { CaseTruth, DatasetInfo } from './case-truth.ts';
import { compileCaseGlob } from './case-glob.ts';
import { CASE_FILE, fileLabel } from './dataset-paths.ts';
import { fileError, readCaseTruth, readDatasetInfo } from './read-truth.ts';

export interface CaseRef {
  readonly id: string;
  /** The case folder. */
  readonly dir: string;
  readonly truth: CaseTruth;
}

export interface CaseListing {
  /** The folder given, resolved. */
  readonly dir: string;
  /**
   * The dataset's name: `name` of dataset.json, else the dataset folder's
   * name (for a single case folder, the name of the folder holding it).
   */
  readonly name: string;
  /** True when `dir` is itself a case folder. */
  readonly singleCase: boolean;
  /** `dataset.json` of a dataset folder, when present. */
  readonly info: DatasetInfo | undefined;
  /** The selected cases, sorted by id (empty when the glob matched none). */
  readonly cases: readonly CaseRef[];
}

/** `cases`: keep only the cases whose id matches this glob (`*`, `?`; see case-glob.ts). */
export async function listCases(path: string, cases?: string): Promise<Result<CaseListing>> {
  const dir = resolve(path);
  const matches = cases === undefined ? () => true : compileCaseGlob(cases);
  try {
    const s = await stat(dir);
    if (!s.isDirectory()) return fail(causewayError('CW_ERR_DATASET_NOT_FOUND', `${path}: not a folder (expected a dataset or case folder)`));
  } catch (e) {
    return fail(fileError(e, path));
  }

  if (await isFile(join(dir, CASE_FILE))) {
    const truth = await readCaseTruth(dir);
    if (!truth.ok) return truth;
    const selected = matches(truth.value.id) ? [{ id: truth.value.id, dir, truth: truth.value }] : [];
    return ok({ dir, name: basename(dirname(dir)), singleCase: true, info: undefined, cases: selected });
  }

  const info = await readDatasetInfo(dir);
  if (!info.ok) return info;
  let names: string[];
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    names = entries.filter((e) => e.isDirectory() || e.isSymbolicLink()).map((e) => e.name);
  } catch (e) {
    return fail(fileError(e, path));
  }
  const caseNames: string[] = [];
  for (const name of names) if (await isFile(join(dir, name, CASE_FILE))) caseNames.push(name);
  if (caseNames.length === 0) return fail(causewayError('CW_ERR_DATASET_NOT_FOUND', `${path}: no ${CASE_FILE} in this folder or in its subfolders`));

  const selected: CaseRef[] = [];
  for (const name of caseNames.filter(matches)) {
    const caseDir = join(dir, name);
    const truth = await readCaseTruth(caseDir);
    if (!truth.ok) return truth;
    if (truth.value.id !== name) {
      const what = `id: ${JSON.stringify(truth.value.id)} differs from its folder's name ${JSON.stringify(name)} (the layout is <dataset>/<case-id>/case.json)`;
      return fail(causewayError('CW_ERR_DATASET_INVALID', `${fileLabel(caseDir, CASE_FILE)}: ${what}`));
    }
    selected.push({ id: name, dir: caseDir, truth: truth.value });
  }
  selected.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return ok({ dir, name: info.value?.name || basename(dir), singleCase: false, info: info.value, cases: selected });
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
