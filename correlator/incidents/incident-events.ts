/**
 * An incident is an append-only log of events; its current state is a fold
 * of that log (DESIGN.md, Storage: nothing about an incident is updated in
 * place). `foldIncidents` is the only way state is derived, so the grouper,
 * storage and the API agree on what an incident is for the same log.
 *
 * `atMillis` is event time: the onset of the anomaly that caused the event,
 * or for `resolved` the end of the quiet period. The order of the log is
 * authoritative; `atMillis` need not be monotonic across incidents.
 */
import type { Anomaly, Severity } from '../detect/anomaly.ts';
import type { RankedCause } from './causes.ts';

/** P1 is the most urgent. */
export type Priority = 'P1' | 'P2' | 'P3' | 'P4';

export type IncidentStatus = 'open' | 'resolved' | 'merged';

interface EventBase {
  readonly incidentId: string;
  readonly atMillis: number;
}

export interface IncidentOpened extends EventBase {
  readonly kind: 'opened';
  /**
   * The watermark when the grouper opened it: the end of the window in which
   * its evidence became enough, which is when anyone could be told.
   * `atMillis` is the onset of the anomaly that completed the evidence;
   * detectors confirm a run over a few windows, so this comes later. Absent
   * in events written before it was recorded.
   */
  readonly detectedAtMillis?: number;
  /** The resolved incident this one is a recurrence of, if any. */
  readonly reopenOf?: string;
}
/**
 * An anomaly joins the incident. One attached again (same fingerprint and
 * onset) is a stronger report of one it holds, a run that turned critical:
 * it takes the earlier report's place.
 */
export interface AnomalyAttached extends EventBase {
  readonly kind: 'anomaly-attached';
  readonly fingerprint: string;
  readonly anomaly: Anomaly;
  /**
   * Joined only as a symptom (incident-grouper.ts, story-relation.ts): it
   * suffers from this incident's fault, maybe from another one too, and
   * explains nothing of it. Absent: part of the incident's story.
   */
  readonly asSymptom?: true;
}

/** The incident's anomalies move to `targetIncidentId`; the incident stops. */
export interface MergedInto extends EventBase {
  readonly kind: 'merged-into';
  readonly targetIncidentId: string;
}
export interface SeverityChanged extends EventBase {
  readonly kind: 'severity-changed';
  readonly severity: Severity;
  readonly priority: Priority;
  /** Distinct affected services (breadth). */
  readonly services: number;
}
export interface IncidentResolved extends EventBase {
  readonly kind: 'resolved';
  readonly reason: 'quiet';
}
/** On a resolved incident: the fault came back as `newIncidentId`. */
export interface ReopenedAs extends EventBase {
  readonly kind: 'reopened-as';
  readonly newIncidentId: string;
}

/** A new ranking of the incident's likely causes (recomputed as it grows); replaces the previous one. */
export interface CausesRanked extends EventBase {
  readonly kind: 'causes-ranked';
  readonly causes: readonly RankedCause[];
}

export type IncidentEvent = IncidentOpened | AnomalyAttached | MergedInto | SeverityChanged | IncidentResolved | ReopenedAs | CausesRanked;

export interface IncidentState {
  readonly id: string;
  readonly status: IncidentStatus;
  readonly openedAtMillis: number;
  /** When it was opened in event time (IncidentOpened.detectedAtMillis); undefined for incidents logged before that was recorded. */
  readonly detectedAtMillis?: number;
  /** `atMillis` of the latest event applied to this incident. */
  readonly updatedAtMillis: number;
  /** In attach order; merged incidents' anomalies follow the target's own. */
  readonly anomalies: readonly Anomaly[];
  readonly fingerprints: readonly string[];
  /** Distinct entities of the anomalies, sorted. */
  readonly entities: readonly string[];
  /**
   * Distinct entities of the anomalies that are part of the incident's
   * story (not attached only as symptoms), sorted: where its fault may be.
   */
  readonly founders: readonly string[];
  /** Until the first severity-changed event: warning / P4 / 0. */
  readonly severity: Severity;
  readonly priority: Priority;
  readonly services: number;
  /** The newest ranking; empty until the first causes-ranked event. */
  readonly causes: readonly RankedCause[];
  readonly resolvedAtMillis?: number;
  readonly mergedInto?: string;
  readonly reopenOf?: string;
  readonly reopenedAs?: string;
}

/** entity + indicator + signal + detector: the same finding reported again. */
export function anomalyFingerprint(a: Anomaly): string {
  return `${a.entity}|${a.indicator}|${a.signal}|${a.detector}`;
}

function withAnomalies(s: IncidentState, anomalies: readonly Anomaly[], fingerprints: readonly string[], founders: readonly string[], atMillis: number): IncidentState {
  const entities = [...new Set([...s.entities, ...anomalies.map((a) => a.entity)])].sort();
  return {
    ...s,
    anomalies: [...s.anomalies, ...anomalies],
    fingerprints: [...s.fingerprints, ...fingerprints],
    entities,
    founders: [...new Set([...s.founders, ...founders])].sort(),
    updatedAtMillis: atMillis,
  };
}

/**
 * Applies one event to `states` (replacing the affected entries; state
 * values are never mutated). An event that contradicts the log so far (an
 * unknown incident, an id opened twice) is a bug in whoever wrote the log and
 * throws.
 */
export function applyIncidentEvent(states: Map<string, IncidentState>, e: IncidentEvent): void {
  const current = states.get(e.incidentId);
  if (e.kind === 'opened') {
    if (current) throw new Error(`incident ${e.incidentId} opened twice`);
    states.set(e.incidentId, {
      id: e.incidentId,
      status: 'open',
      openedAtMillis: e.atMillis,
      updatedAtMillis: e.atMillis,
      anomalies: [],
      fingerprints: [],
      entities: [],
      founders: [],
      severity: 'warning',
      priority: 'P4',
      services: 0,
      causes: [],
      ...(e.detectedAtMillis === undefined ? {} : { detectedAtMillis: e.detectedAtMillis }),
      ...(e.reopenOf === undefined ? {} : { reopenOf: e.reopenOf }),
    });
    return;
  }
  if (!current) throw new Error(`event ${e.kind} for unknown incident ${e.incidentId}`);
  switch (e.kind) {
    case 'anomaly-attached': {
      const founders = e.asSymptom ? [] : [e.anomaly.entity];
      const again = current.anomalies.findIndex((x) => x.onsetMillis === e.anomaly.onsetMillis && anomalyFingerprint(x) === e.fingerprint);
      if (again < 0) states.set(e.incidentId, withAnomalies(current, [e.anomaly], [e.fingerprint], founders, e.atMillis));
      else states.set(e.incidentId, withAnomalies({ ...current, anomalies: current.anomalies.filter((_, i) => i !== again) }, [e.anomaly], [], founders, e.atMillis));
      return;
    }
    case 'merged-into': {
      const target = states.get(e.targetIncidentId);
      if (!target) throw new Error(`incident ${e.incidentId} merged into unknown ${e.targetIncidentId}`);
      states.set(e.targetIncidentId, withAnomalies(target, current.anomalies, current.fingerprints, current.founders, e.atMillis));
      states.set(e.incidentId, { ...current, status: 'merged', mergedInto: e.targetIncidentId, updatedAtMillis: e.atMillis });
      return;
    }
    case 'severity-changed':
      states.set(e.incidentId, { ...current, severity: e.severity, priority: e.priority, services: e.services, updatedAtMillis: e.atMillis });
      return;
    case 'resolved':
      states.set(e.incidentId, { ...current, status: 'resolved', resolvedAtMillis: e.atMillis, updatedAtMillis: e.atMillis });
      return;
    case 'reopened-as':
      states.set(e.incidentId, { ...current, reopenedAs: e.newIncidentId, updatedAtMillis: e.atMillis });
      return;
    case 'causes-ranked':
      states.set(e.incidentId, { ...current, causes: e.causes, updatedAtMillis: e.atMillis });
      return;
  }
}

/** Current state of every incident in the log, by id, in order of opening. */
export function foldIncidents(events: Iterable<IncidentEvent>): Map<string, IncidentState> {
  const states = new Map<string, IncidentState>();
  for (const e of events) applyIncidentEvent(states, e);
  return states;
}
