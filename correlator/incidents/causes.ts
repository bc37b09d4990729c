/**
 * The contract between the correlator and root-cause ranking. The correlator
 * owns incidents; ranking lives in a later stage (rca/) and is handed in as
 * a `CauseRanker`, so the correlator never imports it (DESIGN.md: a folder
 * imports only from the stages before it).
 *
 * A ranking is stored on the incident as a `causes-ranked` event
 * (incident-events.ts); the newest one is the incident's current ranking.
 */
import type { Result } from '../../core/result.ts';
import type { Indicator, SignalFrame } from '../signals/signal-frame.ts';
import type { SignalQueryStore } from '../signals/signal-range.ts';
import type { ServiceGraph } from '../topology/service-graph.ts';
import type { IncidentState } from './incident-events.ts';

/** A short piece of a series shown as evidence: `values[i]` covers `[fromMillis + i*step, ...)`; null = no data. */
export interface EvidenceSeries {
  readonly entity: string;
  readonly signal: string;
  readonly fromMillis: number;
  readonly stepSeconds: number;
  readonly values: readonly (number | null)[];
}

export interface CauseEvidence {
  readonly series?: readonly EvidenceSeries[];
  /** Exemplar traces (hex ids) showing the cause. */
  readonly traceIds?: readonly string[];
  /** Sample log bodies (or templates) showing the cause. */
  readonly logSamples?: readonly string[];
  /** Recent changes, e.g. `service.version 1.4.2 -> 1.5.0 at 2026-...`. */
  readonly changes?: readonly string[];
  /** Per-scorer scores in [0, 1] that went into the fused score. */
  readonly scores?: Readonly<Record<string, number>>;
}

export interface RankedCause {
  /** A service, database, external peer, pod or host. */
  readonly entity: string;
  readonly indicator: Indicator;
  /** In [0, 1]; higher is the more likely cause. */
  readonly score: number;
  /** One line an on-call engineer can act on, e.g. "cpu of payment rose 4.1x 40 s before its callers slowed". */
  readonly explanation: string;
  readonly evidence: CauseEvidence;
}

export interface RankingContext {
  readonly incident: IncidentState;
  /** Signals around the incident: history before the earliest onset and everything up to `atMillis`. */
  readonly frame: SignalFrame;
  readonly graph: ServiceGraph | undefined;
  /** For evidence the frame does not hold (traces, log records, resource attributes). */
  readonly store: SignalQueryStore;
  /** Event time the ranking is made at (the correlator's watermark). */
  readonly atMillis: number;
  /**
   * Entities of another open incident (its founders and its symptoms) that
   * are not among this incident's entities: another fault's origin, or a
   * service already explained by it, which this incident's ranking leaves
   * to that incident. Undefined or empty when there is no other open
   * incident.
   */
  readonly otherStories?: ReadonlySet<string>;
}

export interface CauseRanker {
  /** Best first. An empty list is a valid answer (nothing to go on). */
  rank(context: RankingContext): Promise<Result<RankedCause[]>>;
}
