/**
 * dependency-outage: the target stops answering. Either its pods crash on
 * start-up (a broken config) and Kubernetes restarts them with growing
 * back-off, so callers get "connection refused" at once; or the target is
 * cut off the network, so callers' connections hang until their timeouts.
 * Callers retry where they are configured to, then fail or degrade. The
 * target itself sends no traces or request metrics while it is down.
 */
import type { Outage } from '../fleet/pods.ts';
import type { Language } from '../topology/types.ts';
import { busyCalledServices } from './targets.ts';
import { makeEffect } from './effect-base.ts';
import type { FaultModel, PodLogLine } from './types.ts';

/** CrashLoopBackOff: 10 s, doubling, capped at five minutes. */
function crashRestarts(fromMs: number, toMs: number): number[] {
  const out: number[] = [];
  let delay = 10_000;
  let t = fromMs + 2_000;
  while (t + delay < toMs) {
    t += delay;
    out.push(t);
    delay = Math.min(delay * 2, 300_000);
  }
  return out;
}

const FATAL: Record<Language, string> = {
  java:
    "***************************\nAPPLICATION FAILED TO START\n***************************\n\nDescription:\n\nFailed to bind properties under 'spring.datasource.hikari' to com.zaxxer.hikari.HikariDataSource:\n\n    Property: spring.datasource.hikari.maximum-pool-size\n    Value: \"${POOL_SIZE}\"\n    Reason: failed to convert java.lang.String to int",
  go: 'fatal: could not load configuration: open /etc/app/config.yaml: no such file or directory',
  node: "Error: Cannot find module '/usr/src/app/config/production.json'\n    at Module._resolveFilename (node:internal/modules/cjs/loader:1140:15)\n    at Module._load (node:internal/modules/cjs/loader:981:27)",
  python: 'Traceback (most recent call last):\n  File "/app/server.py", line 12, in <module>\n    PORT = int(os.environ["PORT"])\nKeyError: \'PORT\'',
  dotnet: "Unhandled exception. System.InvalidOperationException: Unable to resolve service for type 'IConfiguration' while attempting to activate 'Startup'.",
  nginx: 'nginx: [emerg] host not found in upstream "backend:8080" in /etc/nginx/conf.d/default.conf:12',
};

export const dependencyOutage: FaultModel = {
  type: 'dependency-outage',
  indicator: 'errors',
  targets: (t, g) => busyCalledServices(t, g),
  create(ctx) {
    const svc = ctx.topology.services.find((s) => s.name === ctx.target)!;
    const crash = ctx.rng.chance(0.7);
    return makeEffect(dependencyOutage, ctx, {
      apply(_pod, _t, c) {
        if (!crash) c.unreachable = true;
      },
      outages(): Outage[] {
        return crash ? [{ fromMs: ctx.startMs, toMs: ctx.endMs, restartsAtMs: crashRestarts(ctx.startMs, ctx.endMs), reason: 'Error' }] : [];
      },
      podLogs(_pod, fromMs, toMs): PodLogLine[] {
        if (!crash) return [];
        return [ctx.startMs, ...crashRestarts(ctx.startMs, ctx.endMs)]
          .map((t) => t + 1_500)
          .filter((t) => t >= fromMs && t < toMs)
          .map((t) => ({ tMs: t, severity: 'FATAL' as const, body: FATAL[svc.language], exceptionType: 'startup' }));
      },
    });
  },
};
