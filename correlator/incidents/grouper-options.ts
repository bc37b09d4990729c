/**
 * Options of the incident grouper, every default in one place. All times
 * are event time in milliseconds.
 */
import { CHANGE_POINT } from '../detect/change-point.ts';
import { EVENT_BURST } from '../detect/event-burst.ts';
import { ROBUST_BASELINE } from '../detect/robust-baseline.ts';

export interface IncidentGrouperOptions {
  /** Anomalies whose onsets are at most this far from a group's span can join it. Default 5 min. */
  readonly groupWindowMillis: number;
  /** Call edges an anomaly may be from a group's services to join its story (story-relation.ts). Default 2. */
  readonly hops: number;
  /**
   * Distinct findings (entity + indicator, load changes not counted) needed
   * to open an incident without a critical one. Default 2.
   */
  readonly minAnomalies: number;
  /** A pending group with no new anomaly for longer than this after its last onset is dropped. Default 5 min. */
  readonly pendingTtlMillis: number;
  /** An open incident with no new or repeated anomaly for this long resolves. Default 10 min. */
  readonly quietMillis: number;
  /**
   * A related anomaly up to this long after a resolution opens a new incident
   * linked to the resolved one, at once (the earlier incident is the
   * corroborating evidence). Default 30 min.
   */
  readonly reopenWindowMillis: number;
  /** An entity + indicator with more onsets than this within `flapWindowMillis` is held. Default 3. */
  readonly flapMaxToggles: number;
  /** Default 30 min. */
  readonly flapWindowMillis: number;
  /**
   * A CPU rise seen while at least this many entities' traffic or network
   * throughput rose within `loadChangeWindowMillis` is a load change, not
   * evidence of a fault (load-change.ts). Default 3.
   */
  readonly loadChangeMinEntities: number;
  /** Default 2 min. */
  readonly loadChangeWindowMillis: number;
  /**
   * An anomaly scoring below this (scores: ~1 borderline, >= 3 strong) never
   * counts as evidence to open an incident; it still joins one. Default 2.
   */
  readonly minEvidenceScore: number;
  /**
   * Detectors that judge a series against its own history: a critical
   * anomaly of theirs opens an incident alone only with a `loneFoldChange`
   * (opening-evidence.ts). Default robust-baseline, cusum and event-burst.
   */
  readonly statisticalDetectors: readonly string[];
  /**
   * Detectors whose findings count towards opening an incident only beside a
   * finding of another detector (opening-evidence.ts). Default cusum.
   */
  readonly corroboratingDetectors: readonly string[];
  /**
   * A critical anomaly of a statistical detector opens an incident alone only
   * when its value moved at least this many times from its baseline, either
   * way (opening-evidence.ts). Default 3.
   */
  readonly loneFoldChange: number;
  /**
   * The same for memory (indicator `mem`: usage, working set, heap, and
   * garbage-collection time). Default 2: a container seldom has room to
   * triple its memory, and one that doubled it is on its way to being
   * killed.
   */
  readonly memoryLoneFoldChange: number;
  /** Services users call directly; an incident touching one is more urgent. Default none. */
  readonly entryServices: readonly string[];
  /** Breadth (services) at which a critical incident is P1. Default 3. */
  readonly breadthForP1: number;
  /** Incident ids are this prefix and a sequence number from 1. Default `inc-`. */
  readonly idPrefix: string;
}

const MINUTE = 60_000;

export const INCIDENT_GROUPER_DEFAULTS: IncidentGrouperOptions = Object.freeze({
  groupWindowMillis: 5 * MINUTE,
  hops: 2,
  minAnomalies: 2,
  pendingTtlMillis: 5 * MINUTE,
  quietMillis: 10 * MINUTE,
  reopenWindowMillis: 30 * MINUTE,
  flapMaxToggles: 3,
  flapWindowMillis: 30 * MINUTE,
  loadChangeMinEntities: 3,
  minEvidenceScore: 2,
  loadChangeWindowMillis: 2 * MINUTE,
  statisticalDetectors: Object.freeze([ROBUST_BASELINE, CHANGE_POINT, EVENT_BURST]) as readonly string[],
  corroboratingDetectors: Object.freeze([CHANGE_POINT]) as readonly string[],
  loneFoldChange: 3,
  memoryLoneFoldChange: 2,
  entryServices: Object.freeze([]) as readonly string[],
  breadthForP1: 3,
  idPrefix: 'inc-',
});

/** Defaults filled in and the result frozen; a non-positive duration or count is a configuration bug and throws. */
export function resolveGrouperOptions(partial: Partial<IncidentGrouperOptions> = {}): IncidentGrouperOptions {
  const o = { ...INCIDENT_GROUPER_DEFAULTS, ...partial };
  const positive = ['loadChangeMinEntities', 'loadChangeWindowMillis', 'groupWindowMillis', 'pendingTtlMillis', 'quietMillis', 'flapWindowMillis', 'minAnomalies', 'flapMaxToggles', 'breadthForP1'] as const;
  for (const key of positive) {
    if (!(o[key] > 0)) throw new RangeError(`incident grouper: ${key} must be > 0 (got ${o[key]})`);
  }
  for (const key of ['loneFoldChange', 'memoryLoneFoldChange'] as const) {
    if (!(o[key] >= 1)) throw new RangeError(`incident grouper: ${key} must be >= 1 (got ${o[key]})`);
  }
  if (!(o.minEvidenceScore >= 0)) throw new RangeError(`incident grouper: minEvidenceScore must be >= 0 (got ${o.minEvidenceScore})`);
  if (!(o.hops >= 0) || !(o.reopenWindowMillis >= 0)) throw new RangeError('incident grouper: hops and reopenWindowMillis must be >= 0');
  return Object.freeze({
    ...o,
    entryServices: Object.freeze([...o.entryServices]),
    statisticalDetectors: Object.freeze([...o.statisticalDetectors]),
    corroboratingDetectors: Object.freeze([...o.corroboratingDetectors]),
  });
}
