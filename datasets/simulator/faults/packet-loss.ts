/**
 * packet-loss: a share of the packets to and from the target's pods is
 * dropped (10-30 %). TCP retransmits after a timeout that doubles each time,
 * so calls involving the target stall now and then, some past their
 * callers' deadlines (timeouts, retries), some connections are reset, and
 * the pod's interface error counters climb.
 */
import { busyCalledServices } from './targets.ts';
import { makeEffect, ramp } from './effect-base.ts';
import type { FaultModel } from './types.ts';

export const packetLoss: FaultModel = {
  type: 'packet-loss',
  indicator: 'net',
  targets: (t, g) => busyCalledServices(t, g),
  create(ctx) {
    const loss = ctx.rng.range(0.1, 0.3);
    return makeEffect(packetLoss, ctx, {
      apply(_pod, t, c) {
        c.lossRate = Math.max(c.lossRate, loss * ramp(t - ctx.startMs, 1_000));
      },
    });
  },
};
