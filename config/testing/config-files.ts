/**
 * Test helper: YAML config files in one temporary folder per test file,
 * removed by `remove()` (call it from `afterAll`). Each file is a
 * `causeway.yaml` in its own subfolder, as a user's would be named.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ConfigFiles {
  /** Writes `yaml` to a new file and returns its path. */
  write(yaml: string): string;
  remove(): void;
}

export function createConfigFiles(): ConfigFiles {
  const root = mkdtempSync(join(tmpdir(), 'causeway-config-'));
  let written = 0;
  return {
    write(yaml) {
      const dir = join(root, String(++written));
      mkdirSync(dir);
      const path = join(dir, 'causeway.yaml');
      writeFileSync(path, yaml);
      return path;
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
