/**
 * Reads generated export requests back into flat rows for assertions:
 * spans, metric points and log records with their resource's service and
 * pod, times in milliseconds since the window start. Test support only.
 */
import type { SignalFile } from '../../format/case-truth.ts';

type Json = Record<string, unknown>;
const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);

export interface SpanRow {
  readonly service: string;
  readonly pod: string;
  readonly version: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  readonly kind: number;
  readonly startMs: number;
  readonly durationMs: number;
  readonly statusCode: number;
  readonly attributes: Readonly<Record<string, string | number | boolean>>;
  readonly events: readonly string[];
}

export interface PointRow {
  readonly service: string;
  readonly pod: string;
  readonly host: string;
  readonly metric: string;
  readonly tMs: number;
  /** Gauge/sum value, or histogram/summary count. */
  readonly value: number;
  /** Histogram/summary sum. */
  readonly sum: number;
  readonly attributes: Readonly<Record<string, string | number | boolean>>;
  readonly resource: Readonly<Record<string, string | number | boolean>>;
}

export interface LogRow {
  readonly service: string;
  readonly pod: string;
  readonly tMs: number;
  readonly severity: string;
  readonly body: string;
  readonly traceId: string;
}

export interface TelemetryIndex {
  readonly spans: SpanRow[];
  readonly points: PointRow[];
  readonly logs: LogRow[];
}

function attrs(v: unknown): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const kv of list(v)) {
    const value = kv.value as Json;
    if ('stringValue' in value) out[kv.key as string] = value.stringValue as string;
    else if ('intValue' in value) out[kv.key as string] = Number(value.intValue);
    else if ('doubleValue' in value) out[kv.key as string] = value.doubleValue as number;
    else if ('boolValue' in value) out[kv.key as string] = value.boolValue as boolean;
  }
  return out;
}

export function indexTelemetry(lines: Readonly<Record<SignalFile, readonly object[]>>, windowStartIso: string): TelemetryIndex {
  const base = BigInt(Date.parse(windowStartIso)) * 1_000_000n;
  const ms = (ns: unknown): number => Number(BigInt(ns as string) - base) / 1e6;
  const spans: SpanRow[] = [];
  for (const line of lines.traces) {
    for (const rs of list((line as Json).resourceSpans)) {
      const res = attrs((rs.resource as Json).attributes);
      for (const ss of list(rs.scopeSpans)) {
        for (const s of list(ss.spans)) {
          const start = ms(s.startTimeUnixNano);
          spans.push({
            service: String(res['service.name']),
            pod: String(res['k8s.pod.name']),
            version: String(res['service.version']),
            traceId: s.traceId as string,
            spanId: s.spanId as string,
            parentSpanId: (s.parentSpanId as string | undefined) ?? '',
            name: s.name as string,
            kind: (s.kind as number | undefined) ?? 0,
            startMs: start,
            durationMs: ms(s.endTimeUnixNano) - start,
            statusCode: ((s.status as Json | undefined)?.code as number | undefined) ?? 0,
            attributes: attrs(s.attributes),
            events: list(s.events).map((e) => e.name as string),
          });
        }
      }
    }
  }
  const points: PointRow[] = [];
  for (const line of lines.metrics) {
    for (const rm of list((line as Json).resourceMetrics)) {
      const res = attrs((rm.resource as Json).attributes);
      for (const sm of list(rm.scopeMetrics)) {
        for (const m of list(sm.metrics)) {
          for (const kind of ['gauge', 'sum', 'histogram', 'summary']) {
            const data = m[kind] as Json | undefined;
            if (!data) continue;
            for (const p of list(data.dataPoints)) {
              const value = kind === 'histogram' || kind === 'summary' ? Number(p.count) : p.asInt !== undefined ? Number(p.asInt) : (p.asDouble as number);
              points.push({
                service: String(res['service.name'] ?? ''),
                pod: String(res['k8s.pod.name'] ?? ''),
                host: String(res['host.name'] ?? res['k8s.node.name'] ?? ''),
                metric: m.name as string,
                tMs: ms(p.timeUnixNano),
                value,
                sum: (p.sum as number | undefined) ?? 0,
                attributes: attrs(p.attributes),
                resource: res,
              });
            }
          }
        }
      }
    }
  }
  const logs: LogRow[] = [];
  for (const line of lines.logs) {
    for (const rl of list((line as Json).resourceLogs)) {
      const res = attrs((rl.resource as Json).attributes);
      for (const sl of list(rl.scopeLogs)) {
        for (const l of list(sl.logRecords)) {
          logs.push({
            service: String(res['service.name']),
            pod: String(res['k8s.pod.name']),
            tMs: ms(l.timeUnixNano),
            severity: l.severityText as string,
            body: (l.body as Json).stringValue as string,
            traceId: (l.traceId as string | undefined) ?? '',
          });
        }
      }
    }
  }
  return { spans, points, logs };
}

/** Mean of `values`, NaN when empty. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * Per-interval increments of a cumulative series (histogram count, counter),
 * one per pod and attribute set, as [tMs, increment] pairs. A drop (a restart)
 * counts the new value as the increment.
 */
export function increments(points: readonly PointRow[], pick: (p: PointRow) => number = (p) => p.value): Array<{ row: PointRow; delta: number }> {
  const last = new Map<string, number>();
  const out: Array<{ row: PointRow; delta: number }> = [];
  for (const p of [...points].sort((a, b) => a.tMs - b.tMs)) {
    const key = `${p.pod}|${JSON.stringify(p.attributes)}`;
    const v = pick(p);
    const prev = last.get(key);
    last.set(key, v);
    if (prev === undefined) continue;
    out.push({ row: p, delta: v >= prev ? v - prev : v });
  }
  return out;
}
