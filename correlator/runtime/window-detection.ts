/**
 * Runs the detectors over the newest bucket of every series of the rolling
 * frame. A detector with an incremental form keeps one stream per series
 * and judges only that bucket, so the cost per window does not grow with
 * the history; a detector without one is run over the whole history (and
 * its repeated findings are filtered out downstream, see
 * reported-anomalies.ts).
 *
 * Streams follow the frame's series: a series the frame dropped loses its
 * streams, and one that comes back starts afresh.
 */
import type { Anomaly, Detector, SeriesInput, SeriesStream } from '../detect/anomaly.ts';
import type { RollingFrame } from './rolling-frame.ts';

export interface WindowDetection {
  /** Judges the frame's newest bucket; every anomaly reported for it, in onset order (a run still going is reported again). */
  judgeNewest(frame: RollingFrame): Anomaly[];
}

export function createWindowDetection(detectors: readonly Detector[]): WindowDetection {
  const streams = new Map<string, (SeriesStream | undefined)[]>();
  return {
    judgeNewest(frame) {
      const out: Anomaly[] = [];
      const newest = frame.buckets() - 1;
      if (newest < 0) return out;
      const present = new Set<string>();
      for (const s of frame.series()) {
        present.add(s.key);
        let own = streams.get(s.key);
        if (!own) {
          own = detectors.map((d) => d.stream?.());
          streams.set(s.key, own);
        }
        const input: SeriesInput = { entity: s.entity, indicator: s.indicator, name: s.name, values: s.values, fromMillis: frame.fromMillis(), stepSeconds: frame.stepSeconds };
        detectors.forEach((d, i) => {
          const stream = own[i];
          out.push(...(stream ? stream.judge(input, newest) : d.detect(input)));
        });
      }
      for (const key of streams.keys()) if (!present.has(key)) streams.delete(key);
      return out.sort((a, b) => a.onsetMillis - b.onsetMillis);
    },
  };
}
