/**
 * Loading a case for evaluation: every span, data point and log record of a
 * committed suite case ends up stored, once, through the parsed-JSON path.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEEP_FOREVER, OTEL_TABLES, type Store } from '../../storage/index.ts';
import { openMigratedStore, storeOptions, tempDir } from '../../storage/testing/test-store.ts';
import type { SignalFile } from '../format/index.ts';
import { readSignalLines } from '../format/index.ts';
import { type IngestedCounts, ingestCase } from './ingest-case.ts';

const CASE_DIR = join(import.meta.dirname, '..', 'generated', 'suite', 'online-boutique-004-control');
const dir = tempDir('ingest-case');
let store: Store;
let ingested: IngestedCounts;

beforeAll(async () => {
  store = await openMigratedStore(storeOptions({ dataDir: dir.path, retention: KEEP_FOREVER }));
  const loaded = await ingestCase(store, CASE_DIR);
  if (!loaded.ok) throw new Error(loaded.error.message);
  ingested = loaded.value;
});
afterAll(async () => {
  await store?.close();
  dir.remove();
});

async function itemsInFile(signal: SignalFile): Promise<{ items: number; lines: number }> {
  let items = 0;
  let lines = 0;
  for await (const line of readSignalLines(CASE_DIR, signal)) {
    if (!line.ok) throw new Error(line.error.message);
    items += line.value.items;
    lines++;
  }
  return { items, lines };
}

async function count(table: string): Promise<number> {
  const rows = await store.queryRows<{ n: string }>(`SELECT count() AS n FROM ${table}`);
  if (!rows.ok) throw new Error(rows.error.message);
  return Number(rows.value[0]?.n);
}

describe('ingestCase', () => {
  it('stores every item of every signal file, in fewer requests than lines', async () => {
    const traces = await itemsInFile('traces');
    const metrics = await itemsInFile('metrics');
    const logs = await itemsInFile('logs');
    expect(traces.items).toBeGreaterThan(1000);
    expect(await count(OTEL_TABLES.traces)).toBe(traces.items);
    expect(await count(OTEL_TABLES.logs)).toBe(logs.items);
    const metricTables = [OTEL_TABLES.gauge, OTEL_TABLES.sum, OTEL_TABLES.histogram, OTEL_TABLES.exponentialHistogram, OTEL_TABLES.summary];
    let points = 0;
    for (const table of metricTables) points += await count(table);
    expect(points).toBe(metrics.items);
    expect(ingested).toMatchObject({ items: traces.items + metrics.items + logs.items, rejectedItems: 0 });
    expect(ingested.requests).toBeLessThan(traces.lines + metrics.lines + logs.lines);
  });
});
