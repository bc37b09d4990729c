/**
 * The dependency graph as a graphlib multigraph (directed; parallel edges
 * between two nodes are keyed by edge kind, so `a calls b` and `a runs-on b`
 * coexist), with the queries the correlator asks of it.
 *
 * Node labels are TopologyNode, edge labels TopologyEdge. Traversals visit
 * neighbours in id order so that equal inputs give equal answers.
 */
import { Graph } from '@dagrejs/graphlib';
import { type EdgeKind, INFRASTRUCTURE_KINDS, type TopologyData, type TopologyEdge, type TopologyNode } from './topology.ts';

export interface TraversalOptions {
  /** Edge kinds to follow; default all. */
  readonly kinds?: readonly EdgeKind[];
}

export interface PathOptions extends TraversalOptions {
  /** Follow edges against their direction too; default false (caller -> callee only). */
  readonly undirected?: boolean;
}

export interface ServiceGraph {
  readonly fromMillis: number;
  readonly toMillis: number;
  hasNode(id: string): boolean;
  node(id: string): TopologyNode | undefined;
  /** Every node, by id. */
  nodes(): TopologyNode[];
  /** Every edge, by (from, to, kind). */
  edges(): TopologyEdge[];
  edge(from: string, to: string, kind: EdgeKind): TopologyEdge | undefined;
  /** Nodes with a `calls` edge into `id`. */
  callers(id: string): string[];
  /** Nodes `id` has a `calls` edge to. */
  callees(id: string): string[];
  /**
   * Nodes within `hops` edges of `id` ignoring direction, with their
   * distance; `id` itself excluded. Unknown `id` gives an empty map.
   */
  neighbours(id: string, hops: number, options?: TraversalOptions): Map<string, number>;
  /**
   * Nodes reached from `id` over `calls` edges within `hops`, following them
   * (`down`: callees, their callees, ...) or against them (`up`: callers),
   * with their distance; `id` itself excluded. Unknown `id` gives an empty map.
   */
  callsWithin(id: string, hops: number, direction: 'down' | 'up'): Map<string, number>;
  /** Infrastructure nodes reachable from `id` over `runs-on` edges. */
  infrastructureOf(id: string): string[];
  /** Infrastructure nodes both `a` and `b` run on (directly or through a pod). */
  sharedInfrastructure(a: string, b: string): string[];
  /** Node ids from `from` to `to` with the fewest edges, both ends included; undefined when none. */
  shortestPath(from: string, to: string, options?: PathOptions): string[] | undefined;
  /** The graph as plain data (for snapshots and the API). */
  toData(): TopologyData;
}

const sorted = (ids: Iterable<string>) => [...new Set(ids)].sort();

export function createServiceGraph(data: TopologyData): ServiceGraph {
  const g = new Graph<undefined, TopologyNode, TopologyEdge>({ directed: true, multigraph: true });
  for (const node of data.nodes) g.setNode(node.id, node);
  for (const edge of data.edges) {
    // An edge to a node the data does not list still gets a node, of the closest guess.
    if (!g.hasNode(edge.from)) g.setNode(edge.from, { id: edge.from, kind: 'service', name: edge.from });
    if (!g.hasNode(edge.to)) g.setNode(edge.to, { id: edge.to, kind: edge.kind === 'runs-on' ? 'host' : 'external', name: edge.to });
    g.setEdge(edge.from, edge.to, edge, edge.kind);
  }

  const allows = (kinds: readonly EdgeKind[] | undefined, name: string | undefined) => kinds === undefined || kinds.includes(name as EdgeKind);

  /** Which edges a step follows: out-edges, in-edges (against their direction), or both. */
  type Way = 'out' | 'in' | 'both';

  /** Neighbour ids over allowed edges, the way given. */
  function step(id: string, way: Way, kinds: readonly EdgeKind[] | undefined): string[] {
    const out = way === 'in' ? [] : (g.outEdges(id) ?? []).filter((e) => allows(kinds, e.name)).map((e) => e.w);
    const inn = way === 'out' ? [] : (g.inEdges(id) ?? []).filter((e) => allows(kinds, e.name)).map((e) => e.v);
    return sorted([...out, ...inn]).filter((n) => n !== id);
  }

  /** Breadth-first distances from `id` up to `maxHops`, with each node's predecessor. */
  function bfs(id: string, maxHops: number, way: Way, kinds: readonly EdgeKind[] | undefined, stopAt?: string) {
    const distance = new Map<string, number>([[id, 0]]);
    const predecessor = new Map<string, string>();
    let frontier = [id];
    for (let hop = 1; hop <= maxHops && frontier.length > 0; hop++) {
      const next: string[] = [];
      for (const v of frontier) {
        for (const w of step(v, way, kinds)) {
          if (distance.has(w)) continue;
          distance.set(w, hop);
          predecessor.set(w, v);
          if (w === stopAt) return { distance, predecessor };
          next.push(w);
        }
      }
      frontier = next;
    }
    return { distance, predecessor };
  }

  const graph: ServiceGraph = {
    fromMillis: data.fromMillis,
    toMillis: data.toMillis,
    hasNode: (id) => g.hasNode(id),
    node: (id) => (g.hasNode(id) ? g.node(id) : undefined),
    nodes: () => sorted(g.nodes()).map((id) => g.node(id)),
    edges: () =>
      g
        .edges()
        .map((e) => g.edge(e))
        .sort((a, b) => (a.from !== b.from ? (a.from < b.from ? -1 : 1) : a.to !== b.to ? (a.to < b.to ? -1 : 1) : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0)),
    edge: (from, to, kind) => (g.hasEdge(from, to, kind) ? g.edge(from, to, kind) : undefined),
    callers: (id) => sorted((g.inEdges(id) ?? []).filter((e) => e.name === 'calls').map((e) => e.v)),
    callees: (id) => sorted((g.outEdges(id) ?? []).filter((e) => e.name === 'calls').map((e) => e.w)),

    neighbours(id, hops, options = {}) {
      if (!g.hasNode(id) || hops < 1) return new Map();
      const { distance } = bfs(id, Math.floor(hops), 'both', options.kinds);
      distance.delete(id);
      return distance;
    },

    callsWithin(id, hops, direction) {
      if (!g.hasNode(id) || hops < 1) return new Map();
      const { distance } = bfs(id, Math.floor(hops), direction === 'down' ? 'out' : 'in', ['calls']);
      distance.delete(id);
      return distance;
    },

    infrastructureOf(id) {
      if (!g.hasNode(id)) return [];
      const { distance } = bfs(id, Number.POSITIVE_INFINITY, 'out', ['runs-on']);
      return sorted([...distance.keys()].filter((n) => n !== id && INFRASTRUCTURE_KINDS.has(g.node(n).kind)));
    },

    sharedInfrastructure(a, b) {
      const other = new Set(graph.infrastructureOf(b));
      return graph.infrastructureOf(a).filter((n) => other.has(n));
    },

    shortestPath(from, to, options = {}) {
      if (!g.hasNode(from) || !g.hasNode(to)) return undefined;
      if (from === to) return [from];
      const { predecessor } = bfs(from, Number.POSITIVE_INFINITY, options.undirected ? 'both' : 'out', options.kinds, to);
      if (!predecessor.has(to)) return undefined;
      const path = [to];
      for (let v = to; v !== from; ) {
        v = predecessor.get(v) as string;
        path.push(v);
      }
      return path.reverse();
    },

    toData: () => ({ fromMillis: data.fromMillis, toMillis: data.toMillis, nodes: graph.nodes(), edges: graph.edges() }),
  };
  return graph;
}
