/**
 * slow-database: a database node turns slow (lock contention, a missing
 * index, a noisy neighbour on its volume): every statement takes several
 * times longer plus tens to hundreds of milliseconds, and the database pod
 * burns more CPU. Callers' database client spans grow and so do their own
 * requests and everything above them. The database itself writes slow-query
 * log lines. The truth names the database as the faulty service.
 */
import { busyDatabases } from './targets.ts';
import { everyInRange, makeEffect, ramp } from './effect-base.ts';
import type { FaultModel, PodLogLine } from './types.ts';

export const slowDatabase: FaultModel = {
  type: 'slow-database',
  indicator: 'latency',
  targets: (t, g) => busyDatabases(t, g),
  create(ctx) {
    const db = ctx.topology.backing.find((b) => b.name === ctx.target)!;
    const factor = ctx.rng.range(4, 15);
    const extraMs = ctx.rng.range(20, 150);
    const cpu = ctx.rng.range(0.2, 0.6);
    return makeEffect(slowDatabase, ctx, {
      apply(_pod, t, c) {
        const f = ramp(t - ctx.startMs, 15_000);
        c.dbSlowdown *= 1 + (factor - 1) * f;
        c.dbExtraMs += extraMs * f;
        c.cpuExtraCores += cpu * f;
      },
      podLogs(_pod, fromMs, toMs, rng): PodLogLine[] {
        if (db.system === 'redis') return [];
        return everyInRange(fromMs, toMs, 4_000, rng).map((t) => {
          const ms = Math.round(extraMs + rng.logNormal(3 * factor, 0.5));
          const body =
            db.system === 'mongodb'
              ? `{"t":{"$date":"$DATE"},"s":"I","c":"COMMAND","id":51803,"ctx":"conn${100 + rng.int(80)}","msg":"Slow query","attr":{"type":"command","ns":"${db.dbNamespace}.${['orders', 'station', 'trip', 'item'][rng.int(4)]}","command":{"find":"..."},"planSummary":"COLLSCAN","keysExamined":0,"docsExamined":${20000 + rng.int(30000)},"durationMillis":${ms}}}`
              : `# Query_time: ${(ms / 1000).toFixed(6)}  Lock_time: ${(ms / 4000).toFixed(6)} Rows_sent: 1  Rows_examined: ${10000 + rng.int(20000)}\nSELECT * FROM ${db.dbNamespace === 'socksdb' ? 'sock' : db.dbNamespace} WHERE id = ?;`;
          return { tMs: t, severity: 'WARN' as const, body };
        });
      },
    });
  },
};
