/**
 * The contract shared by every detector: a pure function from one series on a
 * fixed step to the anomalies in it. Detectors read no storage and no clock;
 * every time they report is event time derived from `fromMillis` and the step,
 * so a replay and live traffic give the same anomalies for the same data.
 */
import type { Indicator, SignalFrame } from '../signals/signal-frame.ts';

export type Severity = 'warning' | 'critical';
export type Direction = 'up' | 'down';
/** Which way of leaving the baseline is bad for an indicator. */
export type BadDirection = Direction | 'both';

export interface AnomalyEvidence {
  /** What the detector expected at the onset (median, forecast, objective...). */
  readonly baseline?: number;
  /** What was seen (the most extreme value of the run unless stated otherwise). */
  readonly observed?: number;
  /** The line that was crossed. */
  readonly threshold?: number;
  readonly [key: string]: unknown;
}

export interface Anomaly {
  readonly entity: string;
  readonly indicator: Indicator;
  /** The series name, e.g. `latency_p95_ms`. */
  readonly signal: string;
  readonly detector: string;
  /** Start of the first bucket of the anomalous run (event time). */
  readonly onsetMillis: number;
  /** >= 0 and comparable across detectors: ~1 borderline, >= 3 strong. */
  readonly score: number;
  readonly severity: Severity;
  readonly direction: Direction;
  readonly evidence: AnomalyEvidence;
}

/** One series on a fixed grid: `values[i]` covers `[fromMillis + i*step, fromMillis + (i+1)*step)`; NaN = no data. */
export interface SeriesInput {
  readonly entity: string;
  readonly indicator: Indicator;
  readonly name: string;
  readonly values: Float64Array;
  readonly fromMillis: number;
  readonly stepSeconds: number;
}

export interface Detector {
  readonly name: string;
  /** Pure: same input, same anomalies, ordered by onset. Invalid options throw when the detector is created. */
  detect(series: SeriesInput): Anomaly[];
  /**
   * Optional incremental form, for judging a series as it grows (the
   * correlator runtime): a fresh per-series state. Detectors without it are
   * re-run over the whole history each time.
   */
  stream?(): SeriesStream;
}

/**
 * The state of one detector on one series, judging the newest points only.
 * Each point's judgement depends only on earlier points, so judging a series
 * piece by piece gives the same anomalies as `detect` over the whole of it:
 * for every onset, the last anomaly reported with that onset equals the one
 * `detect` reports (a run still going is reported again, with its evidence
 * so far, until it ends).
 */
export interface SeriesStream {
  /**
   * Judges `series.values[fromBucket..]`. Successive calls must judge
   * consecutive points in event time, without gaps or overlap; the grid may
   * move between calls (a rolling history), the step may not. The points
   * before `fromBucket` are history: on the first call they seed the
   * detector's trailing window; later, the detector reads back only as far
   * as its own window (and an anomaly's onset, for its evidence). Returns
   * every anomaly whose run has points in the judged range, with its true
   * onset even when the run began before it, ordered by onset.
   */
  judge(series: SeriesInput, fromBucket: number): Anomaly[];
}

/** The inputs of every series of a frame, for running detectors over a frame. */
export function seriesInputs(frame: SignalFrame): SeriesInput[] {
  return frame.series.map((s) => ({
    entity: s.entity,
    indicator: s.indicator,
    name: s.name,
    values: s.values,
    fromMillis: frame.fromMillis,
    stepSeconds: frame.stepSeconds,
  }));
}

export function bucketMillis(series: SeriesInput, bucket: number): number {
  return series.fromMillis + bucket * series.stepSeconds * 1000;
}

/**
 * Resource saturation, latency, errors and error logs are only bad going up;
 * traffic, network and code-level signals are suspicious both ways (a drop in
 * requests is as much a symptom as a surge).
 */
export function badDirection(indicator: Indicator): BadDirection {
  switch (indicator) {
    case 'cpu':
    case 'mem':
    case 'disk':
    case 'latency':
    case 'errors':
    case 'log':
      return 'up';
    case 'traffic':
    case 'net':
    case 'code':
      return 'both';
  }
}

export function allows(bad: BadDirection, direction: Direction): boolean {
  return bad === 'both' || bad === direction;
}

export function severityOf(score: number, criticalScore: number): Severity {
  return score >= criticalScore ? 'critical' : 'warning';
}

/** Number of whole buckets in a duration; at least 1. Throws on a non-positive duration (a configuration bug). */
export function bucketsIn(seconds: number, stepSeconds: number, what: string): number {
  if (!(seconds > 0) || !(stepSeconds > 0)) throw new RangeError(`${what}: durations must be > 0 (got ${seconds}s on a ${stepSeconds}s step)`);
  return Math.max(1, Math.round(seconds / stepSeconds));
}
