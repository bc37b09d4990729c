/**
 * A slice of the dependency graph: what the traces of one stretch of event
 * time show (read-edges.ts reads them). A window's graph is the sum of its
 * slices, so a graph kept current over a sliding window reads only the
 * newest slice and forgets the oldest.
 */
import { type DurationHistogram, histogramQuantileMillis, mergeHistograms } from './duration-histogram.ts';
import { type EdgeKind, type NodeKind, type TopologyData, type TopologyEdge, type TopologyNode, infrastructureId } from './topology.ts';

/**
 * An edge as one slice saw it. `to` is the callee's name: a service, a
 * peer, or (for `runs-on`) the bare name of the infrastructure node.
 * `calleeKind` is `service` for service-to-service calls, `database` or
 * `external` for peers, the infrastructure kind for `runs-on`.
 */
export interface SliceEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  readonly calleeKind: NodeKind;
  readonly calls: number;
  readonly errors: number;
  readonly histogram: DurationHistogram;
  /**
   * A call only logs tell of (read-edges.ts): `calls` and `errors` count the
   * records naming `to`, and there is no latency.
   */
  readonly namedByLogs?: boolean;
}

export interface TopologySlice {
  /** Slice number: the slice covers [slot * sliceMillis, (slot + 1) * sliceMillis). */
  readonly slot: number;
  /** Services with spans in the slice. */
  readonly services: ReadonlySet<string>;
  readonly edges: readonly SliceEdge[];
}

const PEER_KINDS: ReadonlySet<NodeKind> = new Set<NodeKind>(['database', 'external']);

interface EdgeSum {
  from: string;
  to: string;
  kind: EdgeKind;
  calleeKind: NodeKind;
  calls: number;
  errors: number;
  histogram: DurationHistogram;
}

/**
 * The graph of `window` from its slices. A peer that has spans of its own
 * anywhere in the slices is a service, and its peer edges are left out (the
 * service-to-service edges count those calls). A peer seen both with and
 * without `db.system` is a database. A call named by logs counts only
 * towards a service with spans in the slices, other than the one logging,
 * and only where no slice traced a call between the two.
 */
export function mergeTopologySlices(window: { fromMillis: number; toMillis: number }, slices: readonly TopologySlice[]): TopologyData {
  const services = new Set<string>();
  for (const slice of slices) for (const service of slice.services) services.add(service);

  const sums = new Map<string, EdgeSum>();
  const keyOf = (edge: SliceEdge) => `${edge.from}\u0000${edge.to}\u0000${edge.kind}`;
  const traced = new Set<string>();
  for (const slice of slices) for (const edge of slice.edges) if (!edge.namedByLogs) traced.add(keyOf(edge));
  for (const slice of slices) {
    for (const edge of slice.edges) {
      if (PEER_KINDS.has(edge.calleeKind) && services.has(edge.to)) continue;
      const key = keyOf(edge);
      if (edge.namedByLogs && (traced.has(key) || !services.has(edge.to) || edge.to === edge.from)) continue;
      const sum = sums.get(key);
      if (sum === undefined) {
        sums.set(key, { from: edge.from, to: edge.to, kind: edge.kind, calleeKind: edge.calleeKind, calls: edge.calls, errors: edge.errors, histogram: new Map(edge.histogram) });
        continue;
      }
      sum.calls += edge.calls;
      sum.errors += edge.errors;
      mergeHistograms(sum.histogram, edge.histogram);
      if (sum.calleeKind === 'external' && edge.calleeKind === 'database') sum.calleeKind = 'database';
    }
  }

  const nodes = new Map<string, TopologyNode>();
  const addNode = (id: string, kind: NodeKind, name: string) => {
    const known = nodes.get(id);
    if (known === undefined || (known.kind === 'external' && kind === 'database')) nodes.set(id, { id, kind, name });
  };
  for (const service of services) addNode(service, 'service', service);
  const edges: Array<TopologyEdge & { key: string }> = [];
  for (const sum of sums.values()) {
    const to = sum.kind === 'runs-on' ? infrastructureId(sum.calleeKind as 'pod' | 'host' | 'k8s-node', sum.to) : sum.to;
    addNode(to, sum.calleeKind, sum.to);
    if (sum.from.startsWith('pod:')) addNode(sum.from, 'pod', sum.from.slice('pod:'.length));
    else addNode(sum.from, 'service', sum.from);
    edges.push({
      key: `${sum.from}\u0000${to}\u0000${sum.kind}`,
      from: sum.from,
      to,
      kind: sum.kind,
      calls: sum.calls,
      errors: sum.errors,
      p50Ms: histogramQuantileMillis(sum.histogram, 0.5),
      p95Ms: histogramQuantileMillis(sum.histogram, 0.95),
    });
  }

  const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  edges.sort((a, b) => byKey(a.key, b.key));
  return {
    fromMillis: window.fromMillis,
    toMillis: window.toMillis,
    nodes: [...nodes.values()].sort((a, b) => byKey(a.id, b.id)),
    edges: edges.map(({ key: _key, ...edge }) => edge),
  };
}
