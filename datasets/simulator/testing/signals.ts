/**
 * Test support: the signals a detector would look at, computed from an
 * indexed case over a time range (ms since the window start).
 */
import { expect } from 'vitest';
import { buildCallGraph } from '../topology/graph.ts';
import type { GeneratedCase } from './generate.ts';
import { increments, mean, type SpanRow, type TelemetryIndex } from './telemetry-index.ts';

export interface Range {
  readonly from: number;
  readonly to: number;
}

const inRange = (t: number, r: Range): boolean => t >= r.from && t < r.to;

/** Mean of a gauge over the pods of `service`. */
export function gaugeMean(ix: TelemetryIndex, metric: string, service: string, r: Range): number {
  return mean(ix.points.filter((p) => p.metric === metric && p.service === service && inRange(p.tMs, r)).map((p) => p.value));
}

export function gaugeMax(ix: TelemetryIndex, metric: string, service: string, r: Range): number {
  return Math.max(...ix.points.filter((p) => p.metric === metric && p.service === service && inRange(p.tMs, r)).map((p) => p.value));
}

/** Sum of the increments of a cumulative series of `service` in the range. */
export function counterIncrease(ix: TelemetryIndex, metric: string, service: string, r: Range, where: (a: Readonly<Record<string, unknown>>) => boolean = () => true): number {
  const points = ix.points.filter((p) => p.metric === metric && p.service === service && where(p.attributes));
  return increments(points)
    .filter((x) => inRange(x.row.tMs, r))
    .reduce((a, x) => a + x.delta, 0);
}

const REQUEST_METRICS = new Set(['http.server.request.duration', 'rpc.server.duration', 'messaging.process.duration']);
const GRPC_SERVER_ERRORS = new Set([2, 4, 12, 13, 14, 15]);

/** Requests, server-error share and mean duration (s) of `service` from its request histograms. */
export function requestStats(ix: TelemetryIndex, service: string, r: Range): { count: number; errorRatio: number; meanSeconds: number } {
  const points = ix.points.filter((p) => REQUEST_METRICS.has(p.metric) && p.service === service);
  const counts = increments(points).filter((x) => inRange(x.row.tMs, r));
  const sums = increments(points, (p) => p.sum).filter((x) => inRange(x.row.tMs, r));
  let count = 0;
  let errors = 0;
  let sum = 0;
  for (const x of counts) {
    count += x.delta;
    const a = x.row.attributes;
    const failed = Number(a['http.response.status_code'] ?? 0) >= 500 || GRPC_SERVER_ERRORS.has(Number(a['rpc.grpc.status_code'] ?? -1)) || (x.row.metric === 'messaging.process.duration' && a['error.type'] !== undefined);
    if (failed) errors += x.delta;
  }
  for (const x of sums) sum += x.row.metric === 'rpc.server.duration' ? x.delta / 1000 : x.delta;
  return { count, errorRatio: count === 0 ? 0 : errors / count, meanSeconds: count === 0 ? 0 : sum / count };
}

/** Client spans from `caller` to `callee` (by server.address / net.peer.name) that started in the range. */
export function clientSpans(ix: TelemetryIndex, caller: string, callee: string, r: Range): SpanRow[] {
  return ix.spans.filter((s) => s.service === caller && (s.kind === 3 || s.kind === 0) && (s.attributes['server.address'] ?? s.attributes['net.peer.name']) === callee && inRange(s.startMs, r));
}

export function meanDuration(spans: readonly SpanRow[]): number {
  return mean(spans.map((s) => s.durationMs));
}

export function errorShare(spans: readonly SpanRow[]): number {
  return spans.length === 0 ? 0 : spans.filter((s) => s.statusCode === 2).length / spans.length;
}

/**
 * Some caller of `target` is hurt during the fault: it serves its own
 * requests slower or fails more (request metrics), or its calls to the
 * target take longer or fail more (client spans).
 */
export function expectCallerImpact(g: GeneratedCase, w: { before: Range; during: Range }, target: string): void {
  const graph = buildCallGraph(g.plan.system);
  const impacts = [...graph.callers(target)]
    .filter((c) => g.plan.system.services.some((s) => s.name === c))
    .map((c) => {
      const b = requestStats(g.index, c, w.before);
      const d = requestStats(g.index, c, w.during);
      const cb = clientSpans(g.index, c, target, w.before);
      const cd = clientSpans(g.index, c, target, w.during);
      return {
        c,
        latency: b.meanSeconds > 0 ? d.meanSeconds / b.meanSeconds : 1,
        errors: d.errorRatio - b.errorRatio,
        callLatency: cb.length > 0 && cd.length > 0 ? meanDuration(cd) / meanDuration(cb) : 1,
        callErrors: cd.length > 0 ? errorShare(cd) - errorShare(cb) : 0,
      };
    });
  const hurt = impacts.some((i) => i.latency > 1.1 || i.errors > 0.005 || i.callLatency > 1.2 || i.callErrors > 0.02);
  expect(hurt, JSON.stringify(impacts)).toBe(true);
}
