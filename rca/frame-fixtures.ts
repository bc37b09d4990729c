/**
 * Hand-built incidents for the rca tests: signal frames on a 10 s grid with
 * deterministic noise, call graphs, and the incident that holds the
 * anomalies a detector would have raised.
 */
import {
  type Anomaly,
  type Direction,
  type Indicator,
  type IncidentState,
  type RankingContext,
  type ServiceGraph,
  type SignalFrame,
  type SignalQueryStore,
  type SignalSeries,
  type SignalSource,
  createServiceGraph,
} from '../correlator/index.ts';
import { causewayError } from '../core/errors.ts';
import { fail } from '../core/result.ts';

export const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);
export const STEP_SECONDS = 10;
/** 20 minutes; the faults in the fixtures start at bucket 90 (15 min). */
export const BUCKETS = 120;
export const ONSET_BUCKET = 90;

export const bucketMillis = (b: number): number => T0 + b * STEP_SECONDS * 1000;

/** A repeatable pseudo-random sequence in [-1, 1) per key (an LCG seeded by the key's characters). */
function noise(key: string): () => number {
  let state = 7;
  for (const ch of key) state = (state * 31 + ch.charCodeAt(0)) >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 31 - 1;
  };
}

export interface SeriesSpec {
  readonly entity: string;
  readonly indicator: Indicator;
  readonly name: string;
  readonly source?: SignalSource;
  /** The level at a bucket, before noise. */
  readonly level: (bucket: number) => number;
  /** Noise amplitude as a share of the level (default 3%). */
  readonly noise?: number;
}

export function makeSeries(spec: SeriesSpec): SignalSeries {
  const next = noise(`${spec.entity}/${spec.name}`);
  const share = spec.noise ?? 0.03;
  const values = new Float64Array(BUCKETS);
  for (let b = 0; b < BUCKETS; b++) {
    const level = spec.level(b);
    values[b] = level + Math.abs(level) * share * next();
  }
  return { entity: spec.entity, indicator: spec.indicator, name: spec.name, source: spec.source ?? 'metrics', values };
}

export function makeFrame(series: readonly SignalSeries[]): SignalFrame {
  return { fromMillis: T0, stepSeconds: STEP_SECONDS, buckets: BUCKETS, series };
}

/** A level that steps from `before` to `after` at `atBucket`. */
export const step =
  (before: number, after: number, atBucket = ONSET_BUCKET) =>
  (b: number): number =>
    b < atBucket ? before : after;

/** `calls` edges from [caller, callee] pairs, `runs-on` edges from [service, infrastructure id] pairs. */
export function makeGraph(calls: readonly (readonly [string, string])[], runsOn: readonly (readonly [string, string])[] = []): ServiceGraph {
  const edge = (from: string, to: string, kind: 'calls' | 'runs-on') => ({ from, to, kind, calls: 100, errors: 0, p50Ms: 5, p95Ms: 20 });
  const services = [...new Set([...calls.flat(), ...runsOn.map(([s]) => s)])];
  const infrastructure = [...new Set(runsOn.map(([, i]) => i))];
  return createServiceGraph({
    fromMillis: T0,
    toMillis: bucketMillis(BUCKETS),
    nodes: [...services.map((id) => ({ id, kind: 'service' as const, name: id })), ...infrastructure.map((id) => ({ id, kind: 'pod' as const, name: id.replace(/^pod:/, '') }))],
    edges: [...calls.map(([a, b]) => edge(a, b, 'calls')), ...runsOn.map(([a, b]) => edge(a, b, 'runs-on'))],
  });
}

export function makeAnomaly(entity: string, indicator: Indicator, signal: string, onsetBucket: number, direction: Direction = 'up'): Anomaly {
  return { entity, indicator, signal, detector: 'robust-baseline', onsetMillis: bucketMillis(onsetBucket), score: 5, severity: 'critical', direction, evidence: {} };
}

/** The distinct entities of `anomalies`, sorted, as an incident lists them. */
export const entitiesOf = (anomalies: readonly Anomaly[]): string[] => [...new Set(anomalies.map((a) => a.entity))].sort();

export function makeIncident(anomalies: readonly Anomaly[]): IncidentState {
  const opened = Math.min(...anomalies.map((a) => a.onsetMillis));
  return {
    id: 'inc-1',
    status: 'open',
    openedAtMillis: opened,
    updatedAtMillis: Math.max(...anomalies.map((a) => a.onsetMillis)),
    anomalies,
    fingerprints: anomalies.map((a) => `${a.entity}|${a.indicator}|${a.signal}|${a.detector}`),
    entities: entitiesOf(anomalies),
    founders: entitiesOf(anomalies),
    severity: 'critical',
    priority: 'P2',
    services: new Set(anomalies.map((a) => a.entity)).size,
    causes: [],
  };
}

/** A store that must not be asked: the frame scorers read none. */
export const NO_STORE: SignalQueryStore = {
  queryRows: async () => fail(causewayError('CW_ERR_STORAGE_UNAVAILABLE', 'the frame scorers must not query the store')),
};

export function makeContext(frame: SignalFrame, graph: ServiceGraph | undefined, anomalies: readonly Anomaly[], store: SignalQueryStore = NO_STORE): RankingContext {
  return { incident: makeIncident(anomalies), frame, graph, store, atMillis: bucketMillis(BUCKETS) };
}

/**
 * A callee's latency fault spreading to its three callers: `db` slows at
 * bucket 90 (5 -> 60 ms); `orders`, `carts` and `users` call it and slow
 * 20 s later (30 -> 90 ms); `front` calls all three and slows after them.
 * Every service keeps its traffic; cpu stays flat.
 */
export function calleeLatencyCase(withGraph = true): RankingContext {
  const callers = ['orders', 'carts', 'users'];
  const series = [
    makeSeries({ entity: 'db', indicator: 'latency', name: 'latency_p95_ms', source: 'traces', level: step(5, 60) }),
    ...callers.map((c) => makeSeries({ entity: c, indicator: 'latency', name: 'latency_p95_ms', source: 'traces', level: step(30, 90, ONSET_BUCKET + 2) })),
    makeSeries({ entity: 'front', indicator: 'latency', name: 'latency_p95_ms', source: 'traces', level: step(80, 150, ONSET_BUCKET + 3) }),
    ...['db', ...callers, 'front'].flatMap((e) => [
      makeSeries({ entity: e, indicator: 'traffic', name: 'request_rate', source: 'traces', level: () => 40 }),
      makeSeries({ entity: e, indicator: 'cpu', name: 'container.cpu.utilization', level: () => 0.2 }),
    ]),
  ];
  const graph = withGraph ? makeGraph([...callers.map((c) => ['front', c] as const), ...callers.map((c) => [c, 'db'] as const)]) : undefined;
  const anomalies = [
    makeAnomaly('db', 'latency', 'latency_p95_ms', ONSET_BUCKET),
    ...callers.map((c) => makeAnomaly(c, 'latency', 'latency_p95_ms', ONSET_BUCKET + 2)),
    makeAnomaly('front', 'latency', 'latency_p95_ms', ONSET_BUCKET + 3),
  ];
  return makeContext(makeFrame(series), graph, anomalies);
}

/**
 * A CPU hog on the pod `pod:payment-1` of `payment`: its cpu goes from 12%
 * to 95% at bucket 90 and its latency doubles; `checkout` (its caller) slows
 * 20 s later. With `onPod`, the cpu series is the pod's, not the service's.
 */
export function cpuHogCase(onPod = false): RankingContext {
  const series = [
    makeSeries({ entity: onPod ? 'pod:payment-1' : 'payment', indicator: 'cpu', name: 'container.cpu.utilization', level: step(0.12, 0.95) }),
    makeSeries({ entity: 'payment', indicator: 'latency', name: 'latency_p95_ms', source: 'traces', level: step(20, 45, ONSET_BUCKET + 1) }),
    makeSeries({ entity: 'payment', indicator: 'mem', name: 'container.memory.usage', level: () => 300e6 }),
    makeSeries({ entity: 'checkout', indicator: 'latency', name: 'latency_p95_ms', source: 'traces', level: step(60, 110, ONSET_BUCKET + 2) }),
    makeSeries({ entity: 'checkout', indicator: 'cpu', name: 'container.cpu.utilization', level: () => 0.3 }),
    makeSeries({ entity: 'checkout', indicator: 'mem', name: 'container.memory.usage', level: () => 500e6 }),
  ];
  const graph = makeGraph([['checkout', 'payment']], [['payment', 'pod:payment-1']]);
  const anomalies = [makeAnomaly('payment', 'latency', 'latency_p95_ms', ONSET_BUCKET + 1), makeAnomaly('checkout', 'latency', 'latency_p95_ms', ONSET_BUCKET + 2)];
  return makeContext(makeFrame(series), graph, anomalies);
}

/**
 * Metrics only, no graph: `inventory`'s memory climbs from bucket 90; 30 s
 * later `shop` and `web` slow down, moving with it; `mailer` has an
 * unrelated blip of its cpu in one bucket.
 */
export function metricsOnlyCase(): RankingContext {
  const climb = (b: number) => (b < ONSET_BUCKET ? 200e6 : 200e6 + (b - ONSET_BUCKET + 1) * 15e6);
  const slow = (base: number) => (b: number) => (b < ONSET_BUCKET + 3 ? base : base * (1 + (b - ONSET_BUCKET - 2) * 0.08));
  const series = [
    makeSeries({ entity: 'inventory', indicator: 'mem', name: 'container.memory.usage', level: climb, noise: 0.01 }),
    makeSeries({ entity: 'inventory', indicator: 'cpu', name: 'container.cpu.utilization', level: () => 0.3 }),
    makeSeries({ entity: 'shop', indicator: 'latency', name: 'http.server.request.duration', level: slow(0.2) }),
    makeSeries({ entity: 'shop', indicator: 'cpu', name: 'container.cpu.utilization', level: () => 0.25 }),
    makeSeries({ entity: 'web', indicator: 'latency', name: 'http.server.request.duration', level: slow(0.35) }),
    makeSeries({ entity: 'web', indicator: 'cpu', name: 'container.cpu.utilization', level: () => 0.4 }),
    makeSeries({ entity: 'mailer', indicator: 'cpu', name: 'container.cpu.utilization', level: (b) => (b === ONSET_BUCKET + 5 ? 0.9 : 0.1) }),
  ];
  const anomalies = [
    makeAnomaly('inventory', 'mem', 'container.memory.usage', ONSET_BUCKET + 1),
    makeAnomaly('shop', 'latency', 'http.server.request.duration', ONSET_BUCKET + 4),
    makeAnomaly('web', 'latency', 'http.server.request.duration', ONSET_BUCKET + 5),
  ];
  return makeContext(makeFrame(series), undefined, anomalies);
}
