/**
 * Reading `case.json` and `dataset.json` from disk. Expected failures come
 * back as values naming the file: CW_ERR_DATASET_NOT_FOUND (no such file),
 * CW_ERR_DATASET_IO (unreadable), CW_ERR_DATASET_INVALID (not JSON, or a
 * field breaks the format; see validate-truth.ts).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CausewayError, causewayError } from '../../core/errors.ts';
import { type Result, fail, ok } from '../../core/result.ts';
import type { CaseTruth, DatasetInfo } from './case-truth.ts';
import { CASE_FILE, DATASET_FILE, fileLabel } from './dataset-paths.ts';
import { validateCaseTruth, validateDatasetInfo } from './validate-truth.ts';

/** The truth of the case in `caseDir`, validated. */
export async function readCaseTruth(caseDir: string): Promise<Result<CaseTruth>> {
  const label = fileLabel(caseDir, CASE_FILE);
  const json = await readJsonFile(join(caseDir, CASE_FILE), label);
  return json.ok ? validateCaseTruth(json.value, label) : json;
}

/** `dataset.json` of `datasetDir`, validated; `undefined` when the optional file is absent. */
export async function readDatasetInfo(datasetDir: string): Promise<Result<DatasetInfo | undefined>> {
  const label = fileLabel(datasetDir, DATASET_FILE);
  const json = await readJsonFile(join(datasetDir, DATASET_FILE), label);
  if (!json.ok) return json.error.code === 'CW_ERR_DATASET_NOT_FOUND' ? ok(undefined) : json;
  return validateDatasetInfo(json.value, label);
}

async function readJsonFile(path: string, label: string): Promise<Result<unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    return fail(fileError(e, label));
  }
  try {
    return ok(JSON.parse(text));
  } catch (e) {
    return fail(causewayError('CW_ERR_DATASET_INVALID', `${label}: not valid JSON: ${(e as Error).message}`));
  }
}

/** A file-system failure as a dataset error: NOT_FOUND for a missing file or folder, IO otherwise. */
export function fileError(e: unknown, label: string): CausewayError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return causewayError('CW_ERR_DATASET_NOT_FOUND', `${label}: no such file`);
  return causewayError('CW_ERR_DATASET_IO', `${label}: ${(e as Error).message}`);
}
