/**
 * The random baseline: the same onset as the other baselines, and the
 * entities seen in the case in a random order (seeded by the case id, so a
 * run is repeatable).
 */
import { createHash } from 'node:crypto';
import { ok } from '../../../core/result.ts';
import { readSignalFrame } from '../../../correlator/index.ts';
import type { RankedCause } from '../method-output.ts';
import { baselineIncident } from './baro.ts';
import { BASELINE_STEP_SECONDS } from './baseline-frame.ts';
import type { EvalMethod } from './method.ts';

function seededRandom(seed: string): () => number {
  let s = createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const randomMethod: EvalMethod = {
  name: 'random',
  async analyze(context) {
    const frame = await readSignalFrame(context.store, { fromMillis: context.windowStartMillis, toMillis: context.windowEndMillis, stepSeconds: BASELINE_STEP_SECONDS });
    if (!frame.ok) return frame;
    const rand = seededRandom(context.caseId);
    return ok(
      baselineIncident(frame.value, 'random', () => {
        const seen = new Map<string, string>();
        for (const s of frame.value.series) if (!seen.has(s.entity)) seen.set(s.entity, s.indicator);
        const entities = [...seen.entries()];
        for (let i = entities.length - 1; i > 0; i--) {
          const j = Math.floor(rand() * (i + 1));
          [entities[i], entities[j]] = [entities[j]!, entities[i]!];
        }
        return entities.map(([service, indicator], i): RankedCause => ({ service, indicator, score: 1 - i / entities.length }));
      }),
    );
  },
};
