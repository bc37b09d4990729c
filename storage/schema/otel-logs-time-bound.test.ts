import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogRow } from '../otel-rows.ts';
import type { Store } from '../store.ts';
import { logRowOf } from '../testing/log-row.ts';
import { openMigratedStore, storeOptions, tempDir } from '../testing/test-store.ts';
import { otelLogsTimeBound } from './otel-tables.ts';
import { KEEP_FOREVER } from './ttl.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-05T12:00:00Z');
const dir = tempDir('otel-logs-time-bound');
let store: Store;

function log(service: string, atMillis: number): LogRow {
  return logRowOf({ Timestamp: String(BigInt(atMillis) * 1_000_000n), SeverityText: 'INFO', SeverityNumber: 9, ServiceName: service, Body: `at ${atMillis}` });
}

// Two days (two partitions) of two services, with records on and around the window's edges.
const WINDOW = { from: T0 + 5000, to: T0 + 15_000 };
const EDGES = [WINDOW.from - 1, WINDOW.from, WINDOW.from + 999, WINDOW.to - 1, WINDOW.to, WINDOW.to + 999];

beforeAll(async () => {
  store = await openMigratedStore(storeOptions({ dataDir: dir.path, retention: KEEP_FOREVER }));
  const rows = ['api', 'db'].flatMap((s) => [...EDGES, T0 - 3600_000, T0 + 3600_000].flatMap((t) => [log(s, t), log(s, t + DAY)]));
  const inserted = await store.insertRows('otel_logs', rows);
  if (!inserted.ok) throw new Error(inserted.error.message);
});

afterAll(async () => {
  await store?.close();
  dir.remove();
});

const EXACT = 'Timestamp >= fromUnixTimestamp64Milli({from:Int64}) AND Timestamp < fromUnixTimestamp64Milli({to:Int64})';
const BOUNDED = `${EXACT} AND ${otelLogsTimeBound('{from:Int64}', '{to:Int64}')}`;

async function times(where: string): Promise<number[]> {
  const rows = await store.queryRows<{ t: number }>(`SELECT toUnixTimestamp64Milli(Timestamp) AS t FROM otel_logs WHERE ${where} ORDER BY t, ServiceName`, WINDOW);
  if (!rows.ok) throw new Error(rows.error.message);
  return rows.value.map((r) => Number(r.t));
}

/** Granules left to read after every index (the last "Granules: a/b" of EXPLAIN indexes = 1). */
async function granulesRead(where: string): Promise<number> {
  const plan = await store.queryRows<{ explain: string }>(`EXPLAIN indexes = 1 SELECT count() FROM otel_logs WHERE ${where}`, WINDOW);
  if (!plan.ok) throw new Error(plan.error.message);
  const counts = plan.value.flatMap((r) => [...r.explain.matchAll(/Granules: (\d+)\/\d+/g)].map((m) => Number(m[1])));
  expect(counts.length).toBeGreaterThan(0);
  return counts.at(-1)!;
}

describe('otelLogsTimeBound', () => {
  it('keeps every record of the range, up to its last millisecond, and no other', async () => {
    const inWindow = EDGES.filter((t) => t >= WINDOW.from && t < WINDOW.to).flatMap((t) => [t, t]);
    expect(await times(EXACT)).toEqual(inWindow);
    expect(await times(BOUNDED)).toEqual(inWindow);
  });

  it("lets the engine skip the other day's partition, which a bound on Timestamp alone does not", async () => {
    expect(await granulesRead(EXACT)).toBe(2);
    expect(await granulesRead(BOUNDED)).toBe(1);
  });
});
