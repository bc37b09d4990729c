/**
 * How an anomalous entity stands to a group of anomalous entities (an
 * incident, or anomalies waiting for evidence) in the dependency graph:
 * which story it belongs to.
 *
 * A group's founders are the entities of the anomalies that founded it or
 * joined it as part of its story (not those that joined only as symptoms);
 * its roots are the founders that call none of the other founders within
 * `hops`: the deepest places the group's symptoms point to. Then an entity
 * is
 * - `member`: one of the group's founders;
 * - `cause`: a callee of a root within `hops`, a caller of a root whose own
 *   network interface is in trouble (errors, drops: its packet loss slows
 *   the calls it makes, so the root's slowness as its client spans see it
 *   is its doing; measured: a packet loss's own interface errors opened a
 *   second incident beside the one its slow database calls had opened),
 *   or (for resource anomalies)
 *   the pod, host or node a root runs on, or a service running on a root
 *   that is one. It explains the group's symptoms: the group's story goes
 *   on below it. Two services that merely share a node are not related: in
 *   a small cluster most do, and a resource anomaly of each would glue
 *   independent faults together;
 * - `symptom`: one of the group's other entities, or a caller, within
 *   `hops`, of one of its entities. It suffers from the group's fault, but
 *   may as well suffer from another one: a front end calls into every
 *   independent fault at once;
 * - also a `symptom`: an entity calling a service a root calls too. Both
 *   may suffer from that common callee (a fault the callee's own signals
 *   do not show), so it joins rather than opening an incident of its own,
 *   but it explains nothing about the group;
 * - unrelated otherwise. Another callee of a group's symptom that is not
 *   below one of its roots (a sibling of the root) is a different story:
 *   this is what keeps two independent faults under one front end apart.
 *
 * An entity the graph does not know (no traces at all, metrics-only data)
 * is a `symptom` of everything: without topology, time is the only evidence
 * of a shared cause, but it is not enough to glue stories together. Group
 * entities the graph does not know are left out of the group's roots.
 *
 * A drop in the requests reaching an entity founds nothing (it points to
 * whoever sends them; incident-grouper.ts). A story of such drops alone
 * has no founders: an entity calling one of its entities within `hops`
 * carries it on, as its `cause`, and nothing else relates to it.
 *
 * A rise in an entity's own CPU, memory or disk, or in its network
 * interface's errors or drops (`ownRise`), is a symptom of nothing: callers
 * do not burn CPU, fill memory or disk or break their interface because
 * something they call misbehaves (they wait). Such an anomaly is a
 * `member`, a `cause`, or unrelated, and then it tells a story of its own,
 * even where the entity is already in the group as a symptom, or is one
 * the graph does not know while the graph does know calls (traces exist;
 * that entity sent none).
 * Without calls in the graph, time stays the only evidence, as above.
 * Measured on generated two-fault cases: a CPU hog and a memory leak each
 * joined another fault's incident as a symptom (one through a callee both
 * services call, one as a service without traces), and each fault lost
 * first place in the merged incident.
 */
import type { ServiceGraph } from '../topology/service-graph.ts';

export type StoryRelation = 'member' | 'cause' | 'symptom';

/** The entities of a group's anomalies, and which of them are its founders (see above). */
export interface Story {
  readonly entities: Iterable<string>;
  readonly founders: Iterable<string>;
}

type Direction = 'down' | 'up';
/** The grouper asks the same questions of one graph for every anomaly: answers are kept per graph. */
const reachCache = new WeakMap<ServiceGraph, Map<string, Set<string>>>();

/** Whether the graph knows any call (it was built from traces), cached per graph. */
const callsKnown = new WeakMap<ServiceGraph, boolean>();
function knowsCalls(graph: ServiceGraph): boolean {
  let known = callsKnown.get(graph);
  if (known === undefined) callsKnown.set(graph, (known = graph.edges().some((e) => e.kind === 'calls')));
  return known;
}

/** ServiceGraph.callsWithin as a set, cached per graph. */
function reachable(graph: ServiceGraph, entity: string, hops: number, direction: Direction): ReadonlySet<string> {
  let byKey = reachCache.get(graph);
  if (!byKey) reachCache.set(graph, (byKey = new Map()));
  const key = `${direction}\u0000${hops}\u0000${entity}`;
  const cached = byKey.get(key);
  if (cached) return cached;
  const reached = new Set(graph.callsWithin(entity, hops, direction).keys());
  byKey.set(key, reached);
  return reached;
}

/**
 * The group's entities the graph knows that call none of its other entities
 * within `hops`; all of them when every one calls another (services calling
 * each other back form a cycle with no bottom).
 */
function storyRoots(entities: Iterable<string>, graph: ServiceGraph, hops: number): string[] {
  const known = [...new Set(entities)].filter((e) => graph.hasNode(e));
  const roots = known.filter((e) => {
    const below = reachable(graph, e, hops, 'down');
    return !known.some((other) => other !== e && below.has(other));
  });
  return roots.length > 0 ? roots : known;
}

/**
 * A story without founders: every finding in it is a drop in the requests
 * reaching its entities (incident-grouper.ts), which points to whoever
 * sends them. An entity calling one of them within `hops` carries the
 * story on, as its cause; nothing else relates to it.
 */
function upstreamOf(entity: string, members: ReadonlySet<string>, graph: ServiceGraph, hops: number): StoryRelation | undefined {
  const below = reachable(graph, entity, hops, 'down');
  return [...members].some((m) => below.has(m)) ? 'cause' : undefined;
}

/** How the anomaly to relate bears on the rules above. */
export interface RelatedAnomaly {
  /** A resource anomaly: the infrastructure an entity runs on may explain it. */
  readonly viaInfrastructure: boolean;
  /** A rise in the entity's own CPU, memory or disk, or its interface's errors or drops: a symptom of nothing. */
  readonly ownRise: boolean;
  /** A rise in its network interface's errors or drops (packet loss): it slows the calls the entity makes as well as those it serves. */
  readonly interfaceTrouble?: boolean;
}

export function storyRelation(entity: string, story: Story, graph: ServiceGraph | undefined, hops: number, anomaly: RelatedAnomaly): StoryRelation | undefined {
  const { viaInfrastructure, ownRise, interfaceTrouble = false } = anomaly;
  const founders = new Set(story.founders);
  if (founders.has(entity)) return 'member';
  if (!graph?.hasNode(entity)) return ownRise && graph !== undefined && knowsCalls(graph) ? undefined : 'symptom';
  const members = new Set(story.entities);
  if (members.has(entity) && !ownRise) return 'symptom';
  if (founders.size === 0) return upstreamOf(entity, members, graph, hops);
  const roots = storyRoots(founders, graph, hops);
  const above = reachable(graph, entity, hops, 'up');
  if (roots.some((r) => above.has(r))) return 'cause';
  const callees = reachable(graph, entity, 1, 'down');
  // Its calls to a root are slow because its own interface drops packets: the root's slowness, seen from its client spans, is its doing.
  if (interfaceTrouble && roots.some((r) => callees.has(r))) return 'cause';
  if (viaInfrastructure) {
    // The entity runs on a root (a host's service), or a root runs on it (a service's host).
    const infra = new Set(graph.infrastructureOf(entity));
    if (roots.some((r) => infra.has(r) || graph.infrastructureOf(r).includes(entity))) return 'cause';
  }
  if (ownRise) return undefined;
  const below = reachable(graph, entity, hops, 'down');
  for (const m of members) if (below.has(m)) return 'symptom';
  if (roots.some((r) => [...reachable(graph, r, 1, 'down')].some((c) => callees.has(c)))) return 'symptom';
  return undefined;
}
