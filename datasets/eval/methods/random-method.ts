/**
 * The random baseline: the same onset as the other baselines, and the
 * entities seen in the case in a random order (seeded by the case id, so a
 * run is repeatable).
 */
import { ok } from '../../../core/result.ts';
import { alignSignalRange, readSignalFrame } from '../../../correlator/index.ts';
import type { RankedCause } from '../method-output.ts';
import { baselineIncident } from './baro.ts';
import { BASELINE_STEP_SECONDS } from './baseline-frame.ts';
import type { EvalMethod } from './method.ts';
import { createRng } from '../../simulator/prng.ts';

export const randomMethod: EvalMethod = {
  name: 'random',
  async analyze(context) {
    const frame = await readSignalFrame(context.store, alignSignalRange(context.windowStartMillis, context.windowEndMillis, BASELINE_STEP_SECONDS));
    if (!frame.ok) return frame;
    const rng = createRng(context.caseId);
    return ok(
      baselineIncident(frame.value, 'random', () => {
        const seen = new Map<string, string>();
        for (const s of frame.value.series) if (!seen.has(s.entity)) seen.set(s.entity, s.indicator);
        const entities = [...seen.entries()];
        for (let i = entities.length - 1; i > 0; i--) {
          const j = rng.int(i + 1);
          [entities[i], entities[j]] = [entities[j]!, entities[i]!];
        }
        return entities.map(([service, indicator], i): RankedCause => ({ service, indicator, score: 1 - i / entities.length }));
      }),
    );
  },
};
