/**
 * Request metrics at full rate, as each service's SDK exports them:
 * `http.server.request.duration` (s) for HTTP servers, `rpc.server.duration`
 * (ms) for gRPC servers, `messaging.process.duration` (s) for queue
 * consumers, all cumulative explicit-bucket histograms per route and status;
 * Micrometer's `http.server.requests` summary for the services that publish
 * one; the nginx receiver's `nginx.requests` for the nginx front.
 * Cumulative state lives per container run: a restart starts from zero.
 */
import type { ContainerRun, PodInstance } from '../fleet/pods.ts';
import { runAt } from '../fleet/pods.ts';
import type { ServerRecord } from '../sim/records.ts';
import type { ServiceSpec } from '../topology/types.ts';
import { HistogramAccumulator, SummaryAccumulator, histogram, sum, summary } from './metric-encoding.ts';
import { int, str, type KeyValue, type Scope } from './otlp.ts';
import { METRIC_SCOPES, serverScope } from './scopes.ts';

/** Semantic-convention default boundaries for http.server.request.duration (seconds). */
const HTTP_BOUNDS_S = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
/** SDK default boundaries, used for rpc.server.duration (milliseconds). */
const RPC_BOUNDS_MS = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];
const QUANTILES = [0.5, 0.95, 0.99];

interface RunState {
  readonly histograms: Map<string, HistogramAccumulator>;
  readonly summaries: Map<string, SummaryAccumulator>;
  requests: number;
  intervalRequests: number;
  intervalDurationMs: number;
}

export interface ScopedMetrics {
  readonly scope: Scope;
  readonly metrics: object[];
}

export interface RequestMetrics {
  record(r: ServerRecord): void;
  /** What the SDK of `pod` (container `run`) exports at `startNanos`..`timeNanos`; empty when it has seen nothing. */
  export(svc: ServiceSpec, pod: PodInstance, run: ContainerRun, startNanos: string, timeNanos: string): ScopedMetrics[];
}

export function createRequestMetrics(services: ReadonlyMap<string, ServiceSpec>): RequestMetrics {
  const runs = new Map<string, RunState>();
  const stateOf = (pod: PodInstance, run: ContainerRun): RunState => {
    const key = `${pod.key}#${run.restartCount}`;
    let s = runs.get(key);
    if (!s) {
      s = { histograms: new Map(), summaries: new Map(), requests: 0, intervalRequests: 0, intervalDurationMs: 0 };
      runs.set(key, s);
    }
    return s;
  };
  return {
    record(r) {
      const run = runAt(r.pod, r.endMs);
      const svc = services.get(r.pod.owner);
      if (!run || !svc) return;
      const s = stateOf(r.pod, run);
      s.requests++;
      s.intervalRequests++;
      s.intervalDurationMs += r.durationMs;
      if (svc.language === 'nginx') return;
      const { op } = r;
      const consumer = op.method === '' && op.name.startsWith('process ');
      const key = `${op.name}|${r.status}`;
      let h = s.histograms.get(key);
      if (!h) {
        let attrs: KeyValue[];
        if (consumer) {
          attrs = [str('messaging.system', 'rabbitmq'), str('messaging.destination.name', op.route), str('messaging.operation.name', 'process')];
          if (r.errorType !== '') attrs.push(str('error.type', r.errorType));
          h = new HistogramAccumulator(attrs, HTTP_BOUNDS_S);
        } else if (svc.protocol === 'grpc') {
          const slash = op.route.lastIndexOf('/');
          attrs = [str('rpc.system', 'grpc'), str('rpc.service', op.route.slice(0, slash)), str('rpc.method', op.route.slice(slash + 1)), int('rpc.grpc.status_code', r.status)];
          h = new HistogramAccumulator(attrs, RPC_BOUNDS_MS);
        } else {
          attrs = [str('http.request.method', op.method), str('http.route', op.route), int('http.response.status_code', r.status), str('url.scheme', 'http')];
          if (r.errorType !== '') attrs.push(str('error.type', r.errorType));
          h = new HistogramAccumulator(attrs, HTTP_BOUNDS_S);
        }
        s.histograms.set(key, h);
      }
      h.record(svc.protocol === 'grpc' && !consumer ? r.durationMs : r.durationMs / 1000);
      if (svc.telemetry.summary && !consumer) {
        let m = s.summaries.get(key);
        if (!m) {
          const outcome = r.status >= 500 ? 'SERVER_ERROR' : r.status >= 400 ? 'CLIENT_ERROR' : 'SUCCESS';
          const exception = r.errorType === '' ? 'None' : r.errorType.split('.').pop() ?? 'None';
          m = new SummaryAccumulator([str('method', op.method), str('uri', op.route), str('status', String(r.status)), str('outcome', outcome), str('exception', exception)]);
          s.summaries.set(key, m);
        }
        m.record(r.durationMs / 1000);
      }
    },
    export(svc, pod, run, startNanos, timeNanos) {
      const s = stateOf(pod, run);
      const intervalCount = s.intervalRequests;
      const meanMs = s.intervalRequests > 0 ? s.intervalDurationMs / s.intervalRequests : 0;
      s.intervalRequests = 0;
      s.intervalDurationMs = 0;
      if (svc.language === 'nginx') {
        const active = Math.max(1, Math.round((intervalCount / Math.max(1, svc.telemetry.metricsIntervalSeconds)) * (meanMs / 1000) * 2 + 1));
        return [
          {
            scope: { name: 'github.com/open-telemetry/opentelemetry-collector-contrib/receiver/nginxreceiver', version: '0.116.0' },
            metrics: [
              sum('nginx.requests', '{requests}', startNanos, timeNanos, true, [{ attributes: [], value: s.requests, integer: true }]),
              sum('nginx.connections_current', '{connections}', startNanos, timeNanos, false, [
                { attributes: [str('state', 'active')], value: active, integer: true },
                { attributes: [str('state', 'waiting')], value: active + 12, integer: true },
              ]),
            ],
          },
        ];
      }
      if (s.histograms.size === 0) return [];
      const consumerPoints: object[] = [];
      const serverPoints: object[] = [];
      for (const h of s.histograms.values()) {
        (h.attributes[0]?.key === 'messaging.system' ? consumerPoints : serverPoints).push(h.point(startNanos, timeNanos));
      }
      const metrics: object[] = [];
      if (serverPoints.length > 0) metrics.push(histogram(svc.protocol === 'grpc' ? 'rpc.server.duration' : 'http.server.request.duration', svc.protocol === 'grpc' ? 'ms' : 's', serverPoints));
      if (consumerPoints.length > 0) metrics.push(histogram('messaging.process.duration', 's', consumerPoints));
      const out: ScopedMetrics[] = [{ scope: serverScope(svc.language, svc.protocol, false), metrics }];
      if (s.summaries.size > 0) {
        out.push({ scope: METRIC_SCOPES.micrometer, metrics: [summary('http.server.requests', 's', [...s.summaries.values()].map((m) => m.take(startNanos, timeNanos, QUANTILES)))] });
      }
      return out;
    },
  };
}
