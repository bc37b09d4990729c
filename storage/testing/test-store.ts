/**
 * Test helpers: store options built from the configuration defaults, and a
 * fresh temporary data folder per test file (chDB binds one folder per
 * process; vitest runs each test file in its own process).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CausewayConfig, loadConfig } from '../../config/index.ts';
import type { StoreOptions } from '../client-factory.ts';
import { migrate } from '../schema/migrate.ts';
import { type Store, openStore } from '../store.ts';

export function defaultConfig(): CausewayConfig {
  const loaded = loadConfig({ env: {} });
  if (!loaded.ok) throw new Error(loaded.error.message);
  return loaded.value;
}

export type TestStoreOptions = StoreOptions & { readonly retention: CausewayConfig['retention'] };

export function storeOptions(overrides: Partial<TestStoreOptions> = {}): TestStoreOptions {
  const config = defaultConfig();
  return { ...config.clickhouse, dataDir: config.dataDir, retention: config.retention, ...overrides };
}

export interface TempDir {
  readonly path: string;
  remove(): void;
}

export function tempDir(prefix: string): TempDir {
  const path = mkdtempSync(join(tmpdir(), `causeway-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * A store opened on `options` with no migration applied (a test of
 * migrations applies them itself): failures throw, since a test cannot go
 * on without its store.
 */
export async function openTestStore(options: TestStoreOptions): Promise<Store> {
  const opened = await openStore(options);
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value;
}

/** A store opened on `options` with every migration applied, for test set-up (failures throw). */
export async function openMigratedStore(options: TestStoreOptions): Promise<Store> {
  const store = await openTestStore(options);
  const migrated = await migrate(store, options);
  if (!migrated.ok) throw new Error(migrated.error.message);
  return store;
}
