/**
 * Finding the case folders of a source tree: the given folder itself when
 * it is a case, else every case below it, in folder-name order (numbers
 * numerically, so repeat 10 follows 9). Hidden folders are skipped, and the
 * search does not descend into a case or below `maxDepth` levels.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { notFound } from './import-error.ts';

export interface CaseFolder {
  readonly dir: string;
  /** Names of the regular files directly in the folder. */
  readonly files: ReadonlySet<string>;
}

export async function findCaseFolders(root: string, isCase: (files: ReadonlySet<string>) => boolean, maxDepth: number): Promise<CaseFolder[]> {
  const info = await stat(root).catch(() => undefined);
  if (!info) throw notFound(root, 'no such folder');
  if (!info.isDirectory()) throw notFound(root, 'not a folder');
  const found: CaseFolder[] = [];
  const visit = async (dir: string, depth: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    const files = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
    if (isCase(files)) {
      found.push({ dir, files });
      return;
    }
    if (depth >= maxDepth) return;
    const folders = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
    folders.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    for (const name of folders) await visit(join(dir, name), depth + 1);
  };
  await visit(root, 0);
  return found;
}
