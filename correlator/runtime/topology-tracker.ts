/**
 * Keeps the dependency graph current for the runtime: the graph of the last
 * `windowMinutes`, refreshed whenever event time crosses a multiple of
 * `refreshSeconds` (and at the first window), and saved as a snapshot at
 * that time so an incident can later be shown with the graph of its time.
 * Refresh times depend only on window ends, never on when a window was
 * closed, so live and replayed runs use the same graphs.
 *
 * The graph is assembled from slices of `refreshSeconds` (topology-slices.ts):
 * a refresh reads only the slices it does not hold yet (in steady state the
 * one that just closed) and drops those that left the window. The window
 * starts at the slice boundary at or before `windowMinutes` ago, so it spans
 * up to one slice more. A slice is read once its end is at or before the
 * window end being judged; spans that arrive later than that (beyond the
 * watermark's allowed lateness) do not reach the graph.
 *
 * A failed read keeps the previous graph; the next window tries again.
 */
import { type Result, ok } from '../../core/result.ts';
import { type TopologyQueryStore, readTopologySlices } from '../topology/read-edges.ts';
import { type ServiceGraph, createServiceGraph } from '../topology/service-graph.ts';
import { type SnapshotWriteStore, saveSnapshot } from '../topology/snapshot-store.ts';
import { type StaticDependency, withStaticDependencies } from '../topology/static-dependencies.ts';
import { type TopologySlice, mergeTopologySlices } from '../topology/topology-slices.ts';

export interface TopologyTrackerOptions {
  readonly store: TopologyQueryStore;
  readonly snapshots?: SnapshotWriteStore;
  readonly refreshSeconds: number;
  readonly windowMinutes: number;
  /** Calls known from configuration, added to what traces show (static-dependencies.ts). */
  readonly staticDependencies?: readonly StaticDependency[];
}

export interface TopologyTracker {
  /** Reads the graph at `windowEndMillis` if a refresh is due. */
  refresh(windowEndMillis: number): Promise<Result<void>>;
  /** The newest graph read; undefined before the first read succeeds. */
  graph(): ServiceGraph | undefined;
}

export function createTopologyTracker(options: TopologyTrackerOptions): TopologyTracker {
  const sliceMillis = options.refreshSeconds * 1000;
  const windowMillis = options.windowMinutes * 60_000;
  /** Whole slices read so far, by slot; a slot without spans holds an empty slice. */
  const held = new Map<number, TopologySlice>();
  let current: ServiceGraph | undefined;
  let lastSlot: number | undefined;

  return {
    graph: () => current,
    async refresh(windowEndMillis) {
      const slot = Math.floor(windowEndMillis / sliceMillis);
      if (current !== undefined && lastSlot !== undefined && slot <= lastSlot) return ok(undefined);

      const firstSlot = Math.floor((windowEndMillis - windowMillis) / sliceMillis);
      for (const heldSlot of held.keys()) if (heldSlot < firstSlot) held.delete(heldSlot);
      let readFrom = firstSlot;
      while (held.has(readFrom)) readFrom++;
      const read = await readTopologySlices(options.store, { fromMillis: readFrom * sliceMillis, toMillis: windowEndMillis }, sliceMillis);
      if (!read.ok) return read;

      const partial: TopologySlice[] = [];
      const fresh = new Map(read.value.map((slice) => [slice.slot, slice]));
      for (let s = readFrom; s * sliceMillis < windowEndMillis; s++) {
        const slice = fresh.get(s) ?? { slot: s, services: new Set<string>(), edges: [] };
        if ((s + 1) * sliceMillis <= windowEndMillis) held.set(s, slice);
        else partial.push(slice);
      }
      const slices = [...held.values(), ...partial];
      const data = mergeTopologySlices({ fromMillis: firstSlot * sliceMillis, toMillis: windowEndMillis }, slices);
      current = createServiceGraph(withStaticDependencies(data, options.staticDependencies ?? []));
      lastSlot = slot;
      return options.snapshots ? saveSnapshot(options.snapshots, current, windowEndMillis) : ok(undefined);
    },
  };
}
