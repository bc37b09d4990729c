/**
 * The entities a ranking judges: everything around the incident that could
 * have started it.
 *
 * - the incident's own entities (distance 0);
 * - with a graph: their callees over `calls` edges up to `calleeHops` deep
 *   (a fault spreads from callee to caller, so the origin is usually
 *   downstream; databases and external peers are callees; only one hop
 *   below the entities the incident took only as symptoms, not in
 *   IncidentState.founders: deeper lies another fault's story), their direct
 *   callers (a caller's surge can overload a callee), and the hosts they
 *   run on (their pods are their instances, not candidates of their own:
 *   a pod's signals count as its service's);
 * - entities the graph cannot place (metrics-only data, a service without
 *   traces) that are anomalous in the frame around the onset: without edges,
 *   changing at the same time is the only link there is.
 *
 * Entities of another open incident (RankingContext.otherStories) are left
 * to it unless they are this incident's own: two faults at once each get
 * their own incident, and the later one's origin, near the first one's
 * services, would otherwise top both rankings; a service the other
 * incident holds as a symptom (slowed by its own database's fault) is
 * explained there, not here. The ranker offers them after all when this
 * incident finds no cause of its own (scorer-input.ts, `ownCauseFrom`).
 *
 * At most `maxCandidates`, closest first; within a distance, stronger
 * change first (ties by name), so equal inputs give equal candidates.
 */
import type { NodeKind, RankingContext } from '../correlator/index.ts';
import { type EntityProfile, type ProfileOptions, PROFILE_DEFAULTS, frameProfiles, podsOf } from './entity-profile.ts';

export interface CandidateOptions {
  readonly calleeHops: number;
  readonly callerHops: number;
  readonly maxCandidates: number;
}

export const CANDIDATE_DEFAULTS: CandidateOptions = Object.freeze({ calleeHops: 3, callerHops: 1, maxCandidates: 80 });

export type CandidateReason = 'incident' | 'callee' | 'caller' | 'infrastructure' | 'correlated';

export interface Candidate {
  readonly entity: string;
  readonly kind: NodeKind | 'unknown';
  readonly reason: CandidateReason;
  /** Edges from the nearest incident entity (0 for the incident's own; 1 for correlated entities the graph cannot place). */
  readonly hops: number;
  /** What its series did around the onset; undefined when the frame has nothing on it. */
  readonly profile: EntityProfile | undefined;
}

interface Timing {
  readonly onsetMillis: number;
  readonly baselineFromMillis: number;
}

export function selectCandidates(context: RankingContext, timing: Timing, options: CandidateOptions = CANDIDATE_DEFAULTS, profileOptions: ProfileOptions = PROFILE_DEFAULTS): Candidate[] {
  const { graph, incident } = context;
  const profiles = frameProfiles({ context, ...timing }, profileOptions).byEntity;
  const found = new Map<string, { reason: CandidateReason; hops: number }>();
  const offer = (entity: string, reason: CandidateReason, hops: number) => {
    if (reason !== 'incident' && context.otherStories?.has(entity)) return;
    const known = found.get(entity);
    if (!known || hops < known.hops) found.set(entity, { reason, hops });
  };

  for (const entity of incident.entities) offer(entity, 'incident', 0);
  if (graph) {
    // Deep below a symptom the incident may share with another fault lies that fault's story: only its direct callees are this one's.
    const storied = new Set(incident.founders.length > 0 ? incident.founders : incident.entities);
    for (const entity of incident.entities) {
      if (!graph.hasNode(entity)) continue;
      for (const [id, d] of graph.callsWithin(entity, storied.has(entity) ? options.calleeHops : Math.min(1, options.calleeHops), 'down')) offer(id, 'callee', d);
      for (const [id, d] of graph.callsWithin(entity, options.callerHops, 'up')) offer(id, 'caller', d);
      for (const id of graph.infrastructureOf(entity)) offer(id, 'infrastructure', 1);
    }
  }
  for (const [entity, profile] of profiles) {
    const placed = graph?.hasNode(entity) === true && graph.callers(entity).length + graph.callees(entity).length > 0;
    if (!placed && profile.anomalous) offer(entity, 'correlated', 1);
  }

  // A pod is its service's instance: its signals count for the service (entity-profile.ts, instanceDeviations), not against it.
  for (const entity of [...found.keys()]) for (const pod of podsOf(graph, entity)) found.delete(pod);

  const strength = (entity: string) => profiles.get(entity)?.deviations[0]?.peak ?? 0;
  return [...found.entries()]
    .map(([entity, { reason, hops }]): Candidate => ({ entity, kind: graph?.node(entity)?.kind ?? 'unknown', reason, hops, profile: profiles.get(entity) }))
    .sort((a, b) => a.hops - b.hops || strength(b.entity) - strength(a.entity) || (a.entity < b.entity ? -1 : a.entity > b.entity ? 1 : 0))
    .slice(0, Math.max(1, options.maxCandidates));
}
