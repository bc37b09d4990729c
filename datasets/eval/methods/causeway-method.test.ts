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

/** A service's mean latency exported once a minute: about 2.5 ms for six minutes, then 23-27 ms (a bad deploy's new pod). */
function oneMinuteLatencyStep(): SeriesInput {
  const before = [2.66, 2.14, 2.19, 2.31, 2.52, 2.73];
  const after = [22.8, 23.4, 27.1, 24.2];
  const values = new Float64Array(60).fill(Number.NaN);
  [...before, ...after].forEach((v, minute) => (values[minute * 6 + 3] = v));
  return { entity: 'config', indicator: 'latency', name: 'http.server.request.duration.mean', values, fromMillis: T0, stepSeconds: 10 };
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
    // Six points of history never fill from a window of four minutes of one-minute samples: nothing is judged.
    expect(createRobustBaselineDetector({ ...short.robustBaseline, windowSeconds: 240, minHistoryPoints: 6 }).detect(oneMinuteMemory())).toEqual([]);
  });

  it('keeps the detectors\' trailing windows: a short case is judged against all of its history, as a new deployment is', () => {
    const short = shortCaseOptions(10 * MINUTE);
    const judged = { minHistoryPoints: 4 };
    expect(short).toEqual({ warmupMillis: 4 * MINUTE, robustBaseline: judged, changePoint: judged, eventBurst: judged });
    const found = createRobustBaselineDetector(short.robustBaseline).detect(oneMinuteLatencyStep());
    expect(found.map((a) => [(a.onsetMillis - T0) / 1000, a.severity])).toEqual([[6 * 60 + 30, 'critical']]);
    // A window as short as the warm-up holds four one-minute points: by the step's third point half of it is the step,
    // whose spread then hides it, and a run of two points at 20 sigma is not enough.
    expect(createRobustBaselineDetector({ ...short.robustBaseline, windowSeconds: 240 }).detect(oneMinuteLatencyStep())).toEqual([]);
  });
});
