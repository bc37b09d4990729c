/**
 * Keeps the dependency graph current for the runtime: read again from the
 * traces of the last `windowMinutes` whenever event time crosses a multiple
 * of `refreshSeconds` (and at the first window), and saved as a snapshot at
 * that time so an incident can later be shown with the graph of its time.
 * Refresh times depend only on window ends, never on when a window was
 * closed, so live and replayed runs use the same graphs.
 *
 * A failed read keeps the previous graph; the next window tries again.
 */
import { type Result, ok } from '../../core/result.ts';
import { type TopologyQueryStore, readTopology } from '../topology/read-edges.ts';
import { type ServiceGraph, createServiceGraph } from '../topology/service-graph.ts';
import { type SnapshotWriteStore, saveSnapshot } from '../topology/snapshot-store.ts';
import { type StaticDependency, withStaticDependencies } from '../topology/static-dependencies.ts';

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
  const refreshMillis = options.refreshSeconds * 1000;
  const windowMillis = options.windowMinutes * 60_000;
  let current: ServiceGraph | undefined;
  let lastSlot: number | undefined;

  return {
    graph: () => current,
    async refresh(windowEndMillis) {
      const slot = Math.floor(windowEndMillis / refreshMillis);
      if (current !== undefined && lastSlot !== undefined && slot <= lastSlot) return ok(undefined);
      const read = await readTopology(options.store, { fromMillis: windowEndMillis - windowMillis, toMillis: windowEndMillis });
      if (!read.ok) return read;
      current = createServiceGraph(withStaticDependencies(read.value, options.staticDependencies ?? []));
      lastSlot = slot;
      return options.snapshots ? saveSnapshot(options.snapshots, current, windowEndMillis) : ok(undefined);
    },
  };
}
