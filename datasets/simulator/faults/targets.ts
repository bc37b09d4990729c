/**
 * Target choice shared by the fault models. A fault must be observable and
 * must have somewhere to propagate: its target is called by at least one
 * other service that waits for the answer (a queue consumer alone is not
 * enough: its failures never reach the publisher) and serves a steady stream of requests (about one
 * request every ten seconds at the quietest hour or more), not only the occasional admin call.
 */
import type { CallGraph } from '../topology/graph.ts';
import type { SystemTopology } from '../topology/types.ts';

/** Requests per second below which a service is too quiet to carry a fault. */
const MIN_TARGET_RPS = 0.12;

export function busyCalledServices(t: SystemTopology, g: CallGraph, filter: (name: string) => boolean = () => true): string[] {
  const entry = new Set(t.entries.map((e) => e.service));
  return t.services
    .filter((s) => !entry.has(s.name) && g.syncCallers(s.name).size > 0 && g.nodeLoad(s.name) * t.peakRequestsPerSecond * 0.35 >= MIN_TARGET_RPS && filter(s.name))
    .map((s) => s.name);
}

export function busyDatabases(t: SystemTopology, g: CallGraph): string[] {
  return t.backing.filter((b) => b.kind === 'database' && g.nodeLoad(b.name) * t.peakRequestsPerSecond * 0.35 >= MIN_TARGET_RPS).map((b) => b.name);
}

/** Pods a fault hits: all of them, or one replica (slot 0) when `onePod`. */
export function slotFilter(onePod: boolean): (slot: number) => boolean {
  return onePod ? (slot) => slot === 0 : () => true;
}
