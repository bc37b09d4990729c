/**
 * Export requests as SDK exporters batch them: one request per flush with
 * one ResourceSpans / ResourceLogs per pod (container run) and one scope
 * entry per instrumentation scope, items in the order they finished.
 */
import { runAt, type PodInstance } from '../fleet/pods.ts';
import type { LogRecord, SpanRecord } from '../sim/records.ts';
import { textHash } from '../sim/text-hash.ts';
import type { ServiceSpec } from '../topology/types.ts';
import { SEVERITY, str, type Resource, type Scope } from './otlp.ts';
import type { ResourceCache } from './resources.ts';

interface Group<T> {
  readonly resource: Resource;
  readonly scopes: Map<string, { scope: Scope; items: T[] }>;
}

function groupBy<T>(items: readonly T[], podOf: (item: T) => PodInstance, timeOf: (item: T) => number, resourceOf: (pod: PodInstance, t: number) => Resource, scopeOf: (item: T) => Scope): Array<Group<T>> {
  const groups = new Map<Resource, Group<T>>();
  for (const item of items) {
    const resource = resourceOf(podOf(item), timeOf(item));
    let g = groups.get(resource);
    if (!g) groups.set(resource, (g = { resource, scopes: new Map() }));
    const scope = scopeOf(item);
    let s = g.scopes.get(scope.name);
    if (!s) g.scopes.set(scope.name, (s = { scope, items: [] }));
    s.items.push(item);
  }
  return [...groups.values()];
}

export function tracesRequest(spans: readonly SpanRecord[], resources: ResourceCache, services: ReadonlyMap<string, ServiceSpec>): object {
  const groups = groupBy(
    spans,
    (s) => s.pod,
    (s) => s.endMs,
    (pod, t) => resources.sdk(pod, runAt(pod, t) ?? pod.runs[pod.runs.length - 1]!, services.get(pod.owner)!),
    (s) => s.scope,
  );
  return {
    resourceSpans: groups.map((g) => ({
      resource: g.resource,
      scopeSpans: [...g.scopes.values()].map((s) => ({ scope: s.scope, spans: s.items.map((i) => i.span) })),
    })),
  };
}

const LOG_SCOPES: Record<string, Scope> = {
  java: { name: 'io.opentelemetry.logback-appender-1.0', version: '2.10.0-alpha' },
  go: { name: 'go.opentelemetry.io/contrib/bridges/otelslog', version: '0.8.0' },
  node: { name: '@opentelemetry/instrumentation-winston', version: '0.43.0' },
  python: { name: 'opentelemetry.sdk._logs._internal', version: '1.29.0' },
  dotnet: { name: 'Microsoft.Extensions.Logging', version: '' },
  nginx: { name: 'nginx', version: '1.25.3' },
};
/** Logs the node agent reads from container stdout (filelog receiver) carry no scope. */
const FILELOG: Scope = { name: '' };

/**
 * One logs request. Services with an SDK send their own log records (SDK
 * resource, exact timestamps); databases, brokers and services without
 * tracing are read from stdout by the node agent (pod resource, observed
 * a little later, no trace context).
 */
export function logsRequest(records: readonly LogRecord[], resources: ResourceCache, services: ReadonlyMap<string, ServiceSpec>, nanos: (t: number) => string): object {
  const sdkOf = (pod: PodInstance): ServiceSpec | undefined => {
    const svc = services.get(pod.owner);
    return svc && svc.telemetry.traces !== 'none' ? svc : undefined;
  };
  const groups = groupBy(
    records,
    (r) => r.pod,
    (r) => r.tMs,
    (pod, t) => {
      const run = runAt(pod, t) ?? pod.runs[pod.runs.length - 1]!;
      const svc = sdkOf(pod);
      return svc ? resources.sdk(pod, run, svc) : resources.podLogs(pod, run);
    },
    (r) => {
      const svc = sdkOf(r.pod);
      return svc ? LOG_SCOPES[svc.language]! : FILELOG;
    },
  );
  return {
    resourceLogs: groups.map((g) => ({
      resource: g.resource,
      scopeLogs: [...g.scopes.values()].map((s) => ({
        scope: s.scope,
        logRecords: s.items.map((r) => {
          const viaFile = !sdkOf(r.pod);
          const record: Record<string, unknown> = {
            timeUnixNano: nanos(r.tMs),
            observedTimeUnixNano: nanos(r.tMs + (viaFile ? 150 + (textHash(r.body) % 900) : 0.2)),
            severityNumber: SEVERITY[r.severity],
            severityText: r.severity,
            body: { stringValue: r.body },
          };
          if (r.exceptionType !== '') record.attributes = [str('exception.type', r.exceptionType)];
          if (r.traceId !== '') {
            record.traceId = r.traceId;
            record.spanId = r.spanId;
            record.flags = r.sampled ? 1 : 0;
          }
          return record;
        }),
      })),
    })),
  };
}
