/**
 * Flapping: an entity + indicator whose anomalies keep starting and stopping
 * would open and resolve incident after incident. Each distinct onset of an
 * entity + indicator counts as one toggle; once more than `maxToggles` onsets
 * fall within `windowMillis` (ending at the newest onset observed), further
 * anomalies of that entity + indicator are held until the count drops back.
 */
import type { Anomaly } from '../detect/anomaly.ts';

export interface FlapOptions {
  readonly maxToggles: number;
  readonly windowMillis: number;
}

export interface FlapTracker {
  /** Records the anomaly's onset; true when the anomaly is held as flapping. */
  observe(anomaly: Anomaly): boolean;
}

export function createFlapTracker(options: FlapOptions): FlapTracker {
  const onsets = new Map<string, number[]>();
  return {
    observe(a) {
      const key = `${a.entity}|${a.indicator}`;
      const seen = onsets.get(key) ?? [];
      if (!seen.includes(a.onsetMillis)) seen.push(a.onsetMillis);
      const newest = Math.max(...seen);
      // Only onsets inside the window ending at the newest one can still count.
      const kept = seen.filter((t) => t > newest - options.windowMillis);
      onsets.set(key, kept);
      const inWindow = kept.filter((t) => t > a.onsetMillis - options.windowMillis && t <= a.onsetMillis).length;
      return inWindow > options.maxToggles;
    },
  };
}
