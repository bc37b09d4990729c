/**
 * Consistency checks for a topology, run when a system is looked up: names
 * are unique, every call, queue and entry points at something that exists,
 * the call graph is acyclic, every service receives traffic, and services
 * without tracing are leaves (so that no trace is cut in two). Returns the
 * problems found; an empty list means the topology is usable.
 */
import { buildCallGraph } from './graph.ts';
import type { SystemTopology } from './types.ts';

export function topologyProblems(t: SystemTopology): string[] {
  const problems: string[] = [];
  const services = new Map(t.services.map((s) => [s.name, s] as const));
  const backing = new Map(t.backing.map((b) => [b.name, b] as const));
  const queues = new Map(t.queues.map((q) => [q.destination, q] as const));
  if (services.size !== t.services.length) problems.push('duplicate service names');
  if (backing.size !== t.backing.length) problems.push('duplicate database/broker names');
  for (const name of services.keys()) if (backing.has(name)) problems.push(`${name} is both a service and a database/broker`);
  if (t.hosts.length === 0) problems.push('no hosts');

  const hasOp = (svc: string, op: string): boolean => services.get(svc)?.operations.some((o) => o.name === op) ?? false;
  for (const s of t.services) {
    const names = new Set(s.operations.map((o) => o.name));
    if (names.size !== s.operations.length) problems.push(`${s.name}: duplicate operation names`);
    if (s.pods < 1) problems.push(`${s.name}: no pods`);
    for (const op of s.operations) {
      for (const c of op.calls) {
        const at = `${s.name} ${op.name}`;
        if (c.kind === 'service' && !hasOp(c.service, c.operation)) problems.push(`${at}: calls unknown ${c.service} ${c.operation}`);
        if (c.kind === 'db' && backing.get(c.database)?.kind !== 'database') problems.push(`${at}: unknown database ${c.database}`);
        if (c.kind === 'publish' && !queues.has(c.destination)) problems.push(`${at}: unknown queue ${c.destination}`);
        if (c.kind === 'service' && s.telemetry.traces === 'none') problems.push(`${at}: a service without tracing must not call services`);
        if (c.probability <= 0 || c.probability > 1) problems.push(`${at}: call probability ${c.probability} outside (0, 1]`);
      }
    }
  }
  for (const q of t.queues) {
    if (backing.get(q.broker)?.kind !== 'broker') problems.push(`queue ${q.destination}: unknown broker ${q.broker}`);
    if (!hasOp(q.consumer, q.operation)) problems.push(`queue ${q.destination}: unknown consumer ${q.consumer} ${q.operation}`);
  }
  for (const e of t.entries) if (!hasOp(e.service, e.operation)) problems.push(`entry ${e.service} ${e.operation} does not exist`);
  if (problems.length > 0) return problems;

  let graph;
  try {
    graph = buildCallGraph(t);
  } catch (e) {
    return [e instanceof Error ? e.message : String(e)];
  }
  for (const s of t.services) if (graph.nodeLoad(s.name) <= 0) problems.push(`${s.name} receives no traffic`);
  for (const b of t.backing) if (graph.nodeLoad(b.name) <= 0) problems.push(`${b.name} receives no traffic`);
  return problems;
}
