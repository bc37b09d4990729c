import { describe, expect, it } from 'vitest';
import { ok } from '../../core/result.ts';
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
