/**
 * Calls known from configuration rather than from traces: services that send
 * only metrics or logs still have callers and callees, and without them a
 * metrics-only fleet has no graph at all (every anomaly unrelated, no call
 * path to rank causes along). Configured calls are added to what traces show;
 * a call traces also show keeps the traces' counts.
 */
import type { TopologyData, TopologyEdge, TopologyNode } from './topology.ts';

export interface StaticDependency {
  readonly from: string;
  readonly to: string;
}

export function withStaticDependencies(data: TopologyData, dependencies: readonly StaticDependency[]): TopologyData {
  if (dependencies.length === 0) return data;
  const nodes = new Map<string, TopologyNode>(data.nodes.map((n) => [n.id, n]));
  const edges = new Map<string, TopologyEdge>(data.edges.map((e) => [`${e.from}\u0000${e.to}\u0000${e.kind}`, e]));
  for (const { from, to } of dependencies) {
    for (const id of [from, to]) if (!nodes.has(id)) nodes.set(id, { id, kind: 'service', name: id });
    const key = `${from}\u0000${to}\u0000calls`;
    if (!edges.has(key)) edges.set(key, { from, to, kind: 'calls', calls: 0, errors: 0, p50Ms: 0, p95Ms: 0 });
  }
  return { ...data, nodes: [...nodes.values()], edges: [...edges.values()] };
}
