/**
 * Reads the dependency graph of a time window from `otel_traces`.
 *
 * - `calls` between services: a span whose ParentSpanId is the SpanId of a
 *   span of another service in the same trace (joined on TraceId, SpanId).
 *   Counted on the child (callee) span, which must start in the window; its
 *   parent may start up to PARENT_LOOKBACK_MILLIS earlier.
 * - `calls` to databases and external peers: CLIENT and PRODUCER spans whose
 *   peer attributes name an entity with no spans of its own in the window
 *   (identity as in read-trace-signals.ts); kind `database` when
 *   `db.system` is set, else `external`. Latency is the client span's.
 * - `runs-on` from ResourceAttributes: service -> pod (`k8s.pod.name`),
 *   host (`host.name`), k8s node (`k8s.node.name`); and pod -> host, pod ->
 *   k8s node, so the placement hierarchy is kept as well as the shortcut.
 *
 * Errors are spans with status Error or an HTTP status >= 500, as for the
 * RED signals.
 */
import { type Result, fail, ok } from '../../core/result.ts';
import { SPAN_ERROR_CONDITION, SPAN_PEER_NAME } from '../../storage/index.ts';
import { type EdgeKind, type NodeKind, type TopologyData, type TopologyEdge, type TopologyNode, infrastructureId } from './topology.ts';

export interface TopologyQueryStore {
  queryRows<T>(sql: string, params?: Record<string, unknown>): Promise<Result<T[]>>;
}

export interface TopologyWindow {
  readonly fromMillis: number;
  readonly toMillis: number;
}

/** How long before the window a parent span may start and still pair with a child inside it. */
export const PARENT_LOOKBACK_MILLIS = 5 * 60_000;

const IN_WINDOW = 'Timestamp >= fromUnixTimestamp64Milli({from:Int64}) AND Timestamp < fromUnixTimestamp64Milli({to:Int64})';
/** Peers are named as the span rollup names them, so graph nodes and signal entities agree. */
const PEER_EXPR = SPAN_PEER_NAME;
const CLIENT_KINDS = "SpanKind IN ('Client', 'Producer', 'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER')";
const STATS = `count() AS calls, countIf(${SPAN_ERROR_CONDITION}) AS errors, quantiles(0.5, 0.95)(Duration) AS q`;

const SERVICES_SQL = `SELECT DISTINCT ServiceName AS service FROM otel_traces WHERE ${IN_WINDOW} AND ServiceName != ''`;

const SERVICE_CALLS_SQL = `
SELECT p.ServiceName AS caller, c.ServiceName AS callee, 'service' AS calleeKind,
       count() AS calls, countIf(c.err) AS errors, quantiles(0.5, 0.95)(c.Duration) AS q
FROM (
  SELECT TraceId, ParentSpanId, ServiceName, Duration, ${SPAN_ERROR_CONDITION} AS err
  FROM otel_traces WHERE ${IN_WINDOW} AND ParentSpanId != '' AND ServiceName != ''
) AS c
INNER JOIN (
  SELECT TraceId, SpanId, ServiceName FROM otel_traces
  WHERE Timestamp >= fromUnixTimestamp64Milli({parentFrom:Int64}) AND Timestamp < fromUnixTimestamp64Milli({to:Int64}) AND ServiceName != ''
) AS p ON c.TraceId = p.TraceId AND c.ParentSpanId = p.SpanId
WHERE p.ServiceName != c.ServiceName
GROUP BY caller, callee`;

const PEER_CALLS_SQL = `
SELECT ServiceName AS caller, ${PEER_EXPR} AS callee, if(max(SpanAttributes['db.system'] != ''), 'database', 'external') AS calleeKind, ${STATS}
FROM otel_traces
WHERE ${IN_WINDOW} AND ${CLIENT_KINDS} AND ServiceName != '' AND callee IS NOT NULL AND callee != ServiceName
  AND callee NOT IN (SELECT DISTINCT ServiceName FROM otel_traces WHERE ${IN_WINDOW})
GROUP BY caller, callee`;

const RUNS_ON_SQL = `
SELECT e.1 AS caller, e.2 AS callee, e.3 AS calleeKind, ${STATS}
FROM (
  SELECT Duration, StatusCode, SpanAttributes, ServiceName,
         ResourceAttributes['k8s.pod.name'] AS pod, ResourceAttributes['host.name'] AS host, ResourceAttributes['k8s.node.name'] AS node,
         [(ServiceName, pod, 'pod'), (ServiceName, host, 'host'), (ServiceName, node, 'k8s-node'),
          (if(pod = '', '', concat('pod:', pod)), host, 'host'), (if(pod = '', '', concat('pod:', pod)), node, 'k8s-node')] AS pairs
  FROM otel_traces WHERE ${IN_WINDOW} AND ServiceName != ''
)
ARRAY JOIN arrayFilter(x -> x.1 != '' AND x.2 != '', pairs) AS e
GROUP BY caller, callee, calleeKind`;

interface EdgeRow {
  caller: string;
  callee: string;
  calleeKind: string;
  calls: number | string;
  errors: number | string;
  q: Array<number | string>;
}

const nanosToMillis = (value: number | string | undefined) => {
  const n = Number(value ?? 0);
  return Number.isFinite(n) ? n / 1e6 : 0;
};

/** Reads nodes and edges of [fromMillis, toMillis) from the traces. */
export async function readTopology(store: TopologyQueryStore, window: TopologyWindow): Promise<Result<TopologyData>> {
  const params = { from: window.fromMillis, to: window.toMillis, parentFrom: window.fromMillis - PARENT_LOOKBACK_MILLIS };
  const nodes = new Map<string, TopologyNode>();
  const addNode = (id: string, kind: NodeKind, name: string) => {
    const known = nodes.get(id);
    // A peer seen both with and without db.system is a database.
    if (known === undefined || (known.kind === 'external' && kind === 'database')) nodes.set(id, { id, kind, name });
  };

  const services = await store.queryRows<{ service: string }>(SERVICES_SQL, params);
  if (!services.ok) return fail(services.error);
  for (const row of services.value) addNode(row.service, 'service', row.service);

  const edges: TopologyEdge[] = [];
  const queries: Array<[string, EdgeKind]> = [
    [SERVICE_CALLS_SQL, 'calls'],
    [PEER_CALLS_SQL, 'calls'],
    [RUNS_ON_SQL, 'runs-on'],
  ];
  for (const [sql, kind] of queries) {
    const rows = await store.queryRows<EdgeRow>(sql, params);
    if (!rows.ok) return fail(rows.error);
    for (const row of rows.value) {
      const calleeKind = row.calleeKind as NodeKind;
      const to = kind === 'runs-on' ? infrastructureId(calleeKind as 'pod' | 'host' | 'k8s-node', row.callee) : row.callee;
      addNode(to, calleeKind, row.callee);
      if (row.caller.startsWith('pod:')) addNode(row.caller, 'pod', row.caller.slice('pod:'.length));
      else addNode(row.caller, 'service', row.caller);
      edges.push({
        from: row.caller,
        to,
        kind,
        calls: Number(row.calls),
        errors: Number(row.errors),
        p50Ms: nanosToMillis(row.q[0]),
        p95Ms: nanosToMillis(row.q[1]),
      });
    }
  }

  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const edgeKey = (e: TopologyEdge) => `${e.from}\u0000${e.to}\u0000${e.kind}`;
  edges.sort((a, b) => byId({ id: edgeKey(a) }, { id: edgeKey(b) }));
  return ok({ fromMillis: window.fromMillis, toMillis: window.toMillis, nodes: [...nodes.values()].sort(byId), edges });
}
