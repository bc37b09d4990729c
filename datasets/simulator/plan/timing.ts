/**
 * When things happen in a case. With 16 minutes or more the fault starts
 * after at least 10 minutes of baseline and lasts at least 5 (up to 9),
 * ending at least 45 s before the window does, so detectors have a baseline
 * to learn and the recovery is visible. Shorter windows scale this down:
 * 60 % baseline, the fault until 5 % before the end.
 */
import { MINUTE_MS, SECOND_MS } from '../clock.ts';
import type { Rng } from '../prng.ts';
import type { Burst } from '../traffic.ts';

export interface FaultWindow {
  readonly startMs: number;
  readonly endMs: number;
}

const wholeSecond = (ms: number): number => Math.round(ms / SECOND_MS) * SECOND_MS;

export function faultWindow(durationMs: number, rng: Rng): FaultWindow {
  const minutes = durationMs / MINUTE_MS;
  if (minutes >= 16) {
    const spare = minutes - 16;
    const start = 10 * MINUTE_MS + rng.range(0, Math.min(3, spare * 0.5)) * MINUTE_MS;
    const latestEnd = durationMs - 45 * SECOND_MS;
    const length = Math.min(latestEnd - start, 5 * MINUTE_MS + rng.range(0, Math.min(4, spare * 0.5)) * MINUTE_MS);
    return { startMs: wholeSecond(start), endMs: wholeSecond(start + length) };
  }
  return { startMs: wholeSecond(durationMs * 0.6), endMs: wholeSecond(durationMs * 0.95) };
}

/** Zero to two traffic bursts anywhere in the window. */
export function planBursts(durationMs: number, rng: Rng): Burst[] {
  const count = rng.chance(0.4) ? (rng.chance(0.3) ? 2 : 1) : 0;
  const out: Burst[] = [];
  for (let i = 0; i < count; i++) {
    const durationBurst = rng.range(45, 150) * SECOND_MS;
    out.push({ startMs: wholeSecond(rng.range(60 * SECOND_MS, Math.max(61 * SECOND_MS, durationMs - durationBurst))), durationMs: durationBurst, factor: rng.range(1.5, 2.4) });
  }
  return out;
}
