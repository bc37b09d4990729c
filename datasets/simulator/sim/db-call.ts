/**
 * A database statement: a client span in the calling service (the database
 * has no tracing of its own), the statement's time on the database pod
 * (slowed by a slow-database fault), network legs both ways, and a
 * statement record for the database's receiver metrics and CPU.
 */
import type { PodInstance } from '../fleet/pods.ts';
import { SPAN_KIND, STATUS } from '../emit/otlp.ts';
import { dbScope } from '../emit/scopes.ts';
import type { DbCallSpec, OperationSpec, ServiceSpec } from '../topology/types.ts';
import { callError, type TransportFailure } from './errors.ts';
import { lossDelay } from './packet-loss-delay.ts';
import { exceptionEvent, NET_BASE_MS, type CallResult, type RequestState, type SimContext } from './sim-context.ts';
import { dbAttributes, dbSpanName } from './span-attributes.ts';


export function callDb(ctx: SimContext, req: RequestState, svc: ServiceSpec, op: OperationSpec, pod: PodInstance, c: DbCallSpec, t: number, parentSpanId: string): CallResult {
  const rng = ctx.rng;
  const db = ctx.backing.get(c.database)!;
  const route = ctx.o.fleet.route(db.name, t, rng);
  const callerCond = ctx.o.conditions.at(pod, t);
  let end: number;
  let failure: TransportFailure | null = null;
  if (!route.pod || route.refused) {
    end = t + callerCond.egressDelayMs + rng.range(0.3, 2);
    failure = 'refused';
  } else {
    const dbCond = ctx.o.conditions.at(route.pod, t);
    const exec = rng.logNormal(c.latency.medianMs, c.latency.sigma) * dbCond.dbSlowdown * dbCond.slowdown + dbCond.dbExtraMs * (0.4 + 1.2 * rng.next());
    const loss = 1 - (1 - callerCond.lossRate) * (1 - dbCond.lossRate);
    const lossy = loss > 0 ? [pod, route.pod].filter((p) => ctx.o.conditions.at(p, t).lossRate > 0) : [];
    const net = 2 * NET_BASE_MS + callerCond.egressDelayMs + dbCond.egressDelayMs + lossDelay(ctx, loss, lossy, t).delayMs + lossDelay(ctx, loss, lossy, t).delayMs;
    end = t + exec + net;
    ctx.o.sink.db({ pod: route.pod, operation: c.operation, durationMs: exec, endMs: t + net / 2 + exec, failed: false });
  }
  const target = ctx.target(`${db.name} ${c.operation} ${c.target}`, () => ({ host: db.name, port: db.port, protocol: db.system, method: c.operation, path: c.target }));
  const error = failure ? callError(svc, op, failure, target) : null;
  if (req.traced && svc.telemetry.traces !== 'none') {
    const legacy = svc.telemetry.traces === 'legacy';
    const span: Record<string, unknown> = {
      traceId: req.traceId,
      spanId: rng.hex(8),
      parentSpanId,
      name: dbSpanName(db, c.operation, c.target),
      kind: legacy ? SPAN_KIND.UNSPECIFIED : SPAN_KIND.CLIENT,
      startTimeUnixNano: ctx.o.nanos(t),
      endTimeUnixNano: ctx.o.nanos(end),
      attributes: dbAttributes(db, c.operation, c.target, legacy),
    };
    if (error && !legacy) {
      span.events = [exceptionEvent(error, ctx.o.nanos(end))];
      span.status = { code: STATUS.ERROR };
    }
    ctx.o.sink.span({ pod, scope: dbScope(svc.language, db.system, legacy), startMs: t, endMs: end, span });
  }
  return { ok: error === null, endMs: end, retryable: error !== null, error };
}
