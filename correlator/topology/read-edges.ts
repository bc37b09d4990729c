/**
 * Reads the dependency graph from the spans (`causeway_spans_by_time`, the
 * columns of `otel_traces` it needs, sorted by time), in slices of event time
 * (topology-slices.ts assembles a window from its slices, so a graph kept
 * current re-reads only the newest slice).
 *
 * - `calls` between services: a span whose ParentSpanId is the SpanId of a
 *   span of another service in the same trace (joined on TraceId, SpanId).
 *   Counted on the child (callee) span, in the slice it starts in; its
 *   parent may start up to PARENT_LOOKBACK_MILLIS before the read range.
 * - `calls` to databases and external peers: outgoing spans (CLIENT,
 *   PRODUCER, or without a kind but with `db.system` / `peer.service`) whose
 *   peer attributes name an entity (the table's `Peer`, named as the span
 *   rollup names peers); kind `database` when `db.system` is set, else
 *   `external` (`PeerKind`). Latency is the client span's. A peer that
 *   has spans of its own in the window is a service and is left out when
 *   the slices are assembled.
 * - `runs-on` from ResourceAttributes: service -> pod (`k8s.pod.name`),
 *   host (`host.name`), k8s node (`k8s.node.name`); and pod -> host, pod ->
 *   k8s node, so the placement hierarchy is kept as well as the shortcut.
 *
 * - `calls` named by logs: a WARN-or-worse log record whose body holds a
 *   URL naming a service (`http://ts-user-service:8080/...`, or the first
 *   label of a cluster DNS name) is a call from the record's service to that
 *   one. Kept only where the named service has spans of its own and the
 *   traces show no call between the two (topology-slices.ts): a service
 *   whose client calls are not traced (an uninstrumented HTTP client) still
 *   says whom it failed to call in its logs, and without the edge its
 *   errors read as a fault of its own.
 *
 * Errors are spans with status Error or an HTTP status >= 500, as for the
 * RED signals (`IsError`). Latency comes as a duration histogram
 * (duration-histogram.ts).
 */
import { type Result, fail, ok } from '../../core/result.ts';
import { OTEL_TABLES, SPANS_BY_TIME_TABLE, otelLogsTimeBound } from '../../storage/index.ts';
import { EFFECTIVE_SEVERITY_SQL, SEVERITY_NUMBER } from '../logs/index.ts';
import { addToHistogram, durationBucketSql } from './duration-histogram.ts';
import { type SliceEdge, type TopologySlice, mergeTopologySlices } from './topology-slices.ts';
import type { EdgeKind, NodeKind, TopologyData } from './topology.ts';

export interface TopologyQueryStore {
  queryRows<T>(sql: string, params?: Record<string, unknown>): Promise<Result<T[]>>;
}

export interface TopologyWindow {
  readonly fromMillis: number;
  readonly toMillis: number;
}

/** How long before the window a parent span may start and still pair with a child inside it. */
export const PARENT_LOOKBACK_MILLIS = 5 * 60_000;

const IN_RANGE = 'Timestamp >= fromUnixTimestamp64Milli({from:Int64}) AND Timestamp < fromUnixTimestamp64Milli({to:Int64})';
const SLOT = 'intDiv(toUnixTimestamp64Milli(Timestamp), {slice:Int64})';
const STATS = (duration: string, isError: string) =>
  `count() AS calls, countIf(${isError}) AS errors, sumMap([${durationBucketSql(duration)}], [toUInt64(1)]) AS histogram`;

// The parents are the larger side (the lookback), so they stream and the
// children of the range are the hash table.
const SERVICE_CALLS_SQL = `
SELECT c.slot AS slot, p.ServiceName AS caller, c.ServiceName AS callee, 'service' AS calleeKind, ${STATS('c.Duration', 'c.IsError')}
FROM (
  SELECT TraceId, SpanId, ServiceName FROM ${SPANS_BY_TIME_TABLE}
  WHERE Timestamp >= fromUnixTimestamp64Milli({parentFrom:Int64}) AND Timestamp < fromUnixTimestamp64Milli({to:Int64}) AND ServiceName != ''
) AS p
INNER JOIN (
  SELECT ${SLOT} AS slot, TraceId, ParentSpanId, ServiceName, Duration, IsError
  FROM ${SPANS_BY_TIME_TABLE} WHERE ${IN_RANGE} AND ParentSpanId != '' AND ServiceName != ''
) AS c ON c.TraceId = p.TraceId AND c.ParentSpanId = p.SpanId
WHERE p.ServiceName != c.ServiceName
GROUP BY slot, caller, callee`;

/**
 * Everything else in one scan of the range, one row per (slot, caller,
 * callee, kind): each span counts for its service (kind `self`: the
 * services present), for the peer an outgoing span names (`database` or
 * `external`), and for the pod, host and node it ran on, and its pod for
 * that host and node (`runs-on`).
 */
const SPAN_EDGES_SQL = `
SELECT slot, e.1 AS caller, e.2 AS callee, e.3 AS calleeKind, ${STATS('Duration', 'IsError')}
FROM (
  SELECT ${SLOT} AS slot, Duration, IsError, ServiceName,
         [(ServiceName, ServiceName, 'self'),
          (ServiceName, if(Peer = ServiceName, '', Peer), PeerKind),
          (ServiceName, Pod, 'pod'), (ServiceName, Host, 'host'), (ServiceName, Node, 'k8s-node'),
          (if(Pod = '', '', concat('pod:', Pod)), Host, 'host'), (if(Pod = '', '', concat('pod:', Pod)), Node, 'k8s-node')] AS pairs
  FROM ${SPANS_BY_TIME_TABLE} WHERE ${IN_RANGE} AND ServiceName != ''
)
ARRAY JOIN arrayFilter(x -> x.1 != '' AND x.2 != '', pairs) AS e
GROUP BY slot, caller, callee, calleeKind`;

/**
 * Services named as URL hosts in WARN-or-worse log bodies, one row per
 * (slot, logging service, named host's first DNS label); the first label
 * is matched against the services when the slices are assembled.
 */
const LOG_CALLS_SQL = `
SELECT ${SLOT} AS slot, ServiceName AS caller, splitByChar('.', host)[1] AS callee, 'logged' AS calleeKind, count() AS calls, count() AS errors
FROM ${OTEL_TABLES.logs}
ARRAY JOIN arrayDistinct(extractAll(Body, '://([A-Za-z0-9][A-Za-z0-9_.-]*)')) AS host
WHERE ${IN_RANGE} AND ${otelLogsTimeBound('{from:Int64}', '{to:Int64}')} AND ServiceName != '' AND ${EFFECTIVE_SEVERITY_SQL} >= ${SEVERITY_NUMBER.warn} AND position(Body, '://') > 0
GROUP BY slot, caller, callee`;

/** The kind of edge a callee kind of SPAN_EDGES_SQL stands for; `self` is no edge. */
const EDGE_KIND_OF: Readonly<Record<string, EdgeKind>> = { database: 'calls', external: 'calls', pod: 'runs-on', host: 'runs-on', 'k8s-node': 'runs-on', service: 'calls', logged: 'calls' };

interface EdgeRow {
  slot: number | string;
  caller: string;
  callee: string;
  calleeKind: string;
  calls: number | string;
  errors: number | string;
  /** sumMap's answer: [buckets, counts]; absent for calls named by logs, which have no latency. */
  histogram?: [Array<number | string>, Array<number | string>];
}

/**
 * Reads [fromMillis, toMillis) as slices of `sliceMillis`, aligned to the
 * epoch (slice n covers [n * sliceMillis, (n + 1) * sliceMillis)). Slices
 * with no spans are absent; the first and last may be only partly covered
 * by the range.
 */
export async function readTopologySlices(store: TopologyQueryStore, range: TopologyWindow, sliceMillis: number): Promise<Result<TopologySlice[]>> {
  const params = { from: range.fromMillis, to: range.toMillis, parentFrom: range.fromMillis - PARENT_LOOKBACK_MILLIS, slice: sliceMillis };
  const slices = new Map<number, { slot: number; services: Set<string>; edges: SliceEdge[] }>();
  const sliceOf = (slot: number) => {
    let slice = slices.get(slot);
    if (slice === undefined) slices.set(slot, (slice = { slot, services: new Set(), edges: [] }));
    return slice;
  };

  for (const sql of [SPAN_EDGES_SQL, SERVICE_CALLS_SQL, LOG_CALLS_SQL]) {
    const rows = await store.queryRows<EdgeRow>(sql, params);
    if (!rows.ok) return fail(rows.error);
    for (const row of rows.value) {
      const slice = sliceOf(Number(row.slot));
      if (row.calleeKind === 'self') {
        slice.services.add(row.caller);
        continue;
      }
      const kind = EDGE_KIND_OF[row.calleeKind];
      if (kind === undefined) continue;
      const histogram = new Map<number, number>();
      if (row.histogram) addToHistogram(histogram, row.histogram[0], row.histogram[1]);
      const namedByLogs = row.calleeKind === 'logged';
      slice.edges.push({
        from: row.caller,
        to: row.callee,
        kind,
        calleeKind: namedByLogs ? 'service' : (row.calleeKind as NodeKind),
        ...(namedByLogs ? { namedByLogs } : {}),
        calls: Number(row.calls),
        errors: Number(row.errors),
        histogram,
      });
    }
  }
  return ok([...slices.values()].sort((a, b) => a.slot - b.slot));
}

/** Reads nodes and edges of [fromMillis, toMillis) from the traces. */
export async function readTopology(store: TopologyQueryStore, window: TopologyWindow): Promise<Result<TopologyData>> {
  const slices = await readTopologySlices(store, window, Math.max(1, window.toMillis - window.fromMillis));
  return slices.ok ? ok(mergeTopologySlices(window, slices.value)) : slices;
}
