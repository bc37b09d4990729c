/**
 * The evaluation's ranking metrics (datasets/eval/score-case.ts) over
 * replayed faults: AC@k is 1 when the true service is among the first k
 * distinct services of the answering incident's ranking, 0 when no incident
 * answers the fault; Avg@5 is the mean of AC@1..AC@5.
 */
import { accuracyAtK } from '../../datasets/eval/index.ts';
import type { ReplayedFault } from './replay.ts';

export interface Accuracy {
  readonly faults: number;
  readonly detected: number;
  readonly ac1: number;
  readonly ac3: number;
  readonly avg5: number;
  /** The same at (service, indicator) level. */
  readonly indicatorAc1: number;
  readonly indicatorAvg5: number;
}

const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

export function faultAccuracy(f: ReplayedFault): { service: number[]; indicator: number[] } {
  const causes = f.ranking.map((c) => ({ service: c.entity, indicator: c.indicator, score: c.score }));
  return {
    service: accuracyAtK(causes, (c) => c.service, f.service),
    indicator: accuracyAtK(causes, (c) => `${c.service}\u0000${c.indicator}`, `${f.service}\u0000${f.indicator}`),
  };
}

export function accuracy(faults: readonly ReplayedFault[]): Accuracy {
  const per = faults.map(faultAccuracy);
  return {
    faults: faults.length,
    detected: faults.filter((f) => f.detected).length,
    ac1: mean(per.map((p) => p.service[0]!)),
    ac3: mean(per.map((p) => p.service[2]!)),
    avg5: mean(per.map((p) => mean(p.service))),
    indicatorAc1: mean(per.map((p) => p.indicator[0]!)),
    indicatorAvg5: mean(per.map((p) => mean(p.indicator))),
  };
}

export function formatAccuracy(name: string, a: Accuracy): string {
  const f = (x: number) => x.toFixed(2);
  return `${name.padEnd(28)} faults ${String(a.faults).padStart(3)}  detected ${String(a.detected).padStart(3)}  AC@1 ${f(a.ac1)}  AC@3 ${f(a.ac3)}  Avg@5 ${f(a.avg5)}  | indicator AC@1 ${f(a.indicatorAc1)}  Avg@5 ${f(a.indicatorAvg5)}`;
}
