/**
 * Pointing a detector at some series only: a rule about checkout's p95
 * latency must not fire on the cart's error rate. Detectors themselves run
 * on whatever series they are given; these wrappers choose.
 */
import type { Anomaly, Detector, SeriesInput, SeriesStream } from './anomaly.ts';

export interface SeriesMatch {
  /** Exact entity. */
  readonly entity?: string;
  /** Regular expression the whole entity must match. */
  readonly entityRegex?: string;
  /** Exact series name. */
  readonly signal?: string;
  /** Regular expression the whole series name must match. */
  readonly signalRegex?: string;
}

const whole = (pattern: string): RegExp => new RegExp(`^(?:${pattern})$`);

/** A predicate on series; an absent field matches everything. Throws on an invalid pattern (validated configuration never has one). */
export function seriesMatcher(match: SeriesMatch): (series: SeriesInput) => boolean {
  const entity = match.entityRegex === undefined ? undefined : whole(match.entityRegex);
  const signal = match.signalRegex === undefined ? undefined : whole(match.signalRegex);
  return (s) =>
    (match.entity === undefined || s.entity === match.entity) &&
    (entity === undefined || entity.test(s.entity)) &&
    (match.signal === undefined || s.name === match.signal) &&
    (signal === undefined || signal.test(s.name));
}

/**
 * `detector` on the series `applies` accepts, with `evidence` added to each
 * anomaly (a rule or SLO name). The incremental form, when the detector has
 * one, is scoped alike.
 */
export function scopedDetector(detector: Detector, applies: (series: SeriesInput) => boolean, evidence: Readonly<Record<string, unknown>> = {}): Detector {
  const tag = (anomalies: Anomaly[]): Anomaly[] => anomalies.map((a) => ({ ...a, evidence: { ...a.evidence, ...evidence } }));
  const scoped: Detector = { name: detector.name, detect: (series) => (applies(series) ? tag(detector.detect(series)) : []) };
  if (!detector.stream) return scoped;
  const stream = detector.stream.bind(detector);
  return {
    ...scoped,
    stream(): SeriesStream {
      const inner = stream();
      return { judge: (series, fromBucket) => (applies(series) ? tag(inner.judge(series, fromBucket)) : []) };
    },
  };
}
