/**
 * Groups anomalies into incidents on event time, as events (see
 * incident-events.ts). Pure: no storage and no clock; the same anomalies and
 * watermarks give the same events, so a replay matches live traffic.
 *
 * For each anomaly, in onset order (then fingerprint):
 * 1. incidents quiet until the anomaly's onset resolve first;
 * 2. a flapping entity + indicator is held (flapping.ts);
 * 3. a fingerprint already in an open incident or pending group is a repeat:
 *    it only extends that incident's (group's) activity;
 * 4. it is related to an incident or pending group when it is close in time
 *    to the group's span and its entity is the same as, within `hops` of, or
 *    shares an infrastructure node with one of the group's entities (for
 *    resource anomalies only: cpu, mem, disk, net);
 * 5. related to open incidents: when its entity can explain symptoms of
 *    at least one of them (a callee of theirs, or shared infrastructure),
 *    it joins the one opened first and every other related
 *    open incident merges into that one (merged-into); when it can explain
 *    none (a caller suffering from each), it joins the nearest and nothing
 *    merges. Related pending groups join too;
 * 6. otherwise, with the related pending groups, it opens an incident when
 *    there is enough evidence (opening-evidence.ts: minAnomalies distinct
 *    entity + indicator findings, or one critical anomaly that stands alone;
 *    neither counting load changes (load-change.ts) nor anomalies scoring
 *    below minEvidenceScore), or when a
 *    related incident resolved within reopenWindowMillis (the new incident is
 *    linked to it: a resolved incident never takes anomalies); else it waits
 *    as a pending group, which expires after pendingTtlMillis.
 *
 * Incidents already open do not merge because the graph alone changed; only
 * a bridging anomaly merges them.
 */
import type { Anomaly } from '../detect/anomaly.ts';
import { RESOURCE_INDICATORS } from '../signals/signal-frame.ts';
import type { ServiceGraph } from '../topology/service-graph.ts';
import { createFlapTracker } from './flapping.ts';
import { type IncidentGrouperOptions, resolveGrouperOptions } from './grouper-options.ts';
import { assessImpact } from './impact.ts';
import { createLoadChangeTracker } from './load-change.ts';
import { isEnoughToOpen } from './opening-evidence.ts';
import { anomalyFingerprint, applyIncidentEvent, type IncidentEvent, type IncidentState } from './incident-events.ts';

/** The dependency graph in effect at an event time; undefined relates only anomalies of the same entity. */
export type GraphProvider = (atMillis: number) => ServiceGraph | undefined;

export interface IncidentGrouper {
  /**
   * Takes anomalies (any order) and the watermark they were read up to;
   * returns the events they caused, including resolutions up to the watermark.
   */
  ingest(anomalies: readonly Anomaly[], watermarkMillis: number): IncidentEvent[];
  /** Moves event time on: resolves quiet incidents and drops expired pending groups. A watermark never goes back. */
  advance(watermarkMillis: number): IncidentEvent[];
  /** State of every incident this grouper emitted events for: the fold of those events. */
  incidents(): ReadonlyMap<string, IncidentState>;
  /** Anomalies waiting for more evidence, one array per pending group. */
  pending(): readonly (readonly Anomaly[])[];
}

interface Group {
  readonly fingerprints: Set<string>;
  readonly entities: Set<string>;
  firstMillis: number;
  lastMillis: number;
}
interface Active extends Group {
  readonly id: string;
  readonly seq: number;
}
interface Pending extends Group {
  readonly anomalies: Anomaly[];
}
interface Resolved {
  readonly id: string;
  readonly resolvedAtMillis: number;
  readonly entities: ReadonlySet<string>;
}

const byOnset = (a: Anomaly, b: Anomaly) => a.onsetMillis - b.onsetMillis || (anomalyFingerprint(a) < anomalyFingerprint(b) ? -1 : anomalyFingerprint(a) > anomalyFingerprint(b) ? 1 : 0);

/**
 * `restored`: the incidents of an earlier run (the fold of the stored event
 * log, or of its recent part) and the ids it used, so a restarted correlator goes on where it stopped: open incidents
 * keep taking related anomalies and resolve when quiet, resolved ones can
 * still be reopened, and new ids continue after the highest stored one.
 * Repeats are not in the log, so an open incident's quiet period restarts
 * from its last attached anomaly rather than its last repeat: at worst it
 * resolves a little early and reopens as a linked incident.
 */
/** What a restarted grouper goes on from: the folded incidents of the stored log, and every id it ever opened (ids are never reused). */
export interface RestoredGrouperState {
  readonly states: ReadonlyMap<string, IncidentState>;
  readonly usedIds?: Iterable<string>;
}

export function createIncidentGrouper(partial: Partial<IncidentGrouperOptions>, graphAt: GraphProvider, restored?: RestoredGrouperState): IncidentGrouper {
  const o = resolveGrouperOptions(partial);
  const flaps = createFlapTracker({ maxToggles: o.flapMaxToggles, windowMillis: o.flapWindowMillis });
  const load = createLoadChangeTracker({ minEntities: o.loadChangeMinEntities, windowMillis: o.loadChangeWindowMillis });
  const states = new Map<string, IncidentState>();
  const active = new Map<string, Active>();
  let pending: Pending[] = [];
  let resolved: Resolved[] = [];
  let seq = 0;
  let watermark = Number.NEGATIVE_INFINITY;
  let out: IncidentEvent[] = [];
  if (restored) restore(restored);

  function restore(from: RestoredGrouperState): void {
    const idNumber = new RegExp(`^${o.idPrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\d+)$`);
    const numberOf = (id: string) => Number(idNumber.exec(id)?.[1] ?? 0);
    for (const id of from.usedIds ?? []) seq = Math.max(seq, numberOf(id));
    for (const state of from.states.values()) {
      states.set(state.id, state);
      const n = numberOf(state.id);
      seq = Math.max(seq, n);
      const onsets = state.anomalies.map((a) => a.onsetMillis);
      if (state.status === 'open') {
        active.set(state.id, {
          id: state.id,
          seq: n,
          fingerprints: new Set(state.fingerprints),
          entities: new Set(state.anomalies.filter(isEvidence).map((a) => a.entity)),
          firstMillis: Math.min(state.openedAtMillis, ...onsets),
          lastMillis: Math.max(state.openedAtMillis, ...onsets),
        });
      } else if (state.status === 'resolved' && state.resolvedAtMillis !== undefined && state.reopenedAs === undefined) {
        resolved.push({ id: state.id, resolvedAtMillis: state.resolvedAtMillis, entities: new Set(state.anomalies.filter(isEvidence).map((a) => a.entity)) });
      }
    }
  }

  function emit(e: IncidentEvent): void {
    applyIncidentEvent(states, e);
    out.push(e);
  }

  /**
   * Whether `entity` relates to any of `entities` in `graph`. An entity the
   * graph does not know (no traces at all, as with metrics-only data, or a
   * service that sends none) relates to everything close in time: without
   * topology, time is the only evidence of a shared cause, and splitting one
   * fault's symptoms into an incident per service is the alert storm the
   * grouper exists to prevent. The converse does not hold: a known entity
   * relates to a group only through the group's known entities, so one
   * untraced service does not glue independent faults together.
   */
  function relatedTo(entity: string, graph: ServiceGraph | undefined, viaInfrastructure: boolean): (entities: Iterable<string>) => boolean {
    if (!graph?.hasNode(entity)) return () => true;
    const near = graph.neighbours(entity, o.hops, viaInfrastructure ? {} : { kinds: ['calls'] });
    const infra = new Set(viaInfrastructure ? graph.infrastructureOf(entity) : []);
    return (entities) => {
      for (const e of entities) {
        if (e === entity || near.has(e)) return true;
        if (infra.size > 0 && graph.infrastructureOf(e).some((n) => infra.has(n))) return true;
      }
      return false;
    };
  }

  /**
   * Whether `entity` can explain a symptom in `entities`: it is a callee
   * within `hops` calls of one of them, or shares infrastructure with one
   * (being one of them proves nothing about the others).
   * An anomaly that can explain symptoms of at least one related incident
   * chains them into one story and merges them; one that can explain none of
   * them (a caller suffering from two independent faults, as a front end
   * does, or an entity the graph does not know) is a symptom of each and must
   * not glue them together.
   */
  function dependsOn(entities: Iterable<string>, entity: string, graph: ServiceGraph | undefined, viaInfrastructure: boolean): boolean {
    if (!graph?.hasNode(entity)) return false;
    const infra = new Set(viaInfrastructure ? graph.infrastructureOf(entity) : []);
    for (const e of entities) {
      if (e === entity) continue;
      const path = graph.shortestPath(e, entity, { kinds: ['calls'] });
      if (path && path.length - 1 <= o.hops) return true;
      if (infra.size > 0 && graph.infrastructureOf(e).some((n) => infra.has(n))) return true;
    }
    return false;
  }

  /** Incidents by graph distance to `entity` (nearest first), then by opening order. */
  function nearestFirst(incidents: Active[], entity: string, graph: ServiceGraph | undefined): Active[] {
    const near = graph?.neighbours(entity, o.hops) ?? new Map<string, number>();
    const distance = (g: Active) => (g.entities.has(entity) ? 0 : Math.min(Number.POSITIVE_INFINITY, ...[...g.entities].map((e) => near.get(e) ?? Number.POSITIVE_INFINITY)));
    return [...incidents].sort((x, y) => distance(x) - distance(y) || x.seq - y.seq);
  }

  const close = (g: Group, t: number) => t >= g.firstMillis - o.groupWindowMillis && t <= g.lastMillis + o.groupWindowMillis;

  /** Counts towards opening an incident, and makes its entity part of what the incident relates to. */
  function isEvidence(a: Anomaly): boolean {
    return a.score >= o.minEvidenceScore && !load.isLoad(a);
  }

  /**
   * A group's `entities` are those of its evidence only: a load change or a
   * borderline anomaly may join an incident, but must not widen what the
   * incident relates to, or one burst of traffic would glue every later
   * fault in the fleet to it.
   */
  function absorb(g: Group, fingerprint: string, a: Anomaly): void {
    g.fingerprints.add(fingerprint);
    if (isEvidence(a)) g.entities.add(a.entity);
    g.firstMillis = Math.min(g.firstMillis, a.onsetMillis);
    g.lastMillis = Math.max(g.lastMillis, a.onsetMillis);
  }

  function attach(inc: Active, a: Anomaly): void {
    const fingerprint = anomalyFingerprint(a);
    absorb(inc, fingerprint, a);
    emit({ kind: 'anomaly-attached', incidentId: inc.id, atMillis: a.onsetMillis, fingerprint, anomaly: a });
  }

  function updateImpact(inc: Active, atMillis: number, graph: ServiceGraph | undefined): void {
    const s = states.get(inc.id) as IncidentState;
    const impact = assessImpact(s.anomalies, o, graph);
    if (impact.severity !== s.severity || impact.priority !== s.priority || impact.services !== s.services) {
      emit({ kind: 'severity-changed', incidentId: inc.id, atMillis, ...impact });
    }
  }

  /** Resolves incidents quiet by `t` (in resolution order) and drops pending groups expired before `t`. */
  function settle(t: number): void {
    const due = [...active.values()].filter((inc) => inc.lastMillis + o.quietMillis <= t);
    due.sort((a, b) => a.lastMillis - b.lastMillis || a.seq - b.seq);
    for (const inc of due) {
      const at = inc.lastMillis + o.quietMillis;
      emit({ kind: 'resolved', incidentId: inc.id, atMillis: at, reason: 'quiet' });
      active.delete(inc.id);
      resolved.push({ id: inc.id, resolvedAtMillis: at, entities: new Set(inc.entities) });
    }
    pending = pending.filter((p) => p.lastMillis + o.pendingTtlMillis >= t);
    resolved = resolved.filter((r) => r.resolvedAtMillis + o.reopenWindowMillis >= t);
  }

  function open(anomalies: Anomaly[], previous: Resolved | undefined, atMillis: number, graph: ServiceGraph | undefined): void {
    seq += 1;
    const inc: Active = { id: `${o.idPrefix}${seq}`, seq, fingerprints: new Set(), entities: new Set(), firstMillis: atMillis, lastMillis: atMillis };
    emit({ kind: 'opened', incidentId: inc.id, atMillis, ...(previous ? { reopenOf: previous.id } : {}) });
    if (previous) {
      emit({ kind: 'reopened-as', incidentId: previous.id, atMillis, newIncidentId: inc.id });
      resolved = resolved.filter((r) => r !== previous);
    }
    active.set(inc.id, inc);
    for (const a of anomalies) attach(inc, a);
    updateImpact(inc, atMillis, graph);
  }

  function take(a: Anomaly): void {
    settle(a.onsetMillis);
    if (flaps.observe(a)) return;
    const fingerprint = anomalyFingerprint(a);
    const repeatOf = [...active.values(), ...pending].find((g) => g.fingerprints.has(fingerprint));
    if (repeatOf) {
      repeatOf.lastMillis = Math.max(repeatOf.lastMillis, a.onsetMillis);
      return;
    }
    const graph = graphAt(a.onsetMillis);
    // A shared pod, host or node explains resource symptoms (a noisy neighbour, a full disk), not an application's errors or latency.
    const viaInfrastructure = RESOURCE_INDICATORS.has(a.indicator);
    const related = relatedTo(a.entity, graph, viaInfrastructure);
    const incidents = [...active.values()].filter((g) => close(g, a.onsetMillis) && related(g.entities)).sort((x, y) => x.seq - y.seq);
    const groups = pending.filter((g) => close(g, a.onsetMillis) && related(g.anomalies.map((x) => x.entity)));
    pending = pending.filter((g) => !groups.includes(g));
    const waiting = groups.flatMap((g) => g.anomalies);

    const symptomOnly = !incidents.some((g) => dependsOn(g.entities, a.entity, graph, viaInfrastructure));
    const [target, ...others] = symptomOnly ? nearestFirst(incidents, a.entity, graph) : incidents;
    if (target) {
      for (const other of symptomOnly ? [] : others) {
        emit({ kind: 'merged-into', incidentId: other.id, atMillis: a.onsetMillis, targetIncidentId: target.id });
        for (const f of other.fingerprints) target.fingerprints.add(f);
        for (const e of other.entities) target.entities.add(e);
        target.firstMillis = Math.min(target.firstMillis, other.firstMillis);
        target.lastMillis = Math.max(target.lastMillis, other.lastMillis);
        active.delete(other.id);
      }
      for (const w of [...waiting, a].sort(byOnset)) attach(target, w);
      updateImpact(target, a.onsetMillis, graph);
      return;
    }

    const candidates = [...waiting, a].sort(byOnset);
    const previous = resolved
      .filter((r) => a.onsetMillis <= r.resolvedAtMillis + o.reopenWindowMillis && related(r.entities))
      .sort((x, y) => y.resolvedAtMillis - x.resolvedAtMillis)[0];
    if (previous || isEnoughToOpen(candidates.filter(isEvidence), o)) {
      open(candidates, previous, a.onsetMillis, graph);
      return;
    }
    const group: Pending = { anomalies: candidates, fingerprints: new Set(), entities: new Set(), firstMillis: a.onsetMillis, lastMillis: a.onsetMillis };
    for (const c of candidates) absorb(group, anomalyFingerprint(c), c);
    pending.push(group);
  }

  function drain(): IncidentEvent[] {
    const events = out;
    out = [];
    return events;
  }

  return {
    ingest(anomalies, watermarkMillis) {
      load.observe(anomalies);
      for (const a of [...anomalies].sort(byOnset)) take(a);
      watermark = Math.max(watermark, watermarkMillis);
      settle(watermark);
      return drain();
    },
    advance(watermarkMillis) {
      watermark = Math.max(watermark, watermarkMillis);
      settle(watermark);
      return drain();
    },
    incidents: () => new Map(states),
    pending: () => pending.map((p) => [...p.anomalies]),
  };
}
