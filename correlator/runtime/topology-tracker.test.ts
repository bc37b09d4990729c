import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../../core/result.ts';
import type { Store } from '../../storage/index.ts';
import { openMigratedStore, storeOptions, tempDir } from '../../storage/testing/test-store.ts';
import { readTopology } from '../topology/read-edges.ts';
import { FIXTURE_BASE_MILLIS, KEEP_FOREVER, fixtureSpans } from '../topology/topology-fixtures.ts';
import { createTopologyTracker } from './topology-tracker.ts';

/** A store with no traces at all: every topology query answers no rows. */
const noTraces = { queryRows: async <T>() => ok([] as T[]) };

describe('topology tracker', () => {
  it('builds a graph from configured calls when there are no traces', async () => {
    const tracker = createTopologyTracker({ store: noTraces, refreshSeconds: 60, windowMinutes: 15, staticDependencies: [{ from: 'front-end', to: 'carts' }] });
    expect(tracker.graph()).toBeUndefined();
    const read = await tracker.refresh(Date.UTC(2026, 0, 1, 12, 0, 0));
    expect(read.ok).toBe(true);
    expect(tracker.graph()?.callees('front-end')).toEqual(['carts']);
  });

  it('has an empty graph without traces or configured calls', async () => {
    const tracker = createTopologyTracker({ store: noTraces, refreshSeconds: 60, windowMinutes: 15 });
    await tracker.refresh(Date.UTC(2026, 0, 1, 12, 0, 0));
    expect(tracker.graph()?.nodes()).toEqual([]);
  });
});

describe('topology tracker on the embedded engine', () => {
  const dir = tempDir('topology-tracker');
  let store: Store;
  const MINUTE = 60_000;

  beforeAll(async () => {
    store = await openMigratedStore(storeOptions({ dataDir: dir.path, retention: KEEP_FOREVER }));
    // The fixture's three traces again every minute for six minutes, each
    // minute with its own trace ids; minute 3 also calls a new peer.
    const base = fixtureSpans().filter((row) => Number(BigInt(row.Timestamp) / 1_000_000n) >= FIXTURE_BASE_MILLIS);
    const rows = [];
    for (let minute = 0; minute < 6; minute++) {
      for (const row of base) {
        const startMillis = Number(BigInt(row.Timestamp) / 1_000_000n) + minute * MINUTE;
        const peer = minute === 3 && row.ServiceName === 'cart' && row.SpanKind === 'Client' ? { 'server.address': 'redis-new' } : {};
        rows.push({
          ...row,
          Timestamp: (BigInt(startMillis) * 1_000_000n).toString(),
          TraceId: `${minute}${row.TraceId.slice(1)}`,
          SpanAttributes: { ...row.SpanAttributes, ...peer },
        });
      }
    }
    const inserted = await store.insertRows('otel_traces', rows);
    if (!inserted.ok) throw new Error(inserted.error.message);
  });
  afterAll(async () => {
    await store?.close();
    dir.remove();
  });

  it('reads only the slices it lacks and keeps the graph a full read of the same window gives', async () => {
    const readFrom: number[] = [];
    const counting = {
      queryRows<T>(sql: string, params?: Record<string, unknown>) {
        readFrom.push(Number(params?.from));
        return store.queryRows<T>(sql, params);
      },
    };
    const tracker = createTopologyTracker({ store: counting, refreshSeconds: 60, windowMinutes: 2 });
    const seen = new Set<string>();
    for (let minute = 1; minute <= 7; minute++) {
      const end = FIXTURE_BASE_MILLIS + minute * MINUTE;
      expect((await tracker.refresh(end)).ok).toBe(true);
      expect(readFrom.at(-1)).toBe(minute === 1 ? end - 2 * MINUTE : end - MINUTE);
      const full = await readTopology(store, { fromMillis: end - 2 * MINUTE, toMillis: end });
      expect(full.ok && tracker.graph()?.edges()).toEqual(full.ok && full.value.edges);
      expect(full.ok && tracker.graph()?.nodes()).toEqual(full.ok && full.value.nodes);
      for (const e of tracker.graph()?.edges() ?? []) if (e.kind === 'calls') seen.add(`${minute}:${e.from}->${e.to}:${e.calls}`);
    }
    // The window slides: the new peer is there while minute 3 is in the window, and gone after.
    expect(seen).toContain('4:cart->redis-new:3');
    expect(seen).toContain('5:cart->redis-new:3');
    expect([...seen].some((s) => s.startsWith('6:cart->redis-new'))).toBe(false);
    expect(seen).toContain('5:frontend->cart:6');
    // At 7 minutes only minute 5's traces are left in the window.
    expect([...seen].filter((s) => s.startsWith('7:'))).toEqual(['7:cart->redis-main:3', '7:frontend->cart:3', '7:frontend->stripe:1']);
  });

  it('counts a slice read before it closed again once it has', async () => {
    const tracker = createTopologyTracker({ store, refreshSeconds: 60, windowMinutes: 2 });
    // First window ends 30 s into minute 0: two of its three traces are in (they start at +0 s, +1 s, +2 s).
    expect((await tracker.refresh(FIXTURE_BASE_MILLIS + 1_500)).ok).toBe(true);
    expect(tracker.graph()?.edge('frontend', 'cart', 'calls')?.calls).toBe(2);
    expect((await tracker.refresh(FIXTURE_BASE_MILLIS + MINUTE)).ok).toBe(true);
    expect(tracker.graph()?.edge('frontend', 'cart', 'calls')?.calls).toBe(3);
  });
});
