/**
 * network-delay: every packet the target's pods send is held back (tc netem
 * delay, 80-400 ms with a little jitter). Callers see their calls to the
 * target take longer, and so does every request above them; the target's
 * own server spans only grow by the delay on its outgoing calls (a leaf's
 * server spans do not change at all: the gap shows between a caller's
 * client span and the target's server span).
 */
import { busyCalledServices } from './targets.ts';
import { makeEffect, ramp, wobble } from './effect-base.ts';
import type { FaultModel } from './types.ts';

export const networkDelay: FaultModel = {
  type: 'network-delay',
  indicator: 'latency',
  targets: (t, g) => busyCalledServices(t, g),
  create(ctx) {
    const svc = ctx.topology.services.find((s) => s.name === ctx.target)!;
    const onePod = svc.pods > 1 && ctx.rng.chance(0.25);
    const delayMs = ctx.rng.range(80, 400);
    const phase = ctx.rng.range(0, 6);
    return makeEffect(networkDelay, ctx, {
      affects: (pod) => pod.owner === ctx.target && (!onePod || pod.slot === 0),
      apply(_pod, t, c) {
        c.egressDelayMs += delayMs * ramp(t - ctx.startMs, 2_000) * (1 + 0.1 * wobble(t, 13_000, phase));
      },
    });
  },
};
