/**
 * bad-deploy: a new version of the target is rolled out at the fault start
 * (new pods, new service.version) and it is worse than the old one: either
 * some operations fail for a share of requests with an exception the old
 * version never threw, or every operation is slower (an N+1 query, a lost
 * cache). At the fault end the old version is rolled back. The effect
 * follows the pods running the bad version, so it grows as the rollout
 * proceeds and fades as the rollback does.
 */
import { nextMinorVersion } from '../plan/versions.ts';
import { defectError, defectVariants } from '../sim/errors.ts';
import { busyCalledServices } from './targets.ts';
import { makeEffect } from './effect-base.ts';
import type { FailureEffect, FaultModel } from './types.ts';

export const badDeploy: FaultModel = {
  type: 'bad-deploy',
  indicator: 'code',
  targets: (t, g) => busyCalledServices(t, g),
  create(ctx) {
    const svc = ctx.topology.services.find((s) => s.name === ctx.target)!;
    const badVersion = nextMinorVersion(svc.version);
    const slower = ctx.rng.chance(0.4);
    const slowdown = ctx.rng.range(2.5, 5);
    const extraMs = ctx.rng.range(15, 80);
    // The broken code path is a busy one (by expected load), sometimes with a second one beside it.
    const busy = svc.operations.filter((o) => ctx.graph.operationLoad(svc.name, o.name) > 0);
    const first = ctx.rng.weighted(busy, (o) => ctx.graph.operationLoad(svc.name, o.name) ** 1.5);
    const others = busy.filter((o) => o !== first);
    const broken = others.length > 0 && ctx.rng.chance(0.4) ? [first, ctx.rng.pick(others)] : [first];
    const variant = ctx.rng.int(defectVariants(svc.language));
    const failures: FailureEffect[] = broken.map((op) => ({ operation: op.name, rate: ctx.rng.range(0.15, 0.5), error: () => defectError(svc, op, variant + 1) }));
    return makeEffect(badDeploy, ctx, {
      affects: (pod) => pod.owner === ctx.target && pod.version === badVersion,
      apply(_pod, _t, c) {
        if (slower) {
          c.slowdown *= slowdown;
          c.extraMs += extraMs;
          c.cpuExtraCores += svc.cpuLimitCores * 0.15;
        } else {
          c.failures.push(...failures);
        }
      },
      rollouts: [
        { owner: ctx.target, atMs: ctx.startMs, version: badVersion, reason: 'bad-deploy' },
        { owner: ctx.target, atMs: ctx.endMs, version: svc.version, reason: 'rollback' },
      ],
    });
  },
};
