/**
 * Container restarts: a restart count that goes up means a process died (an
 * OOM kill, a crash, a failed start) and Kubernetes started it again. That
 * is a fault whatever the series' history, so it needs no baseline: each
 * rise is one critical anomaly at the bucket it is first seen in, with the
 * count before and after as evidence.
 *
 * Applies to series whose name ends in `restarts` (the k8s cluster
 * receiver's `k8s.container.restarts` gauge). A service's series averages
 * its containers, so one container of two restarting raises it by 0.5: any
 * rise counts. A fall (a restarted pod replaced by a fresh one) is nothing.
 */
import { bucketMillis, type Anomaly, type Detector, type SeriesInput, type SeriesStream } from './anomaly.ts';

export const RESTARTS = 'restarts';

const RESTART_SERIES = /restarts$/;

/** Score of a rise: strong (>= 3) for one restart, more for several at once, at most 10. */
const scoreOf = (rise: number) => Math.min(10, 4 + rise);

function stream(): SeriesStream {
  let previous = Number.NaN;
  return {
    judge(series: SeriesInput, fromBucket: number): Anomaly[] {
      if (!RESTART_SERIES.test(series.name)) return [];
      const v = series.values;
      // On the first call the points before `fromBucket` are history: only the last of them matters.
      if (Number.isNaN(previous)) for (let i = Math.min(fromBucket, v.length) - 1; i >= 0 && Number.isNaN(previous); i--) if (Number.isFinite(v[i]!)) previous = v[i]!;
      const out: Anomaly[] = [];
      for (let i = fromBucket; i < v.length; i++) {
        const x = v[i]!;
        if (!Number.isFinite(x)) continue;
        if (Number.isFinite(previous) && x > previous) {
          out.push({
            entity: series.entity,
            indicator: series.indicator,
            signal: series.name,
            detector: RESTARTS,
            onsetMillis: bucketMillis(series, i),
            score: scoreOf(x - previous),
            severity: 'critical',
            direction: 'up',
            evidence: { baseline: previous, observed: x, restarts: x - previous },
          });
        }
        previous = x;
      }
      return out;
    },
  };
}

export function createRestartsDetector(): Detector {
  return {
    name: RESTARTS,
    detect: (series) => stream().judge(series, 0),
    stream,
  };
}
