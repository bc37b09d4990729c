/**
 * Severity and priority of an incident from its impact: whether any anomaly
 * is critical, how many services it touches (breadth), and whether it
 * touches an entry service (one users call directly, named by the caller
 * because the graph cannot tell a public API from an internal one).
 */
import type { Anomaly, Severity } from '../detect/anomaly.ts';
import type { ServiceGraph } from '../topology/service-graph.ts';
import { INFRASTRUCTURE_KINDS } from '../topology/topology.ts';
import type { Priority } from './incident-events.ts';

export interface ImpactOptions {
  readonly entryServices: readonly string[];
  /** Breadth at which a critical incident is P1 even away from entry services. */
  readonly breadthForP1: number;
}

export interface Impact {
  readonly severity: Severity;
  readonly priority: Priority;
  readonly services: number;
}

/**
 * Breadth counts distinct entities that are not infrastructure nodes
 * (services, databases, peers: what users' requests pass through).
 *
 * - P1: critical, and an entry service is affected or breadth >= breadthForP1
 * - P2: critical, or an entry service is affected
 * - P3: breadth >= 2
 * - P4: otherwise
 */
export function assessImpact(anomalies: readonly Anomaly[], options: ImpactOptions, graph: ServiceGraph | undefined): Impact {
  const entities = new Set(anomalies.map((a) => a.entity));
  const services = [...entities].filter((e) => {
    const kind = graph?.node(e)?.kind;
    return kind === undefined || !INFRASTRUCTURE_KINDS.has(kind);
  }).length;
  const critical = anomalies.some((a) => a.severity === 'critical');
  const entry = options.entryServices.some((s) => entities.has(s));
  const priority: Priority = critical && (entry || services >= options.breadthForP1) ? 'P1' : critical || entry ? 'P2' : services >= 2 ? 'P3' : 'P4';
  return { severity: critical ? 'critical' : 'warning', priority, services };
}
