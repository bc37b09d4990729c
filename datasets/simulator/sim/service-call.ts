/**
 * A call from one service to another: route to a pod, cross the network
 * (egress delay of both ends, retransmissions when packets are lost), let
 * the callee serve it, and come back, or fail: refused (no pod answers),
 * a connect timeout (the callee is partitioned), a reset, a deadline, or an
 * error response. Transport failures are retried as the call spec says;
 * each attempt is its own client span.
 */
import type { PodInstance } from '../fleet/pods.ts';
import { SPAN_KIND, STATUS } from '../emit/otlp.ts';
import { retryLog } from '../emit/log-format.ts';
import { clientScope } from '../emit/scopes.ts';
import type { OperationSpec, ServiceCallSpec, ServiceSpec } from '../topology/types.ts';
import { callError, GRPC, type TransportFailure } from './errors.ts';
import { lossDelay } from './packet-loss-delay.ts';
import { exceptionEvent, NET_BASE_MS, type CallResult, type RequestState, type SimContext } from './sim-context.ts';
import { httpClientAttributes, rpcAttributes } from './span-attributes.ts';
import { fillRoute } from './url-paths.ts';

/** How long a connection attempt to a partitioned pod hangs before the client gives up. */
const CONNECT_TIMEOUT_MS = 3_000;

export function callService(ctx: SimContext, req: RequestState, svc: ServiceSpec, op: OperationSpec, pod: PodInstance, c: ServiceCallSpec, t: number, parentSpanId: string): CallResult {
  const max = c.retries;
  for (let n = 0; ; n++) {
    const r = attempt(ctx, req, svc, op, pod, c, t, parentSpanId);
    if (r.ok || !r.retryable || n >= max) return r;
    ctx.log(req, pod, svc, r.endMs, 'WARN', retryLog(svc, c.service, n + 2, max + 1, r.error!, ctx.o.iso(r.endMs)), parentSpanId);
    t = r.endMs + 100 * 2 ** n * ctx.rng.range(0.8, 1.2);
  }
}


function attempt(ctx: SimContext, req: RequestState, svc: ServiceSpec, op: OperationSpec, pod: PodInstance, c: ServiceCallSpec, t: number, parentSpanId: string): CallResult {
  const rng = ctx.rng;
  const callee = ctx.services.get(c.service)!;
  const calleeOp = ctx.op(c.service, c.operation);
  const callerCond = ctx.o.conditions.at(pod, t);
  const tracing = req.traced && svc.telemetry.traces !== 'none';
  const clientSpanId = tracing ? rng.hex(8) : '';
  const route = ctx.o.fleet.route(c.service, t, rng);
  const path = calleeOp.method === '' ? calleeOp.route : fillRoute(calleeOp.route, rng);
  let failure: TransportFailure | 'status' | null = null;
  let status = 0;
  let end: number;
  let peerIp = '';
  if (!route.pod || route.refused) {
    end = t + callerCond.egressDelayMs + rng.range(0.3, 2.5);
    failure = 'refused';
  } else {
    const calleePod = route.pod;
    peerIp = calleePod.ip;
    const calleeCond = ctx.o.conditions.at(calleePod, t);
    if (calleeCond.unreachable) {
      const wait = Math.min(c.timeoutMs, CONNECT_TIMEOUT_MS);
      end = t + wait;
      failure = wait >= c.timeoutMs ? 'timeout' : 'connect-timeout';
    } else {
      const loss = 1 - (1 - callerCond.lossRate) * (1 - calleeCond.lossRate);
      const lossy = loss > 0 ? [pod, calleePod].filter((p) => ctx.o.conditions.at(p, t).lossRate > 0) : [];
      const up = lossDelay(ctx, loss, lossy, t);
      const arrive = t + NET_BASE_MS + callerCond.egressDelayMs * rng.range(0.95, 1.05) + up.delayMs;
      if (up.reset) {
        end = arrive;
        failure = 'reset';
      } else {
        const res = ctx.serve(req, callee, calleeOp, calleePod, arrive, clientSpanId || parentSpanId, pod.ip);
        const down = lossDelay(ctx, loss, lossy, res.endMs);
        const back = res.endMs + NET_BASE_MS + ctx.o.conditions.at(calleePod, res.endMs).egressDelayMs * rng.range(0.95, 1.05) + down.delayMs;
        status = res.status;
        if (back - t > c.timeoutMs) {
          end = t + c.timeoutMs;
          failure = 'timeout';
          status = 0;
        } else if (down.reset) {
          end = back;
          failure = 'reset';
          status = 0;
        } else {
          end = back;
          if (res.failed) failure = 'status';
        }
      }
    }
  }
  const target = ctx.target(`${c.service} ${c.operation}`, () => ({ host: callee.name, port: callee.port, protocol: callee.protocol, method: calleeOp.method || calleeOp.route, path: calleeOp.method === '' ? `/${calleeOp.route}` : calleeOp.route }));
  const error = failure ? callError(svc, op, failure, target, failure === 'status' ? status : 500) : null;

  if (tracing) {
    const legacy = svc.telemetry.traces === 'legacy';
    const grpcCode = callee.protocol === 'grpc' ? (failure === 'status' ? status : failure === 'timeout' ? GRPC.DEADLINE_EXCEEDED : failure ? GRPC.UNAVAILABLE : status) : null;
    // Client spans are errors for any non-OK gRPC code and any HTTP status from 400 on (semantic conventions).
    const answered = callee.protocol === 'grpc' ? grpcCode !== GRPC.OK : status >= 400;
    const attributes =
      callee.protocol === 'grpc'
        ? rpcAttributes(callee, calleeOp, grpcCode, true, legacy)
        : httpClientAttributes(callee, calleeOp, path, failure && failure !== 'status' ? 0 : status, peerIp, legacy, error && failure !== 'status' ? error.type : status >= 400 ? String(status) : '');
    const span: Record<string, unknown> = {
      traceId: req.traceId,
      spanId: clientSpanId,
      parentSpanId,
      name: callee.protocol === 'grpc' ? calleeOp.route : calleeOp.method,
      kind: legacy ? SPAN_KIND.UNSPECIFIED : SPAN_KIND.CLIENT,
      startTimeUnixNano: ctx.o.nanos(t),
      endTimeUnixNano: ctx.o.nanos(end),
      attributes,
    };
    if ((error || answered) && !legacy) {
      if (error && failure !== 'status') span.events = [exceptionEvent(error, ctx.o.nanos(end))];
      span.status = { code: STATUS.ERROR, ...(callee.protocol === 'grpc' && error ? { message: error.message } : {}) };
    }
    ctx.o.sink.span({ pod, scope: clientScope(svc.language, callee.protocol, legacy), startMs: t, endMs: end, span });
  }
  return { ok: failure === null, endMs: end, retryable: failure !== null && failure !== 'status', error };
}
