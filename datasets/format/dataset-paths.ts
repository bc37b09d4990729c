/**
 * File names of the dataset format (version 1) and how messages name them:
 * `<case folder>/<file>`, e.g. `carts-cpu-1/traces.jsonl.gz`, so an error
 * points at the file without the machine-specific path before it.
 */
import { basename, resolve } from 'node:path';
import type { SignalFile } from './case-truth.ts';

export const CASE_FILE = 'case.json';
export const DATASET_FILE = 'dataset.json';

/** The two accepted names of a signal's file, preferred (gzipped) first. */
export function signalFileNames(signal: SignalFile): readonly [gzipped: string, plain: string] {
  return [`${signal}.jsonl.gz`, `${signal}.jsonl`];
}

/** `<last folder of dir>/<name>`, the form every dataset error message uses. */
export function fileLabel(dir: string, name: string): string {
  return `${basename(resolve(dir))}/${name}`;
}
