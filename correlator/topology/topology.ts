/**
 * The service dependency graph as plain data: what read-edges.ts computes
 * from traces, what snapshots store and what the API returns.
 *
 * Node ids: services, databases and external peers are named as the
 * signals name them (read-trace-signals.ts: the service name, or the peer's
 * `peer.service`, `server.address` of a database, `db.system`), so an
 * anomaly's entity is a node id as it stands. Infrastructure nodes are
 * prefixed with their kind (`pod:`, `host:`, `k8s-node:`) because a host
 * and a service may share a name.
 */

export type NodeKind = 'service' | 'database' | 'external' | 'pod' | 'host' | 'k8s-node';

export type EdgeKind = 'calls' | 'runs-on';

export const INFRASTRUCTURE_KINDS: ReadonlySet<NodeKind> = new Set<NodeKind>(['pod', 'host', 'k8s-node']);

export interface TopologyNode {
  readonly id: string;
  readonly kind: NodeKind;
  /** The name without the kind prefix (equal to `id` for services and peers). */
  readonly name: string;
}

/**
 * A directed edge. For `calls`: requests from `from` to `to`, errors among
 * them (status Error or HTTP >= 500 on the callee's span, or on the client
 * span for a peer without spans), and the callee-side latency. For
 * `runs-on`: the spans `from` emitted on the infrastructure node `to`, their
 * errors and latency.
 */
export interface TopologyEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  readonly calls: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
}

/** A graph and the event-time window of traces it was built from. */
export interface TopologyData {
  readonly fromMillis: number;
  readonly toMillis: number;
  readonly nodes: readonly TopologyNode[];
  readonly edges: readonly TopologyEdge[];
}

/** Id of an infrastructure node. */
export function infrastructureId(kind: 'pod' | 'host' | 'k8s-node', name: string): string {
  return `${kind}:${name}`;
}
