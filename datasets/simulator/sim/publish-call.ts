import type { PodInstance } from '../fleet/pods.ts';
import { SPAN_KIND, STATUS } from '../emit/otlp.ts';
import { dbScope } from '../emit/scopes.ts';
import type { OperationSpec, PublishCallSpec, ServiceSpec } from '../topology/types.ts';
import { callError } from './errors.ts';
import type { CallResult, RequestState, SimContext } from './sim-context.ts';
import { messagingAttributes } from './span-attributes.ts';

/**
 * Publishes a message and simulates its consumption: the consumer's
 * workers take messages in order, each when it is free and the consumer
 * has a serving pod; a slow or absent consumer builds a backlog.
 */
export function publish(ctx: SimContext, req: RequestState, svc: ServiceSpec, op: OperationSpec, pod: PodInstance, c: PublishCallSpec, t: number, parentSpanId: string): CallResult {
  const rng = ctx.rng;
  const q = ctx.queues.get(c.destination)!;
  const broker = ctx.backing.get(q.broker)!;
  const route = ctx.o.fleet.route(broker.name, t, rng);
  const callerCond = ctx.o.conditions.at(pod, t);
  const end = t + rng.logNormal(1.2, 0.4) + callerCond.egressDelayMs;
  const producerSpanId = req.traced && svc.telemetry.traces !== 'none' ? rng.hex(8) : '';
  const refused = !route.pod || route.refused;
  const target = ctx.target(`${broker.name} publish ${c.destination}`, () => ({ host: broker.name, port: broker.port, protocol: 'rabbitmq', method: 'publish', path: c.destination }));
  const error = refused ? callError(svc, op, 'refused', target) : null;
  if (producerSpanId !== '') {
    const span: Record<string, unknown> = {
      traceId: req.traceId,
      spanId: producerSpanId,
      parentSpanId,
      name: `publish ${c.destination}`,
      kind: SPAN_KIND.PRODUCER,
      startTimeUnixNano: ctx.o.nanos(t),
      endTimeUnixNano: ctx.o.nanos(end),
      attributes: messagingAttributes(c.destination, broker, false),
    };
    if (error) span.status = { code: STATUS.ERROR };
    ctx.o.sink.span({ pod, scope: dbScope(svc.language, 'rabbitmq', false), startMs: t, endMs: end, span });
  }
  if (error) return { ok: false, endMs: end, retryable: true, error };

  const arrived = t + (end - t) * 0.6;
  ctx.o.sink.queue({ destination: c.destination, kind: 'publish', tMs: arrived });
  const workers = ctx.workers.get(c.destination)!;
  let w = 0;
  for (let i = 1; i < workers.length; i++) if (workers[i]! < workers[w]!) w = i;
  let start = Math.max(arrived + rng.range(0.3, 2), workers[w]!);
  const consumer = ctx.services.get(q.consumer)!;
  for (let tries = 0; tries < 400 && start < ctx.o.horizonMs; tries++) {
    const r = ctx.o.fleet.route(q.consumer, start, rng);
    if (r.pod && !r.refused && ctx.o.conditions.at(r.pod, start).unreachable) {
      // A partitioned consumer cannot reach the broker either: look again a little later.
      start += 5_000;
      continue;
    }
    if (r.pod && !r.refused) {
      ctx.o.sink.queue({ destination: c.destination, kind: 'deliver', tMs: start });
      const res = ctx.serve(req, consumer, ctx.op(q.consumer, q.operation), r.pod, start, producerSpanId, broker.name, 'queue');
      workers[w] = res.endMs;
      ctx.o.sink.queue({ destination: c.destination, kind: 'ack', tMs: res.endMs });
      break;
    }
    // No consumer: the message waits in the queue until one serves again.
    start = ctx.o.fleet.nextServing(q.consumer, start) + rng.range(100, 1_000);
    workers[w] = start;
  }
  return { ok: true, endMs: end, retryable: false, error: null };
}
