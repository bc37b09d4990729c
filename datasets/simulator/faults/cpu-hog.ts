/**
 * cpu-hog: a process inside the target's pod (stress-ng style) burns CPU
 * past the pod's limit. The pod's CPU usage rises to its limit, the kernel
 * throttles it, and the service's own processing time grows (about 1.6-2.6x,
 * plus throttling stalls of a few to a few tens of milliseconds). With
 * several replicas the hog may sit in one pod only.
 */
import { busyCalledServices } from './targets.ts';
import { makeEffect, ramp, wobble } from './effect-base.ts';
import type { FaultModel } from './types.ts';

export const cpuHog: FaultModel = {
  type: 'cpu-hog',
  indicator: 'cpu',
  targets: (t, g) => busyCalledServices(t, g),
  create(ctx) {
    const svc = ctx.topology.services.find((s) => s.name === ctx.target)!;
    const onePod = svc.pods > 1 && ctx.rng.chance(0.4);
    const stressCores = svc.cpuLimitCores * ctx.rng.range(0.9, 1.6);
    const slowdown = ctx.rng.range(1.6, 2.6);
    const stallMs = ctx.rng.range(4, 25);
    const phase = ctx.rng.range(0, 6);
    return makeEffect(cpuHog, ctx, {
      affects: (pod) => pod.owner === ctx.target && (!onePod || pod.slot === 0),
      apply(_pod, t, c) {
        const f = ramp(t - ctx.startMs, 8_000) * (1 + 0.08 * wobble(t, 47_000, phase));
        c.cpuExtraCores += stressCores * f;
        c.slowdown *= 1 + (slowdown - 1) * f;
        c.extraMs += stallMs * f;
      },
    });
  },
};
