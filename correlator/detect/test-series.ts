/**
 * Deterministic synthetic series for detector tests: a seeded PRNG
 * (mulberry32) and Gaussian noise (Box-Muller), so every run sees the same
 * numbers and a failure can be replayed.
 */
import type { Indicator } from '../signals/signal-frame.ts';
import type { SeriesInput } from './anomaly.ts';

export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(random: () => number): () => number {
  return () => {
    const u = Math.max(random(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
}

/** `f(i)` for each bucket plus N(0, noiseSd) noise from `seed`. */
export function makeSeries(buckets: number, f: (i: number) => number, noiseSd: number, seed: number): Float64Array {
  const noise = gaussian(seededRandom(seed));
  return Float64Array.from({ length: buckets }, (_, i) => f(i) + noiseSd * noise());
}

export const T0 = Date.UTC(2024, 0, 1);

export function input(values: Float64Array, indicator: Indicator, stepSeconds = 60, name = `${indicator}_test`): SeriesInput {
  return { entity: 'checkout', indicator, name, values, fromMillis: T0, stepSeconds };
}
