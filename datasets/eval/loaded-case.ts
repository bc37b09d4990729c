/**
 * One case loaded into a store of its own, the way `causeway eval` loads it:
 * the store the configuration defaults describe (embedded unless a server URL
 * is given), every migration applied, retention off (replayed cases are
 * older than any retention period), the case's lines through the collector's
 * own ingest path. The store is handed to `use`; afterwards a database made
 * for the case is dropped and the store closed, whatever `use` returned.
 */
import { loadConfig } from '../../config/index.ts';
import type { Result } from '../../core/result.ts';
import { KEEP_FOREVER, type Store, migrate, openStore } from '../../storage/index.ts';
import type { SignalFile } from '../format/index.ts';
import { type IngestedCounts, ingestCase } from './ingest-case.ts';

export interface LoadedCaseOptions {
  readonly dataDir: string;
  /** A database just for this case, dropped afterwards; default the configuration's (kept). */
  readonly database?: string;
  /** A ClickHouse server instead of the embedded engine. */
  readonly clickhouseUrl?: string;
  /** Only these signal files are loaded; default all. */
  readonly signals?: readonly SignalFile[];
}

export async function withLoadedCase<T>(caseDir: string, options: LoadedCaseOptions, use: (store: Store, ingested: IngestedCounts) => Promise<Result<T>>): Promise<Result<T>> {
  const config = loadConfig({
    flags: {
      'data-dir': options.dataDir,
      'clickhouse-url': options.clickhouseUrl ?? '',
      ...(options.database !== undefined ? { 'clickhouse-database': options.database } : {}),
    },
    env: {},
  });
  if (!config.ok) return config;
  const storeOptions = { ...config.value.clickhouse, dataDir: options.dataDir, retention: KEEP_FOREVER };
  const opened = await openStore(storeOptions);
  if (!opened.ok) return opened;
  const store = opened.value;
  try {
    const migrated = await migrate(store, storeOptions);
    if (!migrated.ok) return migrated;
    const ingested = await ingestCase(store, caseDir, options.signals);
    if (!ingested.ok) return ingested;
    return await use(store, ingested.value);
  } finally {
    if (options.database !== undefined) await store.command(`DROP DATABASE IF EXISTS ${storeOptions.database}`);
    await store.close();
  }
}
