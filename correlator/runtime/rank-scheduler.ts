/**
 * Decides when an incident's causes are ranked again, and asks the injected
 * `CauseRanker`. An incident is ranked when it opens, then, while it grows
 * (anomalies attached, incidents merged into it), at most once per
 * `intervalMillis` of event time, and once more in the first window in
 * which it did not grow: a burst of anomalies costs a few rankings, not one
 * per anomaly, and the last ranking sees the whole burst. It is ranked again
 * when the dependency graph comes to know one of its entities that it did
 * not know at the last ranking: sampled traces can show a service's first
 * calls only once a fault slows them (kept as slow traces), and until then
 * the ranking had no calls of its to follow. For `refreshMillis` after it
 * opened, an incident that stopped growing is also ranked again once per
 * `intervalMillis`: the traces and logs of a fault keep arriving after the
 * anomalies that opened its incident (a slow callee called a few times a
 * minute), and a ranking made in the first seconds would otherwise stand.
 * Every time here is a window end, so live and replayed runs rank at the
 * same moments.
 *
 * A failed ranking leaves the incident due; the next window tries again.
 */
import type { CausewayError } from '../../core/errors.ts';
import type { CauseRanker, RankedCause } from '../incidents/causes.ts';
import type { CausesRanked, IncidentEvent, IncidentState } from '../incidents/incident-events.ts';
import type { SignalFrame } from '../signals/signal-frame.ts';
import type { SignalQueryStore } from '../signals/signal-range.ts';
import type { ServiceGraph } from '../topology/service-graph.ts';

export interface RankRound {
  readonly windowEndMillis: number;
  /** The events of the window just closed. */
  readonly events: readonly IncidentEvent[];
  /** Current state of the incidents (the grouper's); asked only when some incident grew or waits. */
  readonly incidents: () => ReadonlyMap<string, IncidentState>;
  /** Built only when some incident is due. */
  readonly frame: () => SignalFrame;
  readonly graph: ServiceGraph | undefined;
  readonly store: SignalQueryStore;
}

export interface RankScheduler {
  /** The causes-ranked events of this window, in incident opening order, and the first failure if any. */
  rank(round: RankRound): Promise<{ events: CausesRanked[]; error?: CausewayError }>;
  /** The newest ranking of an incident; empty before the first. */
  causesOf(incidentId: string): readonly RankedCause[];
}

/** One per open incident that was ever due; dropped once the incident is no longer open. */
interface RankRecord {
  lastRankedMillis?: number;
  lastGrowthMillis: number;
  /** Grew since its last ranking. */
  pending: boolean;
  /** Entities of the incident the graph did not know at its last ranking. */
  unknownToGraph: readonly string[];
}

export function createRankScheduler(ranker: CauseRanker | undefined, intervalMillis: number, refreshMillis = 0): RankScheduler {
  const records = new Map<string, RankRecord>();
  const causes = new Map<string, readonly RankedCause[]>();

  function grew(id: string, at: number): void {
    const r = records.get(id);
    if (r) {
      r.lastGrowthMillis = at;
      r.pending = true;
    } else records.set(id, { lastGrowthMillis: at, pending: true, unknownToGraph: [] });
  }

  /** Entities of the other open incidents, founders and symptoms alike, that are not entities of `state` (RankingContext.otherStories). */
  const otherStories = (state: IncidentState, incidents: ReadonlyMap<string, IncidentState>): Set<string> => {
    const own = new Set(state.entities);
    const others = new Set<string>();
    for (const other of incidents.values()) {
      if (other.id === state.id || other.status !== 'open') continue;
      for (const entity of other.entities) if (!own.has(entity)) others.add(entity);
    }
    return others;
  };

  return {
    causesOf: (id) => causes.get(id) ?? [],
    async rank(round) {
      if (!ranker) return { events: [] };
      const at = round.windowEndMillis;
      for (const e of round.events) {
        if (e.kind === 'opened' || e.kind === 'anomaly-attached') grew(e.incidentId, at);
        else if (e.kind === 'merged-into') grew(e.targetIncidentId, at);
      }
      const ready: IncidentState[] = [];
      const incidents = records.size > 0 ? round.incidents() : new Map<string, IncidentState>();
      for (const [id, r] of records) {
        const state = incidents.get(id);
        if (!state || state.status !== 'open') {
          records.delete(id);
          continue;
        }
        const refresh = r.lastRankedMillis !== undefined && at - r.lastRankedMillis >= intervalMillis && at - state.openedAtMillis <= refreshMillis;
        if (!r.pending && !refresh && !r.unknownToGraph.some((e) => round.graph?.hasNode(e))) continue;
        const throttled = r.lastRankedMillis !== undefined && at - r.lastRankedMillis < intervalMillis;
        if (!throttled || r.lastGrowthMillis < at) ready.push(state);
      }
      ready.sort((a, b) => a.openedAtMillis - b.openedAtMillis || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

      const events: CausesRanked[] = [];
      let error: CausewayError | undefined;
      let frame: SignalFrame | undefined;
      for (const state of ready) {
        frame ??= round.frame();
        const incident = { ...state, causes: causes.get(state.id) ?? [] };
        const ranking = await ranker.rank({ incident, frame, graph: round.graph, store: round.store, atMillis: at, otherStories: otherStories(state, incidents) });
        if (!ranking.ok) {
          error ??= { ...ranking.error, message: `ranking ${state.id}: ${ranking.error.message}` };
          continue;
        }
        causes.set(state.id, ranking.value);
        const r = records.get(state.id)!;
        r.lastRankedMillis = at;
        r.pending = false;
        r.unknownToGraph = state.entities.filter((e) => !round.graph?.hasNode(e));
        events.push({ kind: 'causes-ranked', incidentId: state.id, atMillis: at, causes: ranking.value });
      }
      return error ? { events, error } : { events };
    },
  };
}
