/**
 * Metrics of the collector receivers watching databases and brokers: the
 * mongodb receiver (operation counts and time), the mysql receiver
 * (commands, slow queries), the redis receiver (commands processed, time
 * per command, clients, memory) and the rabbitmq receiver (messages ready
 * and unacknowledged, published/delivered/acknowledged totals, consumers).
 * Slow statements show up here as growing operation time.
 */
import type { PodInstance } from '../fleet/pods.ts';
import type { DbRecord, QueueRecord } from '../sim/records.ts';
import type { BackingSpec, SystemTopology } from '../topology/types.ts';
import { gauge, sum } from './metric-encoding.ts';
import { int, str } from './otlp.ts';
import type { PodSampler } from './pod-sampler.ts';
import { METRIC_SCOPES } from './scopes.ts';

export interface BackingMetrics {
  db(r: DbRecord): void;
  queue(r: QueueRecord): void;
  /** Receiver output (resourceMetrics entries) for a database or broker pod at `t`. */
  scrape(pod: PodInstance, t: number): object[];
}

interface OpTotals {
  count: number;
  timeMs: number;
  slow: number;
}

/** mysqld's long_query_time as configured for these databases. */
const SLOW_QUERY_MS = 100;

const MONGO_OPERATION: Record<string, string> = { find: 'query', insert: 'insert', update: 'update', delete: 'delete' };

export function createBackingMetrics(topology: SystemTopology, sampler: PodSampler, nanos: (t: number) => string): BackingMetrics {
  const specs = new Map(topology.backing.map((b) => [b.name, b] as const));
  const ops = new Map<string, Map<string, OpTotals>>();
  const queues = new Map<string, { publish: number; deliver: number; ack: number }>();
  const queueOf = new Map(topology.queues.map((q) => [q.destination, q] as const));
  return {
    db(r) {
      let m = ops.get(r.pod.owner);
      if (!m) ops.set(r.pod.owner, (m = new Map()));
      let o = m.get(r.operation);
      if (!o) m.set(r.operation, (o = { count: 0, timeMs: 0, slow: 0 }));
      o.count++;
      o.timeMs += r.durationMs;
      if (r.durationMs >= SLOW_QUERY_MS) o.slow++;
    },
    queue(r) {
      let q = queues.get(r.destination);
      if (!q) queues.set(r.destination, (q = { publish: 0, deliver: 0, ack: 0 }));
      q[r.kind]++;
    },
    scrape(pod, t) {
      const spec = specs.get(pod.owner);
      if (!spec) return [];
      const now = nanos(t);
      // Totals count from the window start (the receiver's view), so the series start there or at the last restart.
      const start = nanos(Math.max(0, pod.runs[pod.runs.length - 1]!.startMs));
      const totals = [...(ops.get(pod.owner) ?? new Map<string, OpTotals>()).entries()];
      const resource = { attributes: [str('service.name', spec.name), str('server.address', spec.name), int('server.port', spec.port)] };
      if (spec.system === 'rabbitmq') return rabbit(spec, pod, now, start);
      if (spec.system === 'mongodb') {
        return [
          {
            resource,
            scopeMetrics: [
              {
                scope: METRIC_SCOPES.mongodb,
                metrics: [
                  sum('mongodb.operation.count', '{operations}', start, now, true, totals.map(([op, v]) => ({ attributes: [str('operation', MONGO_OPERATION[op] ?? op)], value: v.count, integer: true }))),
                  sum('mongodb.operation.time', 'ms', start, now, true, totals.map(([op, v]) => ({ attributes: [str('operation', MONGO_OPERATION[op] ?? op)], value: v.timeMs, integer: true }))),
                  sum('mongodb.connection.count', '{connections}', start, now, false, [{ attributes: [str('type', 'current')], value: 8 + (totals.length % 5), integer: true }]),
                ],
              },
            ],
          },
        ];
      }
      if (spec.system === 'mysql') {
        return [
          {
            resource,
            scopeMetrics: [
              {
                scope: METRIC_SCOPES.mysql,
                metrics: [
                  sum('mysql.commands', '{commands}', start, now, true, totals.map(([op, v]) => ({ attributes: [str('command', op.toLowerCase())], value: v.count, integer: true }))),
                  sum('mysql.query.slow.count', '{queries}', start, now, true, [{ attributes: [], value: totals.reduce((a, [, v]) => a + v.slow, 0), integer: true }]),
                  sum('mysql.threads', '{threads}', start, now, false, [{ attributes: [str('kind', 'connected')], value: 12, integer: true }]),
                ],
              },
            ],
          },
        ];
      }
      return [
        {
          resource,
          scopeMetrics: [
            {
              scope: METRIC_SCOPES.redis,
              metrics: [
                sum('redis.commands.processed', '{commands}', start, now, true, [{ attributes: [], value: totals.reduce((a, [, v]) => a + v.count, 0), integer: true }]),
                sum('redis.cmd.usec', 'us', start, now, true, totals.map(([op, v]) => ({ attributes: [str('cmd', op.toLowerCase())], value: v.timeMs * 1000, integer: true }))),
                sum('redis.clients.connected', '{client}', start, now, false, [{ attributes: [], value: 6, integer: true }]),
                gauge('redis.memory.used', 'By', now, [{ attributes: [], value: sampler.memoryAt(pod, t) * 0.8, integer: true }]),
              ],
            },
          ],
        },
      ];
    },
  };

  function rabbit(spec: BackingSpec, pod: PodInstance, now: string, start: string): object[] {
    const out: object[] = [];
    for (const [destination, q] of queueOf) {
      if (q.broker !== spec.name) continue;
      const c = queues.get(destination) ?? { publish: 0, deliver: 0, ack: 0 };
      out.push({
        resource: { attributes: [str('rabbitmq.queue.name', destination), str('rabbitmq.node.name', `rabbit@${pod.name}`), str('rabbitmq.vhost.name', '/')] },
        scopeMetrics: [
          {
            scope: METRIC_SCOPES.rabbitmq,
            metrics: [
              sum('rabbitmq.consumer.count', '{consumers}', start, now, false, [{ attributes: [], value: q.workers, integer: true }]),
              sum('rabbitmq.message.current', '{messages}', start, now, false, [
                { attributes: [str('message.state', 'ready')], value: Math.max(0, c.publish - c.deliver), integer: true },
                { attributes: [str('message.state', 'unacknowledged')], value: Math.max(0, c.deliver - c.ack), integer: true },
              ]),
              sum('rabbitmq.message.published', '{messages}', start, now, true, [{ attributes: [], value: c.publish, integer: true }]),
              sum('rabbitmq.message.delivered', '{messages}', start, now, true, [{ attributes: [], value: c.deliver, integer: true }]),
              sum('rabbitmq.message.acknowledged', '{messages}', start, now, true, [{ attributes: [], value: c.ack, integer: true }]),
            ],
          },
        ],
      });
    }
    return out;
  }
}
