/**
 * Options of the correlator runtime and its live driver, every default in
 * one place. The four settings users configure (`correlator.*` in
 * config/schema.ts) have the same defaults there; a test keeps the two in
 * step.
 */
import type { Anomaly, AnomalySource, ChangePointOptions, Detector, EventBurstOptions, RobustBaselineOptions } from '../detect/index.ts';
import type { CauseRanker } from '../incidents/causes.ts';
import type { IncidentGrouperOptions } from '../incidents/grouper-options.ts';
import type { RestoredGrouperState } from '../incidents/incident-grouper.ts';
import type { StaticDependency } from '../topology/static-dependencies.ts';
import type { SignalQueryStore } from '../signals/signal-range.ts';
import type { SnapshotWriteStore } from '../topology/snapshot-store.ts';
import type { IncidentEventSink } from './incident-sink.ts';

export const CORRELATOR_RUNTIME_DEFAULTS = Object.freeze({
  /** Event-time window (and signal bucket) length. */
  stepSeconds: 10,
  /** How far behind the newest telemetry timestamp the watermark stays, so late rows still land in open windows. */
  allowedLatenessSeconds: 30,
  /** Signal history held in memory per series: more than the detectors' trailing windows (cusum: 1 h). */
  historyMinutes: 120,
  /** Anomalies with an onset this soon after the first window holding data are dropped (baselines too young), as in the batch pipeline. */
  warmupMillis: 10 * 60_000,
  /**
   * Each window is read with this much telemetry before it and only its own
   * bucket kept: counters need their previous sample for a rate, and a
   * service silent for one window must not be mistaken for a peer.
   */
  signalLookbackSeconds: 120,
  /** The dependency graph is read again every this often (aligned to event time)... */
  topologyRefreshSeconds: 60,
  /** ...over this much trailing telemetry, and saved as a snapshot. */
  topologyWindowMinutes: 15,
  /** An incident that grows is ranked again at most this often in event time, and once more when it stops growing. */
  rankIntervalMillis: 60_000,
  /**
   * For this long after it opened, an open incident is also ranked again
   * once per `rankIntervalMillis` while it does not grow: sampled traces and
   * logs keep arriving after its anomalies stop (a slow callee's first few
   * spans), and a ranking made in its first seconds would otherwise stand.
   */
  rankRefreshMillis: 600_000,
  /** Live: a row stamped later than the wall clock plus this counts as stamped at that bound (a client with a wrong clock cannot push event time ahead). */
  maxClockSkewSeconds: 30,
  /** Live: how often the driver looks whether the watermark moved. */
  tickMillis: 1000,
  /** Live: windows closed per tick at most, so a catch-up yields to ingest and shutdown waits for little. */
  maxWindowsPerTick: 6,
});

export interface CorrelatorRuntimeOptions {
  readonly store: SignalQueryStore;
  /** Where every incident event goes, in order. */
  readonly sink: IncidentEventSink;
  /** The first window starts here, rounded down to the step (windows are aligned to multiples of the step since the epoch). */
  readonly startMillis: number;
  readonly stepSeconds?: number;
  readonly historyMinutes?: number;
  readonly warmupMillis?: number;
  readonly signalLookbackSeconds?: number;
  readonly topologyRefreshSeconds?: number;
  readonly topologyWindowMinutes?: number;
  readonly rankIntervalMillis?: number;
  readonly rankRefreshMillis?: number;
  /** Default: the robust baseline and change-point detectors with the options below, and the restarts detector (as the batch pipeline). */
  readonly detectors?: readonly Detector[];
  readonly robustBaseline?: RobustBaselineOptions;
  readonly changePoint?: ChangePointOptions;
  readonly eventBurst?: EventBurstOptions;
  /** Stateful anomaly sources (log templates...), advanced once per closed window. */
  readonly sources?: readonly AnomalySource[];
  readonly grouper?: Partial<IncidentGrouperOptions>;
  /** Calls known from configuration, added to the graph traces build (correlator.dependencies). */
  readonly staticDependencies?: readonly StaticDependency[];
  /**
   * Anomalies with an onset before this are not taken: after a restart the
   * runtime reads its history again, and what happened before the stored
   * log's last event was handled by the run that wrote it.
   */
  readonly takeOnsetsFromMillis?: number;
  /** Incidents of an earlier run to go on from (a restart); see createIncidentGrouper. */
  readonly restored?: RestoredGrouperState;
  /** Ranks incidents that opened or grew; none: no causes-ranked events. */
  readonly ranker?: CauseRanker;
  /** Where topology snapshots are saved; none: not saved. */
  readonly snapshots?: SnapshotWriteStore;
  /** Called with the anomalies taken in each window (after warm-up and de-duplication), e.g. to count alerts. */
  readonly onAnomalies?: (anomalies: readonly Anomaly[], windowEndMillis: number) => void;
}

/** The numbers of the options, defaults filled in and checked; a nonsensical value is a configuration bug and throws. */
export function resolveRuntimeNumbers(options: CorrelatorRuntimeOptions) {
  const d = CORRELATOR_RUNTIME_DEFAULTS;
  const n = {
    stepSeconds: options.stepSeconds ?? d.stepSeconds,
    historyMinutes: options.historyMinutes ?? d.historyMinutes,
    warmupMillis: options.warmupMillis ?? d.warmupMillis,
    signalLookbackSeconds: options.signalLookbackSeconds ?? d.signalLookbackSeconds,
    topologyRefreshSeconds: options.topologyRefreshSeconds ?? d.topologyRefreshSeconds,
    topologyWindowMinutes: options.topologyWindowMinutes ?? d.topologyWindowMinutes,
    rankIntervalMillis: options.rankIntervalMillis ?? d.rankIntervalMillis,
    rankRefreshMillis: options.rankRefreshMillis ?? d.rankRefreshMillis,
  };
  if (!Number.isInteger(n.stepSeconds) || n.stepSeconds < 1) throw new RangeError(`correlator runtime: stepSeconds must be a positive integer (got ${n.stepSeconds})`);
  if (!(n.historyMinutes * 60 >= 2 * n.stepSeconds)) throw new RangeError(`correlator runtime: historyMinutes must hold at least two steps (got ${n.historyMinutes})`);
  for (const key of ['warmupMillis', 'signalLookbackSeconds', 'rankIntervalMillis', 'rankRefreshMillis'] as const) {
    if (!(n[key] >= 0)) throw new RangeError(`correlator runtime: ${key} must be >= 0 (got ${n[key]})`);
  }
  for (const key of ['topologyRefreshSeconds', 'topologyWindowMinutes'] as const) {
    if (!(n[key] > 0)) throw new RangeError(`correlator runtime: ${key} must be > 0 (got ${n[key]})`);
  }
  if (!Number.isFinite(options.startMillis)) throw new RangeError(`correlator runtime: startMillis must be a time (got ${options.startMillis})`);
  return Object.freeze({ ...n, stepMillis: n.stepSeconds * 1000, historyBuckets: Math.ceil((n.historyMinutes * 60) / n.stepSeconds) });
}
