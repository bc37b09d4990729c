/**
 * Outside traffic over a case: a daily curve (quiet at night, a late-morning
 * and an evening peak, UTC), a slow random drift of a few percent, and
 * occasional bursts (a campaign, a crawler) that raise every service's load
 * for a minute or two. `factor(t)` multiplies the system's peak rate.
 */
import { hourOfDay, MINUTE_MS } from './clock.ts';
import type { Rng } from './prng.ts';

export interface Burst {
  readonly startMs: number;
  readonly durationMs: number;
  /** Peak multiplier (e.g. 2 doubles the rate at the burst's height). */
  readonly factor: number;
}

export interface Traffic {
  /** Rate multiplier at window-relative time t (about 0.25 to 1 outside bursts). */
  factor(t: number): number;
}

/** Relative load at an hour of the day: a bump around 11:00, a higher one around 20:00, a trough around 04:00. */
export function dayCurve(hour: number): number {
  const bump = (centre: number, width: number) => {
    const d = Math.min(Math.abs(hour - centre), 24 - Math.abs(hour - centre));
    return Math.exp(-(d * d) / (2 * width * width));
  };
  return Math.min(1, 0.25 + 0.55 * bump(11, 3) + 0.75 * bump(20, 2.5));
}

export function createTraffic(rng: Rng, windowStartMs: number, durationMs: number, bursts: readonly Burst[]): Traffic {
  // Drift: a log-space AR(1) sampled each minute, interpolated linearly.
  const minutes = Math.ceil(durationMs / MINUTE_MS) + 2;
  const drift: number[] = [];
  let x = rng.normal() * 0.05;
  for (let i = 0; i < minutes; i++) {
    x = 0.8 * x + rng.normal() * 0.03;
    drift.push(Math.exp(x));
  }
  return {
    factor(t) {
      const m = Math.max(0, t / MINUTE_MS);
      const i = Math.min(Math.floor(m), minutes - 2);
      const d = drift[i]! + (drift[i + 1]! - drift[i]!) * (m - i);
      let burst = 1;
      for (const b of bursts) {
        const u = (t - b.startMs) / b.durationMs;
        // Quick rise, plateau, slower decay.
        if (u > 0 && u < 1) burst *= 1 + (b.factor - 1) * Math.min(1, u * 6, (1 - u) * 3);
      }
      return dayCurve(hourOfDay(windowStartMs + t)) * d * burst;
    },
  };
}
