/** Hand-built anomalies and graphs for the incident tests. */
import type { Anomaly, Severity } from '../detect/anomaly.ts';
import { STATIC_THRESHOLD } from '../detect/static-threshold.ts';
import type { Indicator } from '../signals/signal-frame.ts';
import { createServiceGraph, type ServiceGraph } from '../topology/service-graph.ts';
import type { TopologyEdge } from '../topology/topology.ts';

export const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);
export const MINUTE = 60_000;

/**
 * An anomaly of a threshold rule, so that a critical one opens an incident
 * alone; spread it with another `detector` to test how statistical findings
 * are weighed (opening-evidence.ts).
 */
export function anomaly(entity: string, atMinutes: number, severity: Severity = 'warning', indicator: Indicator = 'latency'): Anomaly {
  return {
    entity,
    indicator,
    signal: `${indicator}_signal`,
    detector: STATIC_THRESHOLD,
    onsetMillis: T0 + atMinutes * MINUTE,
    score: severity === 'critical' ? 5 : 2,
    severity,
    direction: 'up',
    evidence: {},
  };
}

/** `calls` edges from [caller, callee] pairs, `runs-on` from [service, 'host:x'] pairs. */
export function graphOf(calls: readonly [string, string][], runsOn: readonly [string, string][] = []): ServiceGraph {
  const edge = (from: string, to: string, kind: TopologyEdge['kind']): TopologyEdge => ({ from, to, kind, calls: 10, errors: 0, p50Ms: 5, p95Ms: 20 });
  const services = [...new Set([...calls.flat(), ...runsOn.map(([s]) => s)])];
  return createServiceGraph({
    fromMillis: T0 - 60 * MINUTE,
    toMillis: T0,
    nodes: [
      ...services.map((id) => ({ id, kind: 'service' as const, name: id })),
      ...[...new Set(runsOn.map(([, h]) => h))].map((id) => ({ id, kind: 'host' as const, name: id.replace(/^host:/, '') })),
    ],
    edges: [...calls.map(([a, b]) => edge(a, b, 'calls')), ...runsOn.map(([a, b]) => edge(a, b, 'runs-on'))],
  });
}
