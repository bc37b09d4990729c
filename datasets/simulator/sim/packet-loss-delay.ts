/**
 * What lost packets do to one network leg: TCP retransmits after a timeout
 * (at least 200 ms) that doubles with each loss of the same segment. The
 * lost packets are counted on the lossy pods (interface error counters),
 * and after several losses in a row the connection may be reset.
 */
import type { PodInstance } from '../fleet/pods.ts';
import type { SimContext } from './sim-context.ts';

const INITIAL_RTO_MS = 200;

/** Extra time one network leg takes when packets are lost (TCP retransmission with doubling timeouts); `reset` when the connection gives up. */
export function lossDelay(ctx: SimContext, loss: number, lossyPods: readonly PodInstance[], t: number): { delayMs: number; reset: boolean } {
  if (loss <= 0) return { delayMs: 0, reset: false };
  // A small message is one or two packets; each retransmission is lost again with the plain loss rate.
  let delayMs = 0;
  let rto = INITIAL_RTO_MS * ctx.rng.range(1, 1.15);
  let lost = 0;
  while (lost < 6 && ctx.rng.chance(lost === 0 ? 1 - (1 - loss) * (1 - loss) : loss)) {
    delayMs += rto;
    rto *= 2;
    lost++;
  }
  if (lost > 0) for (const pod of lossyPods) ctx.o.sink.netLoss({ pod, tMs: t, packets: lost });
  return { delayMs, reset: lost >= 3 && ctx.rng.chance(0.35) };
}
