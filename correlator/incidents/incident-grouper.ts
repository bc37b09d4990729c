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
 * 4. it is related to an incident or pending group close in time to the
 *    group's span by its story (story-relation.ts): a member of it (its
 *    entity founded the group), the cause of it (a callee of one of the
 *    group's roots within `hops`, or, for resource anomalies, the root's
 *    pod, host or node or a service on it), or a symptom of it (a caller
 *    of one of its entities; never a rise in the entity's own CPU, memory
 *    or disk, or in its network interface's errors or drops). A sibling
 *    of a group's root (another callee of a common caller) is not
 *    related: that is how two independent faults under one front end
 *    stay apart. A waiting group of load alone
 *    (load-change.ts) is at most something a finding is a symptom of: load
 *    founds no story; nor does a drop in the requests reaching an entity,
 *    which points to its callers (`fewerRequests`);
 * 5. it joins the incidents and pending groups it is a member or the cause
 *    of. Being the cause of several incidents ties their stories together:
 *    they merge into the one opened first (merged-into), when the anomaly is
 *    evidence a founding detector found (a change-point level shift, a load
 *    change or a borderline anomaly joins the first and merges none, as it
 *    could not have opened an incident either). Failing those, a
 *    symptom joins the nearest incident it is a symptom of, and nothing
 *    merges. Pending groups it is only a symptom of get it as shared
 *    evidence, so a weak fault's own anomalies plus the symptoms it shares
 *    with another fault open an incident of its own instead of being
 *    swallowed by the other;
 * 6. otherwise, with the pending groups it belongs to, it opens an incident
 *    when there is enough evidence (opening-evidence.ts: minAnomalies
 *    distinct entity + indicator findings, or one critical anomaly that
 *    stands alone; neither counting load changes (load-change.ts) nor
 *    anomalies scoring below minEvidenceScore; shared symptoms count, but
 *    one of the group's own findings must be of a founding detector), or
 *    when a related incident resolved within reopenWindowMillis and one of
 *    the group's own findings is of a founding detector (the new incident is
 *    linked to it: a resolved incident never takes anomalies);
 *    else it waits as a pending group, which expires after pendingTtlMillis.
 *
 * Incidents already open do not merge because the graph alone changed; only
 * a bridging anomaly merges them.
 */
import type { Anomaly } from '../detect/anomaly.ts';
import { isInterfaceTrouble } from '../detect/floors.ts';
import { type Indicator, RESOURCE_INDICATORS } from '../signals/signal-frame.ts';
import type { ServiceGraph } from '../topology/service-graph.ts';
import { createFlapTracker } from './flapping.ts';
import { type IncidentGrouperOptions, resolveGrouperOptions } from './grouper-options.ts';
import { assessImpact } from './impact.ts';
import { createLoadChangeTracker } from './load-change.ts';
import { isEnoughToOpen, isFounding } from './opening-evidence.ts';
import { type Story, type StoryRelation, storyRelation } from './story-relation.ts';
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
  /** Entities of the group's evidence (see absorb). */
  readonly entities: Set<string>;
  /** Those of `entities` that founded the group or joined as part of its story, not only as symptoms (story-relation.ts). */
  readonly founders: Set<string>;
  firstMillis: number;
  lastMillis: number;
}
interface Active extends Group {
  readonly id: string;
  readonly seq: number;
}
interface Pending extends Group {
  readonly anomalies: Anomaly[];
  /** Those of `anomalies` the group only shares as symptoms with other stories. */
  readonly shared: Set<Anomaly>;
}
interface Resolved {
  readonly id: string;
  readonly resolvedAtMillis: number;
  readonly entities: ReadonlySet<string>;
}

/**
 * Resources whose rise is an entity's own doing, never a symptom of a fault
 * elsewhere (story-relation.ts); so are errors and drops at its own network
 * interface (isInterfaceTrouble).
 */
const OWN_RESOURCE_INDICATORS: ReadonlySet<Indicator> = new Set<Indicator>(['cpu', 'mem', 'disk']);

/**
 * Fewer requests reaching an entity: its callers failed or gave up before
 * calling it, so the drop points upstream, to them. Such an anomaly is
 * evidence that something is wrong, but its entity is where the story's
 * symptoms end, not where they start: it joins as a symptom and founds
 * nothing (a founder may be a story's root, story-relation.ts). Measured:
 * a product catalogue receiving fewer calls while the currency service its
 * front end calls first was down became the root of the front end's story,
 * so the currency service, a sibling of that root, opened an incident of
 * its own, raised after it.
 */
const fewerRequests = (a: Anomaly) => a.indicator === 'traffic' && a.direction === 'down';

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
  /** The watermark of the ingest call taking anomalies now: when an incident opened by them is known (IncidentOpened.detectedAtMillis). */
  let detectingAtMillis = Number.NEGATIVE_INFINITY;
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
          founders: new Set(state.anomalies.filter((a) => isEvidence(a) && state.founders.includes(a.entity)).map((a) => a.entity)),
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

  /** Incidents by graph distance to `entity` (nearest first), then by opening order. */
  function nearestFirst(incidents: Active[], entity: string, graph: ServiceGraph | undefined): Active[] {
    const near = graph?.neighbours(entity, o.hops) ?? new Map<string, number>();
    const distance = (g: Active) => (g.entities.has(entity) ? 0 : Math.min(Number.POSITIVE_INFINITY, ...[...g.entities].map((e) => near.get(e) ?? Number.POSITIVE_INFINITY)));
    return [...incidents].sort((x, y) => distance(x) - distance(y) || x.seq - y.seq);
  }

  const close = (g: Group, t: number) => t >= g.firstMillis - o.groupWindowMillis && t <= g.lastMillis + o.groupWindowMillis;

  /** Evidence that may found an incident (not only corroborate one; opening-evidence.ts): what may also bridge two incidents into one. */
  function mayFound(a: Anomaly): boolean {
    return isEvidence(a) && isFounding(a, o);
  }

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
  function absorb(g: Group, fingerprint: string, a: Anomaly, asSymptom = false): void {
    g.fingerprints.add(fingerprint);
    if (isEvidence(a)) g.entities.add(a.entity);
    if (isEvidence(a) && !asSymptom && !fewerRequests(a)) g.founders.add(a.entity);
    g.firstMillis = Math.min(g.firstMillis, a.onsetMillis);
    g.lastMillis = Math.max(g.lastMillis, a.onsetMillis);
  }

  function attach(inc: Active, a: Anomaly, asSymptom = false): void {
    const fingerprint = anomalyFingerprint(a);
    const symptom = asSymptom || fewerRequests(a);
    absorb(inc, fingerprint, a, symptom);
    emit({ kind: 'anomaly-attached', incidentId: inc.id, atMillis: a.onsetMillis, fingerprint, anomaly: a, ...(symptom ? { asSymptom: true } : {}) });
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

  function open(anomalies: Anomaly[], shared: ReadonlySet<Anomaly>, previous: Resolved | undefined, triggerMillis: number, graph: ServiceGraph | undefined): void {
    // A reopening needs no evidence of its own: the resolved incident is its evidence.
    const atMillis = previous ? triggerMillis : Math.max(triggerMillis, enoughSinceMillis(anomalies, shared));
    seq += 1;
    const inc: Active = { id: `${o.idPrefix}${seq}`, seq, fingerprints: new Set(), entities: new Set(), founders: new Set(), firstMillis: atMillis, lastMillis: atMillis };
    emit({ kind: 'opened', incidentId: inc.id, atMillis, detectedAtMillis: Math.max(atMillis, detectingAtMillis), ...(previous ? { reopenOf: previous.id } : {}) });
    if (previous) {
      emit({ kind: 'reopened-as', incidentId: previous.id, atMillis, newIncidentId: inc.id });
      resolved = resolved.filter((r) => r !== previous);
    }
    active.set(inc.id, inc);
    for (const a of anomalies) attach(inc, a, shared.has(a));
    updateImpact(inc, atMillis, graph);
  }

  /**
   * Whether a pending group may open: enough evidence (opening-evidence.ts),
   * of which the group's own anomalies (not symptoms it only shares with
   * other stories) hold a finding of a detector that may found an incident.
   * A shared symptom adds weight to a story but does not found one.
   */
  function mayOpen(g: Pending): boolean {
    const evidence = g.anomalies.filter(isEvidence);
    const own = evidence.filter((x) => !g.shared.has(x));
    return isEnoughToOpen(evidence, o) && own.some(mayFound);
  }

  /**
   * The earliest onset by which a group's anomalies were enough to open it
   * (mayOpen over those with that onset or earlier): when the incident's
   * evidence starts. That is usually the onset of the anomaly that completed
   * it, but a detector reporting late dates its finding back to where the
   * run began (CUSUM: the start of the level shift), and such a finding,
   * completing a group whose founding evidence came later, would otherwise
   * date the incident before anything that founds it. Measured: a weak
   * memory drift of a callee, reported 4 min late with an onset 110 s before
   * the first finding of its caller's memory leak, completed the leak's
   * group and dated the leak's incident 80 s before the leak began. open()
   * still takes the triggering onset when it is later: before it the group
   * was not enough.
   */
  function enoughSinceMillis(anomalies: readonly Anomaly[], shared: ReadonlySet<Anomaly>): number {
    const onsets = [...new Set(anomalies.map((a) => a.onsetMillis))].sort((x, y) => x - y);
    for (const t of onsets) {
      const seen = anomalies.filter((a) => a.onsetMillis <= t);
      if (mayOpen(newPending(seen, seen.filter((a) => shared.has(a))))) return t;
    }
    return Number.NEGATIVE_INFINITY;
  }

  function newPending(anomalies: readonly Anomaly[], shared: Iterable<Anomaly> = []): Pending {
    const group: Pending = { anomalies: [...anomalies].sort(byOnset), shared: new Set(shared), fingerprints: new Set(), entities: new Set(), founders: new Set(), firstMillis: Number.POSITIVE_INFINITY, lastMillis: Number.NEGATIVE_INFINITY };
    for (const c of group.anomalies) absorb(group, anomalyFingerprint(c), c, group.shared.has(c));
    return group;
  }

  /** Resolved incidents `a` may reopen: related to it, resolved within the reopen window; the latest first. */
  function reopenable(a: Anomaly, relationTo: (story: Story) => StoryRelation | undefined): Resolved | undefined {
    return resolved
      .filter((r) => a.onsetMillis <= r.resolvedAtMillis + o.reopenWindowMillis && relationTo({ entities: r.entities, founders: r.entities }) !== undefined)
      .sort((x, y) => y.resolvedAtMillis - x.resolvedAtMillis)[0];
  }

  function mergeInto(target: Active, other: Active, atMillis: number): void {
    emit({ kind: 'merged-into', incidentId: other.id, atMillis, targetIncidentId: target.id });
    for (const f of other.fingerprints) target.fingerprints.add(f);
    for (const e of other.entities) target.entities.add(e);
    for (const e of other.founders) target.founders.add(e);
    target.firstMillis = Math.min(target.firstMillis, other.firstMillis);
    target.lastMillis = Math.max(target.lastMillis, other.lastMillis);
    active.delete(other.id);
  }

  /** A pending group's founders; while it has no evidence of its own, the entities of all its own anomalies. */
  function foundersOf(g: Pending): Iterable<string> {
    return g.founders.size > 0 ? g.founders : g.anomalies.filter((x) => !g.shared.has(x)).map((x) => x.entity);
  }

  /** A pending group whose own anomalies are all load (load-change.ts): a burst of traffic or throughput, no story yet. */
  function onlyLoad(g: Pending): boolean {
    return g.anomalies.every((x) => g.shared.has(x) || load.isLoad(x));
  }

  /** The earlier report of `a` (same fingerprint and onset) among `anomalies`, if its score was lower. */
  function weakerReportOf(anomalies: readonly Anomaly[], a: Anomaly, fingerprint: string): Anomaly | undefined {
    const earlier = anomalies.find((x) => x.onsetMillis === a.onsetMillis && anomalyFingerprint(x) === fingerprint);
    return earlier && a.score > earlier.score ? earlier : undefined;
  }

  /** Opens a waiting group as an incident of its own. */
  function openPending(g: Pending, atMillis: number, graph: ServiceGraph | undefined): void {
    pending = pending.filter((p) => p !== g);
    open(g.anomalies.sort(byOnset), g.shared, undefined, atMillis, graph);
  }

  /**
   * A waiting group's anomaly reported again with a higher score (a run that
   * grew, reported again once critical: correlator/runtime/reported-anomalies.ts)
   * takes the earlier report's place, and the group opens if that is now
   * enough evidence.
   */
  function strengthen(g: Pending, a: Anomaly, fingerprint: string): void {
    const earlier = weakerReportOf(g.anomalies, a, fingerprint);
    if (!earlier) return;
    g.anomalies[g.anomalies.indexOf(earlier)] = a;
    const asSymptom = g.shared.delete(earlier);
    if (asSymptom) g.shared.add(a);
    absorb(g, fingerprint, a, asSymptom);
    if (mayOpen(g)) openPending(g, a.onsetMillis, graphAt(a.onsetMillis));
  }

  /**
   * The same for an open incident: the stronger report is attached again
   * (incident-events.ts: it takes the earlier one's place), and the
   * incident's severity and priority follow it (a run that turned critical
   * can make the incident P1).
   */
  function strengthenOpen(inc: Active, a: Anomaly, fingerprint: string, graph: ServiceGraph | undefined): void {
    const state = states.get(inc.id) as IncidentState;
    if (!weakerReportOf(state.anomalies, a, fingerprint)) return;
    attach(inc, a, !state.founders.includes(a.entity));
    updateImpact(inc, a.onsetMillis, graph);
  }

  /** Places one anomaly by its story: steps 1-6 of the header. */
  function take(a: Anomaly): void {
    settle(a.onsetMillis);
    if (flaps.observe(a)) return;
    const fingerprint = anomalyFingerprint(a);
    const repeatOf = [...active.values(), ...pending].find((g) => g.fingerprints.has(fingerprint));
    if (repeatOf) {
      repeatOf.lastMillis = Math.max(repeatOf.lastMillis, a.onsetMillis);
      const waiting = pending.find((g) => g === repeatOf);
      if (waiting) strengthen(waiting, a, fingerprint);
      else strengthenOpen(repeatOf as Active, a, fingerprint, graphAt(a.onsetMillis));
      return;
    }
    const graph = graphAt(a.onsetMillis);
    const interfaceTrouble = a.direction === 'up' && isInterfaceTrouble({ indicator: a.indicator, name: a.signal });
    const related = {
      // A shared pod, host or node explains resource symptoms (a noisy neighbour, a full disk), not an application's errors or latency.
      viaInfrastructure: RESOURCE_INDICATORS.has(a.indicator),
      ownRise: interfaceTrouble || (a.direction === 'up' && OWN_RESOURCE_INDICATORS.has(a.indicator)),
      interfaceTrouble,
    };
    const relationTo = (story: Story) => storyRelation(a.entity, story, graph, o.hops, related);
    const incidents = [...active.values()]
      .filter((g) => close(g, a.onsetMillis))
      .map((g) => ({ g, relation: relationTo(g) }))
      .sort((x, y) => x.g.seq - y.g.seq);
    // A pending group relates through all of its anomalies; its founders are those of its own evidence (foundersOf).
    // Load never founds a story: to a finding, a waiting burst of load is at most something it shares. Taken as the finding's own, a
    // caller's latency with the fleet's throughput rises opened an incident beside the fault the caller suffered from (measured: a slow
    // database's front end, 10 s ahead of the database's own findings; the evaluation took that incident as the answer). Alone, the
    // finding still takes the burst with it (a sole waiting story is its own, below).
    const groups = pending
      .filter((g) => close(g, a.onsetMillis))
      .map((g) => {
        const relation = relationTo({ entities: g.anomalies.map((x) => x.entity), founders: foundersOf(g) });
        return { g, relation: isEvidence(a) && onlyLoad(g) && (relation === 'member' || relation === 'cause') ? ('symptom' as const) : relation };
      });
    const causeOf = incidents.filter((x) => x.relation === 'cause').map((x) => x.g);
    const memberOf = incidents.filter((x) => x.relation === 'member').map((x) => x.g);
    const symptomOf = incidents.filter((x) => x.relation === 'symptom').map((x) => x.g);
    const ownGroups = groups.filter((x) => x.relation === 'cause' || x.relation === 'member').map((x) => x.g);
    const sharingGroups = groups.filter((x) => x.relation === 'symptom').map((x) => x.g);

    // A cause of one incident that suffers from another (a callee of one's root, a caller of the other's entity) chains them into one story,
    // if it is a finding that could found one: a level shift only the change point saw, a load change or a borderline anomaly joins the
    // first incident it explains and merges none (measured: a network throughput shift 30 s before two faults glued their incidents).
    let target: Active | undefined;
    if (causeOf.length > 0) {
      const [first, ...others] = [...causeOf, ...memberOf, ...symptomOf].sort((x, y) => x.seq - y.seq) as [Active, ...Active[]];
      target = first;
      if (mayFound(a)) for (const other of others) mergeInto(target, other, a.onsetMillis);
    } else if (memberOf.length > 0) target = memberOf[0];
    else if (ownGroups.length === 0) target = nearestFirst(symptomOf, a.entity, graph)[0];

    // A symptom of exactly one waiting story and of nothing else is that story's own: it may open it.
    const solePending = !target && ownGroups.length === 0 && sharingGroups.length === 1;
    if (solePending) ownGroups.push(...sharingGroups.splice(0));
    pending = pending.filter((g) => !ownGroups.includes(g));

    const waiting = ownGroups.flatMap((g) => g.anomalies);
    const shared = new Set(ownGroups.flatMap((g) => [...g.shared]));
    // What it would open on its own, with the waiting groups of its story (unless it joins an incident).
    const group = newPending([...waiting, a], shared);
    let openedWithIt = false;
    // An entity the graph does not know is a symptom of every story (story-relation.ts): time alone relates it. When it opens a story of
    // its own, that is what it tells; shared into other stories too it would make them impure without evidence that they are related.
    const unknownOpensOwn = !target && graph !== undefined && !graph.hasNode(a.entity) && mayOpen(group);
    for (const g of unknownOpensOwn ? [] : sharingGroups) {
      g.anomalies.push(a);
      g.shared.add(a);
      absorb(g, fingerprint, a, true);
      if (!mayOpen(g)) continue;
      openPending(g, a.onsetMillis, graph);
      openedWithIt = true;
    }

    if (target) {
      const asSymptom = causeOf.length === 0 && memberOf.length === 0;
      for (const w of [...waiting, a].sort(byOnset)) attach(target, w, w === a ? asSymptom : shared.has(w));
      updateImpact(target, a.onsetMillis, graph);
      return;
    }
    // Already in an incident as a symptom it shares: it needs no group of its own.
    if (openedWithIt && ownGroups.length === 0) return;
    // A recurrence must be a finding that could found an incident: a change point's level shift, a load change or a borderline anomaly
    // alone reopened resolved incidents in fault-free hours (measured: 5 of 15 false incidents on six generated hour-long controls).
    const previous = group.anomalies.some((x) => !group.shared.has(x) && mayFound(x)) ? reopenable(a, relationTo) : undefined;
    if (previous || mayOpen(group)) {
      open(group.anomalies, group.shared, previous, a.onsetMillis, graph);
      return;
    }
    pending.push(group);
  }

  function drain(): IncidentEvent[] {
    const events = out;
    out = [];
    return events;
  }

  return {
    ingest(anomalies, watermarkMillis) {
      detectingAtMillis = Math.max(watermark, watermarkMillis);
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
