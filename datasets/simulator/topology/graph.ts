/**
 * Questions about a topology's call graph: who calls whom, what lies
 * downstream, and how many requests each operation sees per outside request.
 * Edges go from caller to callee; a queue counts as an edge from the
 * publishing service to the consumer, and a database call as an edge from
 * the service to the database.
 */
import type { SystemTopology } from './types.ts';

export interface CallGraph {
  /** Direct callees (services, databases, consumers behind a queue) of a node. */
  callees(node: string): ReadonlySet<string>;
  /** Direct callers of a node. */
  callers(node: string): ReadonlySet<string>;
  /** Direct callers that wait for the node's answer (service calls and statements, not messages). */
  syncCallers(node: string): ReadonlySet<string>;
  /** Everything reachable downstream of a node, itself excluded. */
  downstream(node: string): ReadonlySet<string>;
  /** Everything upstream of a node, itself excluded. */
  upstream(node: string): ReadonlySet<string>;
  /** Expected requests to `service`'s operation per outside request (0 when unreachable). */
  operationLoad(service: string, operation: string): number;
  /** Expected requests to a service or database per outside request. */
  nodeLoad(node: string): number;
}

export function buildCallGraph(t: SystemTopology): CallGraph {
  const callees = new Map<string, Set<string>>();
  const callers = new Map<string, Set<string>>();
  const syncCallers = new Map<string, Set<string>>();
  const link = (from: string, to: string, sync = true): void => {
    if (!callees.has(from)) callees.set(from, new Set());
    if (!callers.has(to)) callers.set(to, new Set());
    callees.get(from)!.add(to);
    callers.get(to)!.add(from);
    if (sync) {
      if (!syncCallers.has(to)) syncCallers.set(to, new Set());
      syncCallers.get(to)!.add(from);
    }
  };
  const consumerOf = new Map(t.queues.map((q) => [q.destination, q] as const));
  for (const s of t.services) {
    for (const op of s.operations) {
      for (const c of op.calls) {
        if (c.kind === 'service') link(s.name, c.service);
        else if (c.kind === 'db') link(s.name, c.database);
        else {
          const q = consumerOf.get(c.destination);
          if (q) {
            link(s.name, q.broker);
            link(s.name, q.consumer, false);
          }
        }
      }
    }
  }

  // Expected load: walk from the entries, multiplying probabilities and mean counts (the graph is acyclic).
  const opLoad = new Map<string, number>();
  const nodeLoad = new Map<string, number>();
  const services = new Map(t.services.map((s) => [s.name, s] as const));
  const totalWeight = t.entries.reduce((sum, e) => sum + e.weight, 0);
  const visit = (service: string, operation: string, load: number, depth: number): void => {
    if (depth > 64) throw new Error(`call graph of ${t.name} is cyclic at ${service} ${operation}`);
    const key = `${service}\u0000${operation}`;
    opLoad.set(key, (opLoad.get(key) ?? 0) + load);
    nodeLoad.set(service, (nodeLoad.get(service) ?? 0) + load);
    const op = services.get(service)?.operations.find((o) => o.name === operation);
    if (!op) return;
    for (const c of op.calls) {
      const times = c.kind === 'publish' ? c.probability : c.probability * ((c.count[0] + c.count[1]) / 2);
      if (c.kind === 'service') visit(c.service, c.operation, load * times, depth + 1);
      else if (c.kind === 'db') nodeLoad.set(c.database, (nodeLoad.get(c.database) ?? 0) + load * times);
      else {
        const q = consumerOf.get(c.destination);
        if (q) {
          nodeLoad.set(q.broker, (nodeLoad.get(q.broker) ?? 0) + load * times);
          visit(q.consumer, q.operation, load * times, depth + 1);
        }
      }
    }
  };
  for (const e of t.entries) visit(e.service, e.operation, e.weight / totalWeight, 0);

  const closure = (start: string, next: (n: string) => ReadonlySet<string>): Set<string> => {
    const seen = new Set<string>();
    const stack = [...next(start)];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (seen.has(n) || n === start) continue;
      seen.add(n);
      stack.push(...next(n));
    }
    return seen;
  };
  const none: ReadonlySet<string> = new Set();
  const calleesOf = (n: string): ReadonlySet<string> => callees.get(n) ?? none;
  const callersOf = (n: string): ReadonlySet<string> => callers.get(n) ?? none;
  return {
    callees: calleesOf,
    callers: callersOf,
    syncCallers: (n) => syncCallers.get(n) ?? none,
    downstream: (n) => closure(n, calleesOf),
    upstream: (n) => closure(n, callersOf),
    operationLoad: (service, operation) => opLoad.get(`${service}\u0000${operation}`) ?? 0,
    nodeLoad: (n) => nodeLoad.get(n) ?? 0,
  };
}
