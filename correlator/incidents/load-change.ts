/**
 * Telling a load change from a fault. When traffic rises across the fleet
 * (a burst, a batch job, a marketing mail), request rates, network and CPU
 * go up on many services at once. Those anomalies are real but nobody should
 * be paged for them: they are the system doing more work, not failing.
 *
 * Two kinds of anomaly are *load*, not evidence of a fault:
 * - a rise in traffic, always: more requests is not a failure (a drop is,
 *   and counts);
 * - any change in network throughput, always: bytes follow requests, so a
 *   rise is load and a fall is either the end of a burst or an outage that
 *   request rates, errors and latency show better (network errors, drops
 *   and retransmits are not throughput and count);
 * - a rise in CPU while at least `minEntities` distinct entities show a
 *   traffic or throughput rise within `windowMillis` of it: the fleet is
 *   busier and its CPU follows.
 * Load anomalies are still recorded and still attach to an incident that
 * opened on other evidence (a burst that also raises latency is part of that
 * story), but they never count as the evidence that opens one.
 *
 * Pure and bounded: the tracker keeps rises for `windowMillis` behind the
 * newest onset it saw.
 */
import type { Anomaly } from '../detect/anomaly.ts';
import { isNetworkTrouble } from '../detect/floors.ts';

export interface LoadChangeOptions {
  readonly minEntities: number;
  readonly windowMillis: number;
}

export interface LoadChangeTracker {
  /** Records the traffic and network rises among `anomalies` (call before judging them). */
  observe(anomalies: readonly Anomaly[]): void;
  /** Whether `a` is load rather than evidence of a fault (see above). */
  isLoad(a: Anomaly): boolean;
}

const isThroughput = (a: Anomaly) => a.indicator === 'net' && !isNetworkTrouble({ indicator: a.indicator, name: a.signal });
const isRise = (a: Anomaly) => a.direction === 'up' && (a.indicator === 'traffic' || isThroughput(a));

export function createLoadChangeTracker(options: LoadChangeOptions): LoadChangeTracker {
  let rises: { readonly entity: string; readonly onsetMillis: number }[] = [];
  let newestMillis = Number.NEGATIVE_INFINITY;
  return {
    observe(anomalies) {
      for (const a of anomalies) {
        newestMillis = Math.max(newestMillis, a.onsetMillis);
        if (isRise(a)) rises.push({ entity: a.entity, onsetMillis: a.onsetMillis });
      }
      rises = rises.filter((r) => r.onsetMillis >= newestMillis - 2 * options.windowMillis);
    },
    isLoad(a) {
      if (isRise(a) || isThroughput(a)) return true;
      if (a.direction !== 'up' || a.indicator !== 'cpu') return false;
      const near = new Set(rises.filter((r) => Math.abs(r.onsetMillis - a.onsetMillis) <= options.windowMillis).map((r) => r.entity));
      return near.size >= options.minEntities;
    },
  };
}
