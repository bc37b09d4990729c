/**
 * Topology snapshots in `causeway_topology_snapshots` (storage migration 2):
 * the graph of a moment, kept so that an incident is later explained with
 * the dependencies of its time.
 *
 * Row shape: `snapshot_time` (the event time the snapshot describes),
 * `window_from` / `window_to` (the trace window it was built from), and
 * `nodes` / `edges` as JSON arrays of TopologyNode / TopologyEdge. Times are
 * sent as bare millisecond numbers, which ClickHouse reads as exact ticks of
 * a DateTime64(3) column.
 */
import { causewayError } from '../../core/errors.ts';
import { type Result, fail, ok } from '../../core/result.ts';
import { TOPOLOGY_SNAPSHOTS_TABLE } from '../../storage/index.ts';
import type { TopologyQueryStore } from './read-edges.ts';
import { type ServiceGraph, createServiceGraph } from './service-graph.ts';
import type { TopologyEdge, TopologyNode } from './topology.ts';

export interface SnapshotWriteStore {
  insertRows(table: string, rows: readonly object[]): Promise<Result<void>>;
}

export interface LoadSnapshotOptions {
  /** Ignore snapshots older than `atMillis - maxAgeMillis`; default: any age. */
  readonly maxAgeMillis?: number;
}

/** A stored snapshot: the graph and the event time it describes. */
export interface TopologySnapshot {
  readonly atMillis: number;
  readonly graph: ServiceGraph;
}

interface SnapshotRow {
  at: number | string;
  from_ms: number | string;
  to_ms: number | string;
  nodes: string;
  edges: string;
}

const LOAD_SQL = `
SELECT toUnixTimestamp64Milli(snapshot_time) AS at, toUnixTimestamp64Milli(window_from) AS from_ms, toUnixTimestamp64Milli(window_to) AS to_ms, nodes, edges
FROM ${TOPOLOGY_SNAPSHOTS_TABLE}
WHERE snapshot_time <= fromUnixTimestamp64Milli({at:Int64}) AND snapshot_time >= fromUnixTimestamp64Milli({oldest:Int64})
ORDER BY snapshot_time DESC
LIMIT 1`;

/** Stores `graph` as the topology at `atMillis` (event time). */
export async function saveSnapshot(store: SnapshotWriteStore, graph: ServiceGraph, atMillis: number): Promise<Result<void>> {
  if (!Number.isSafeInteger(atMillis) || atMillis < 0) throw new Error(`snapshot time must be non-negative integer milliseconds, got ${atMillis}`);
  const data = graph.toData();
  return store.insertRows(TOPOLOGY_SNAPSHOTS_TABLE, [
    {
      snapshot_time: atMillis,
      window_from: Math.max(0, Math.round(data.fromMillis)),
      window_to: Math.max(0, Math.round(data.toMillis)),
      nodes: JSON.stringify(data.nodes),
      edges: JSON.stringify(data.edges),
    },
  ]);
}

/** The latest snapshot at or before `atMillis` (within `maxAgeMillis` if given), or undefined. */
export async function loadSnapshotAt(store: TopologyQueryStore, atMillis: number, options: LoadSnapshotOptions = {}): Promise<Result<TopologySnapshot | undefined>> {
  const oldest = options.maxAgeMillis === undefined ? 0 : Math.max(0, atMillis - options.maxAgeMillis);
  const rows = await store.queryRows<SnapshotRow>(LOAD_SQL, { at: Math.floor(atMillis), oldest: Math.floor(oldest) });
  if (!rows.ok) return fail(rows.error);
  const row = rows.value[0];
  if (row === undefined) return ok(undefined);
  let nodes: TopologyNode[];
  let edges: TopologyEdge[];
  try {
    nodes = JSON.parse(row.nodes) as TopologyNode[];
    edges = JSON.parse(row.edges) as TopologyEdge[];
  } catch (err) {
    return fail(causewayError('CW_ERR_STORAGE_QUERY', `topology snapshot at ${Number(row.at)}: unreadable JSON (${(err as Error).message})`));
  }
  return ok({ atMillis: Number(row.at), graph: createServiceGraph({ fromMillis: Number(row.from_ms), toMillis: Number(row.to_ms), nodes, edges }) });
}
