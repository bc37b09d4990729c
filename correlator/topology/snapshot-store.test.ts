/**
 * Topology snapshots saved to and loaded from the real embedded engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../storage/index.ts';
import { openMigratedStore, storeOptions, tempDir } from '../../storage/testing/test-store.ts';
import { createServiceGraph } from './service-graph.ts';
import { loadSnapshotAt, saveSnapshot } from './snapshot-store.ts';
import { KEEP_FOREVER } from './topology-fixtures.ts';
import type { TopologyData } from './topology.ts';

const dir = tempDir('topology-snapshots');
let store: Store;

const T1 = Date.UTC(2025, 2, 1, 10, 0, 0);
const T2 = T1 + 10 * 60_000;

const graphAt = (at: number, callee: string): TopologyData => ({
  fromMillis: at - 900_000,
  toMillis: at,
  nodes: [
    { id: 'web', kind: 'service', name: 'web' },
    { id: callee, kind: 'database', name: callee },
  ],
  edges: [{ from: 'web', to: callee, kind: 'calls', calls: 7, errors: 1, p50Ms: 1.5, p95Ms: 9.25 }],
});

beforeAll(async () => {
  store = await openMigratedStore(storeOptions({ dataDir: dir.path, retention: KEEP_FOREVER }));
  for (const [at, callee] of [[T1, 'pg-old'], [T2, 'pg-new']] as const) {
    const saved = await saveSnapshot(store, createServiceGraph(graphAt(at, callee)), at);
    if (!saved.ok) throw new Error(saved.error.message);
  }
});
afterAll(async () => {
  await store?.close();
  dir.remove();
});

describe('topology snapshots', () => {
  it('loads the latest snapshot at or before a time, whole', async () => {
    const exact = await loadSnapshotAt(store, T1);
    expect(exact.ok && exact.value?.atMillis).toBe(T1);
    expect(exact.ok && exact.value?.graph.toData()).toEqual(createServiceGraph(graphAt(T1, 'pg-old')).toData());

    const between = await loadSnapshotAt(store, T2 - 1);
    expect(between.ok && between.value?.graph.callees('web')).toEqual(['pg-old']);

    const later = await loadSnapshotAt(store, T2 + 3_600_000);
    expect(later.ok && later.value?.atMillis).toBe(T2);
    expect(later.ok && later.value?.graph.edge('web', 'pg-new', 'calls')).toMatchObject({ calls: 7, errors: 1, p50Ms: 1.5, p95Ms: 9.25 });
  });

  it('finds nothing before the first snapshot or beyond the maximum age', async () => {
    expect(await loadSnapshotAt(store, T1 - 1)).toEqual({ ok: true, value: undefined });
    expect(await loadSnapshotAt(store, T2 + 3_600_000, { maxAgeMillis: 60_000 })).toEqual({ ok: true, value: undefined });
    const recent = await loadSnapshotAt(store, T2 + 30_000, { maxAgeMillis: 60_000 });
    expect(recent.ok && recent.value?.atMillis).toBe(T2);
  });
});
