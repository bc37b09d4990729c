/**
 * Simulates one outside request through the call graph, at full rate:
 * which pods serve it, how long each hop takes, what fails and how failures
 * travel upstream. Every hop reports a server record (metrics), log lines,
 * database and queue events; sampled requests also report their spans.
 *
 * A server hop: the pod's own processing time (slowed by its condition:
 * CPU contention, GC, throttling stalls), the operation's calls in order
 * (service calls in service-call.ts, statements in db-call.ts, messages in
 * publish-call.ts), and a failure when a fault or a baseline defect strikes
 * or a required call fails. What a caller does with a failed call (fail,
 * degrade, swallow) comes from the call spec.
 */
import type { PodInstance } from '../fleet/pods.ts';
import { SPAN_KIND, STATUS, type KeyValue } from '../emit/otlp.ts';
import { accessLog, degradedLog, errorLog, slowLog, swallowedLog } from '../emit/log-format.ts';
import { serverScope } from '../emit/scopes.ts';
import type { Rng } from '../prng.ts';
import type { BackingSpec, CallSpec, OperationSpec, QueueSpec, ServiceCallSpec, ServiceSpec } from '../topology/types.ts';
import { callDb } from './db-call.ts';
import { baselineError, diskFullError, GRPC, type CallTarget, type ErrorInfo } from './errors.ts';
import { LogBurstLimiter } from './log-limiter.ts';
import { publish } from './publish-call.ts';
import type { LogRecord } from './records.ts';
import { callService } from './service-call.ts';
import { exceptionEvent, type CallResult, type RequestSimOptions, type RequestState, type ServeResult, type ServeVia, type SimContext } from './sim-context.ts';
import { httpServerAttributes, messagingAttributes, rpcAttributes } from './span-attributes.ts';
import { hashedInt } from './text-hash.ts';
import { fillRoute } from './url-paths.ts';

export type { RequestSimOptions } from './sim-context.ts';

export interface RequestSimulator {
  /** Simulates one outside request arriving at `t` at the entry operation. */
  run(service: string, operation: string, t: number, traced: boolean): void;
}

/** gRPC codes the server side reports as span errors (semantic conventions, RPC spans). */
const GRPC_SERVER_ERRORS = new Set([2, 4, 12, 13, 14, 15]);

export function createRequestSimulator(o: RequestSimOptions): RequestSimulator {
  return new Simulator(o);
}

class Simulator implements RequestSimulator, SimContext {
  readonly services = new Map<string, ServiceSpec>();
  readonly backing = new Map<string, BackingSpec>();
  readonly queues = new Map<string, QueueSpec>();
  readonly workers = new Map<string, number[]>();
  readonly rng: Rng;
  private readonly ops = new Map<string, OperationSpec>();
  private readonly targets = new Map<string, CallTarget>();
  private readonly limiter = new LogBurstLimiter();

  constructor(readonly o: RequestSimOptions) {
    this.rng = o.rng;
    for (const s of o.topology.services) {
      this.services.set(s.name, s);
      for (const op of s.operations) this.ops.set(`${s.name} ${op.name}`, op);
    }
    for (const b of o.topology.backing) this.backing.set(b.name, b);
    for (const q of o.topology.queues) {
      this.queues.set(q.destination, q);
      this.workers.set(q.destination, new Array<number>(q.workers).fill(0));
    }
  }

  run(service: string, operation: string, t: number, traced: boolean): void {
    const svc = this.services.get(service)!;
    const op = this.ops.get(`${service} ${operation}`)!;
    const req: RequestState = { traced, traceId: traced ? this.rng.hex(16) : '' };
    const route = this.o.fleet.route(service, t, this.rng);
    if (!route.pod || route.refused) return;
    this.serve(req, svc, op, route.pod, t, '', '10.244.0.1');
  }

  op(service: string, name: string): OperationSpec {
    return this.ops.get(`${service} ${name}`)!;
  }

  target(key: string, build: () => CallTarget): CallTarget {
    let t = this.targets.get(key);
    if (!t) {
      t = build();
      this.targets.set(key, t);
    }
    return t;
  }

  private traceIdOf(req: RequestState): string {
    if (req.traceId === '') req.traceId = this.rng.hex(16);
    return req.traceId;
  }

  log(req: RequestState | null, pod: PodInstance, svc: ServiceSpec, t: number, severity: LogRecord['severity'], body: string, spanId: string, exceptionType = ''): void {
    if ((severity === 'WARN' || severity === 'ERROR') && !this.limiter.allow(pod.key, `${severity}:${exceptionType || body.slice(0, 40)}`, t)) return;
    const correlated = req !== null && svc.telemetry.traces === 'full';
    this.o.sink.log({
      pod,
      tMs: t,
      severity,
      body,
      traceId: correlated ? this.traceIdOf(req) : '',
      spanId: correlated ? spanId || this.rng.hex(8) : '',
      sampled: correlated && req.traced,
      exceptionType,
    });
  }

  /** Handles one request in `pod` of `svc`, arriving at `t0`. */
  serve(req: RequestState, svc: ServiceSpec, op: OperationSpec, pod: PodInstance, t0: number, parentSpanId: string, peerIp: string, via: ServeVia = 'call'): ServeResult {
    const rng = this.rng;
    const cond = this.o.conditions.at(pod, t0);
    let self = rng.logNormal(op.latency.medianMs, op.latency.sigma) * cond.slowdown * this.o.loadFactor(t0);
    if (cond.extraMs > 0) self += cond.extraMs * (0.5 + rng.next());
    // Rare stalls every runtime has (GC pauses, JIT, a page fault storm).
    if (rng.chance(svc.language === 'java' ? 0.003 : 0.001)) self += rng.range(30, 250);
    const tracing = req.traced && svc.telemetry.traces !== 'none';
    const spanId = tracing ? rng.hex(8) : '';
    const path = op.method === '' ? op.route : fillRoute(op.route, rng);

    let failure: ErrorInfo | null = null;
    for (const f of cond.failures) {
      if ((f.operation === null || f.operation === op.name) && rng.chance(f.rate)) {
        failure = f.error(op.name);
        break;
      }
    }
    if (!failure && cond.diskFull && op.writes && rng.chance(0.85)) failure = diskFullError(svc, op);
    if (!failure && rng.chance(op.errorRate)) failure = baselineError(svc, op);
    const ownFailure = failure !== null;
    const clientError = !failure && op.clientErrorRate > 0 && rng.chance(op.clientErrorRate);

    let t = t0 + self * 0.3;
    // A defect may strike before or after the operation's calls.
    if (!clientError && (!ownFailure || rng.chance(0.5))) {
      const r = this.runCalls(req, svc, op, pod, t, spanId);
      t = r.endMs;
      failure ??= r.error;
    }
    const tEnd = Math.min(t + self * (failure ? 0.2 : 0.7), this.o.horizonMs + 60_000);

    let status: number;
    if (op.method === '' && via === 'queue') status = failure ? 1 : 0;
    else if (svc.protocol === 'grpc') status = failure ? failure.grpcCode : clientError ? GRPC.NOT_FOUND : GRPC.OK;
    else status = failure ? failure.httpStatus : clientError ? clientErrorStatus(op) : 200;
    const failed = failure !== null;
    const errorType = failure ? (svc.protocol === 'http' && via !== 'queue' ? String(status) : failure.type) : '';
    const durationMs = tEnd - t0;

    this.o.sink.server({
      pod,
      op,
      status,
      errorType,
      durationMs,
      endMs: tEnd,
      requestBytes: hashedInt(op.name, 200, 1500),
      responseBytes: hashedInt(`${svc.name}${op.name}`, 300, 12_000),
    });

    if (tracing) {
      const legacy = svc.telemetry.traces === 'legacy';
      let kind: number = via === 'queue' ? SPAN_KIND.CONSUMER : SPAN_KIND.SERVER;
      let attributes: KeyValue[];
      let name = op.name;
      if (via === 'queue') {
        const q = this.queues.get(op.route)!;
        attributes = messagingAttributes(op.route, this.backing.get(q.broker)!, true);
      } else if (svc.protocol === 'grpc') {
        name = op.route;
        attributes = rpcAttributes(svc, op, status, false, legacy);
      } else {
        attributes = httpServerAttributes(svc, op, path, status, legacy, failed ? errorType : '');
      }
      const isError = failed && (svc.protocol === 'http' || via === 'queue' || GRPC_SERVER_ERRORS.has(status));
      if (legacy) kind = SPAN_KIND.UNSPECIFIED;
      const span: Record<string, unknown> = {
        traceId: req.traceId,
        spanId,
        ...(parentSpanId !== '' ? { parentSpanId } : {}),
        name,
        kind,
        startTimeUnixNano: this.o.nanos(t0),
        endTimeUnixNano: this.o.nanos(tEnd),
        attributes,
      };
      if (failure && ownFailure && !legacy && svc.language !== 'nginx') span.events = [exceptionEvent(failure, this.o.nanos(tEnd - 0.05))];
      if (isError && !legacy) span.status = { code: STATUS.ERROR, ...(svc.protocol === 'grpc' && failure ? { message: failure.message } : {}) };
      this.o.sink.span({ pod, scope: serverScope(svc.language, via === 'queue' ? 'http' : svc.protocol, legacy), startMs: t0, endMs: tEnd, span });
    }

    if (failure) {
      this.log(req, pod, svc, tEnd - 0.1, 'ERROR', errorLog(svc, op, failure, path, this.o.iso(tEnd), peerIp), spanId, failure.type);
    } else if (durationMs > Math.max(1_500, op.latency.medianMs * 40)) {
      this.log(req, pod, svc, tEnd - 0.1, 'WARN', slowLog(svc, op, path, durationMs, this.o.iso(tEnd)), spanId);
    }
    if (req.traced && (svc.language === 'nginx' || rng.chance(0.25))) {
      this.log(req, pod, svc, tEnd, 'INFO', accessLog(svc, op, status, durationMs, path, this.o.iso(tEnd), peerIp), spanId);
    }
    return { endMs: tEnd, failed, status };
  }

  /** Runs an operation's calls from `t`: sequential ones one after another, consecutive parallel ones together. */
  private runCalls(req: RequestState, svc: ServiceSpec, op: OperationSpec, pod: PodInstance, t: number, spanId: string): { endMs: number; error: ErrorInfo | null } {
    const calls = op.calls;
    let i = 0;
    while (i < calls.length) {
      const group: CallSpec[] = [calls[i]!];
      if (calls[i]!.kind === 'service' && (calls[i] as ServiceCallSpec).parallel) {
        while (i + group.length < calls.length) {
          const next = calls[i + group.length]!;
          if (next.kind !== 'service' || !next.parallel) break;
          group.push(next);
        }
      }
      i += group.length;
      let groupEnd = t;
      let error: ErrorInfo | null = null;
      for (let g = 0; g < group.length; g++) {
        const c = group[g]!;
        if (!this.rng.chance(c.probability)) continue;
        const times = c.kind === 'publish' ? 1 : c.count[0] + this.rng.int(c.count[1] - c.count[0] + 1);
        let at = t + g * 0.05;
        for (let k = 0; k < times; k++) {
          const r = this.call(req, svc, op, pod, c, at, spanId);
          at = r.endMs + this.rng.range(0.02, 0.2);
          if (r.ok) continue;
          const handling = c.kind === 'service' ? c.onError : 'fail';
          const targetName = c.kind === 'service' ? c.service : c.kind === 'db' ? c.database : c.destination;
          if (handling === 'degrade') {
            this.log(req, pod, svc, r.endMs, 'WARN', degradedLog(svc, op, targetName, r.error!, this.o.iso(r.endMs)), spanId);
            break;
          }
          if (handling === 'swallow') {
            this.log(req, pod, svc, r.endMs, 'ERROR', swallowedLog(svc, op, targetName, r.error!), spanId, r.error!.type);
            break;
          }
          error = r.error;
          break;
        }
        groupEnd = Math.max(groupEnd, at);
        if (error) break;
      }
      t = groupEnd;
      if (error) return { endMs: t, error };
    }
    return { endMs: t, error: null };
  }

  private call(req: RequestState, svc: ServiceSpec, op: OperationSpec, pod: PodInstance, c: CallSpec, t: number, parentSpanId: string): CallResult {
    if (c.kind === 'db') return callDb(this, req, svc, op, pod, c, t, parentSpanId);
    if (c.kind === 'publish') return publish(this, req, svc, op, pod, c, t, parentSpanId);
    return callService(this, req, svc, op, pod, c, t, parentSpanId);
  }
}

function clientErrorStatus(op: OperationSpec): number {
  if (/login/i.test(op.route)) return 401;
  return op.method === 'GET' || op.method === 'DELETE' ? 404 : 400;
}
