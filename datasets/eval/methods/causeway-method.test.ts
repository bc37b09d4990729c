import { describe, expect, it } from 'vitest';
import { createRobustBaselineDetector } from '../../../correlator/index.ts';
import type { SeriesInput } from '../../../correlator/detect/index.ts';
import { shortCaseOptions } from './causeway-method.ts';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1);

/** Memory sampled once a minute on the 10 s grid: flat with a little noise, then a leak doubling it every minute from minute 5. */
function oneMinuteMemory(): SeriesInput {
  const values = new Float64Array(60).fill(Number.NaN);
  for (let minute = 0; minute < 10; minute++) values[minute * 6] = minute < 5 ? 400 + (minute % 2) * 2 : 400 * 2 ** (minute - 4);
  return { entity: 'carts', indicator: 'mem', name: 'container.memory.usage', values, fromMillis: T0, stepSeconds: 10 };
}

describe('shortCaseOptions', () => {
  it('keeps every default for cases of 25 minutes or more', () => {
    expect(shortCaseOptions(25 * MINUTE)).toEqual({});
  });

  it('judges a one-minute metric of a 10-minute case once the 4-minute history is full', () => {
    const short = shortCaseOptions(10 * MINUTE);
    expect(short.warmupMillis).toBe(4 * MINUTE);
    const found = createRobustBaselineDetector(short.robustBaseline).detect(oneMinuteMemory());
    expect(found.map((a) => (a.onsetMillis - T0) / MINUTE)).toEqual([5]);
    // Six points of history, as before, never fill from four minutes of one-minute samples: nothing is judged.
    expect(createRobustBaselineDetector({ ...short.robustBaseline, minHistoryPoints: 6 }).detect(oneMinuteMemory())).toEqual([]);
  });
});
