/**
 * Call path: a service whose code now takes another path, seen in whom it
 * calls each time one of its operations runs (read-call-counts.ts). A fault
 * need not make anything slower or fail: a new version that queries its
 * database once per item instead of once per order (an N+1 query), a cache
 * that stopped answering so every request goes to the backend, a feature
 * flag that routes requests to another service, a handler that returns
 * before its calls. Its latency and errors may barely move; how many calls
 * an operation makes per run to each peer does.
 *
 * Per candidate service, operation and peer, the calls per run of the
 * incident period are compared with the baseline's. Per operation, so that
 * a change in what the service was asked for (more checkouts, fewer
 * searches, a front end's users moving through their sessions) is not
 * taken for a change in how it serves each request. A zero count is taken
 * as half a call, so a peer the baseline never called, or the incident
 * never calls, has a finite rate. A change is reported when both
 * - the rate moved by at least `minFold` either way (a new or vanished
 *   peer included), scoring 1 at `fullScoreFold` (on a log scale), and
 * - the incident's call count is at least `minZ` Poisson standard
 *   deviations from what the baseline rate predicts for the incident's
 *   runs, scoring 1 at `fullScoreZ`, so that four calls of a rare path do
 *   not count as much as four hundred;
 * the change scores the smaller of the two. A service's score is its most
 * changed operation and peer's; the indicator is `code`.
 *
 * What is not a path change:
 * - an operation with fewer than `minRuns` runs in either period: too few
 *   to tell a rate (sampled traces are sparse: the scorer then says nothing
 *   rather than guess), and an operation that only runs in one period is a
 *   change in what was asked, not in how;
 * - a service reacting to failures: when its calls to some peer failed
 *   more often (their failed share up by `reactionFailedShare`, with at
 *   least `reactionMinFailedCalls` failed calls), it may retry them or give up the rest of the
 *   request, and its change counts `reactionFactor` of its score, blaming
 *   `errors` rather than `code`: the failing peer is where that started.
 */
import { type Result, fail, ok } from '../../core/result.ts';
import { groupInOrder } from '../../core/index.ts';
import { type OperationCalls, type PeerCalls, type PeriodCalls, readCallCounts } from '../evidence/read-call-counts.ts';
import { evidencePeriods } from '../evidence/periods.ts';
import { formatNumber } from '../evidence/format.ts';
import type { EntityScore, Scorer, ScorerInput } from '../scorer.ts';
import { clamp01 } from '../stats.ts';

export interface CallPathOptions {
  /** Runs an operation needs in each period to be judged. */
  readonly minRuns: number;
  /** Change of calls per run (either way) from which a peer's calls count. */
  readonly minFold: number;
  /** Change of calls per run that scores 1. */
  readonly fullScoreFold: number;
  /** Poisson z of the incident's call count against the baseline rate from which a change counts. */
  readonly minZ: number;
  /** z that scores 1. */
  readonly fullScoreZ: number;
  /** Rise of the failed share of a service's calls to a peer from which its path change may be a reaction. */
  readonly reactionFailedShare: number;
  /** Failed calls to that peer since the onset a reaction needs. */
  readonly reactionMinFailedCalls: number;
  /** Share of its score a reacting service keeps. */
  readonly reactionFactor: number;
  /** The incident period is cut this long after the onset (periods.ts). */
  readonly maxIncidentMillis: number;
}

export const CALL_PATH_DEFAULTS: CallPathOptions = Object.freeze({
  minRuns: 20,
  minFold: 2,
  fullScoreFold: 8,
  minZ: 3,
  fullScoreZ: 10,
  reactionFailedShare: 0.1,
  reactionMinFailedCalls: 3,
  reactionFactor: 0.5,
  maxIncidentMillis: 15 * 60_000,
});

function checkOptions(o: CallPathOptions): void {
  for (const key of ['minRuns', 'reactionMinFailedCalls'] as const) {
    if (!Number.isInteger(o[key]) || o[key] < 1) throw new RangeError(`call path: ${key} must be a positive integer, got ${o[key]}`);
  }
  if (!(o.minFold > 1) || !(o.fullScoreFold > o.minFold)) throw new RangeError(`call path: need 1 < minFold < fullScoreFold, got ${o.minFold} and ${o.fullScoreFold}`);
  if (!(o.minZ >= 0) || !(o.fullScoreZ > o.minZ)) throw new RangeError(`call path: need 0 <= minZ < fullScoreZ, got ${o.minZ} and ${o.fullScoreZ}`);
  if (!(o.maxIncidentMillis > 0)) throw new RangeError(`call path: maxIncidentMillis must be > 0, got ${o.maxIncidentMillis}`);
  for (const key of ['reactionFailedShare', 'reactionFactor'] as const) {
    if (!(o[key] >= 0 && o[key] <= 1)) throw new RangeError(`call path: ${key} must be in [0, 1], got ${o[key]}`);
  }
}

/** `1 call`, `0.5 calls`, `6 calls`. */
function calls(perRun: number): string {
  const n = formatNumber(perRun);
  return `${n} ${n === '1' ? 'call' : 'calls'}`;
}

interface PathChange {
  readonly peer: string;
  readonly score: number;
  readonly explanation: string;
}

function judgePeer(op: OperationCalls, baseline: PeriodCalls, incident: PeriodCalls, peer: string, o: CallPathOptions): PathChange | undefined {
  const callsBefore = baseline.byPeer.get(peer)?.calls ?? 0;
  const callsSince = incident.byPeer.get(peer)?.calls ?? 0;
  const rateBefore = Math.max(callsBefore, 0.5) / baseline.runs;
  const rateSince = Math.max(callsSince, 0.5) / incident.runs;
  const fold = Math.max(rateSince / rateBefore, rateBefore / rateSince);
  const expected = rateBefore * incident.runs;
  const z = Math.abs(callsSince - expected) / Math.sqrt(Math.max(expected, 1));
  if (fold < o.minFold || z < o.minZ) return undefined;
  const score = Math.min(clamp01(Math.log(fold) / Math.log(o.fullScoreFold)), clamp01(z / o.fullScoreZ));
  const before = callsBefore / baseline.runs;
  const since = callsSince / incident.runs;
  const who = `${op.service} "${op.operation}"`;
  let explanation: string;
  if (callsBefore === 0) explanation = `${who} started calling ${peer}: ${calls(since)} per run since the onset, none before`;
  else if (callsSince === 0) explanation = `${who} stopped calling ${peer}: none since the onset, ${calls(before)} per run before`;
  else explanation = `${who} makes ${calls(since)} to ${peer} per run since the onset, against ${formatNumber(before)} before (${formatNumber(fold)}x ${since > before ? 'more' : 'fewer'})`;
  return { peer, score, explanation };
}

function judgeOperation(op: OperationCalls, o: CallPathOptions): (PathChange & { readonly op: OperationCalls }) | undefined {
  const { baseline, incident } = op;
  if (!baseline || !incident || baseline.runs < o.minRuns || incident.runs < o.minRuns) return undefined;
  const peers = [...new Set([...baseline.byPeer.keys(), ...incident.byPeer.keys()])].sort();
  let best: PathChange | undefined;
  for (const peer of peers) {
    const change = judgePeer(op, baseline, incident, peer, o);
    if (change && (!best || change.score > best.score)) best = change;
  }
  return best && { ...best, op };
}

/** A peer whose calls from the service (any operation) failed more often since the onset, if any (the first by name). */
function failingPeer(ops: readonly OperationCalls[], o: CallPathOptions): string | undefined {
  const sum = (period: 'baseline' | 'incident') => {
    const out = new Map<string, PeerCalls>();
    for (const op of ops) {
      for (const [peer, c] of op[period]?.byPeer ?? []) {
        const known = out.get(peer) ?? { calls: 0, failed: 0 };
        out.set(peer, { calls: known.calls + c.calls, failed: known.failed + c.failed });
      }
    }
    return out;
  };
  const before = sum('baseline');
  const since = sum('incident');
  const share = (c: PeerCalls | undefined) => (c ? c.failed / Math.max(1, c.calls) : 0);
  return [...since.keys()].sort().find((peer) => since.get(peer)!.failed >= o.reactionMinFailedCalls && share(since.get(peer)) - share(before.get(peer)) >= o.reactionFailedShare);
}

function judgeService(service: string, ops: readonly OperationCalls[], o: CallPathOptions): EntityScore | undefined {
  let best: (PathChange & { readonly op: OperationCalls }) | undefined;
  for (const op of ops) {
    const change = judgeOperation(op, o);
    if (change && (!best || change.score > best.score)) best = change;
  }
  if (!best) return undefined;
  const failing = failingPeer(ops, o);
  const score = failing === undefined ? best.score : best.score * o.reactionFactor;
  const reaction = failing === undefined ? '' : ` (its calls to ${failing} failed more often since the onset: it may be reacting to them)`;
  const traceIds = best.op.traceIdsByPeer.get(best.peer) ?? [];
  // Reacting, the service's own code is not what changed: its calls failed.
  return { entity: service, indicator: failing === undefined ? 'code' : 'errors', score, explanation: `${best.explanation}${reaction}`, evidence: traceIds.length > 0 ? { traceIds } : {} };
}

export function createCallPathScorer(options: Partial<CallPathOptions> = {}): Scorer {
  const o: CallPathOptions = { ...CALL_PATH_DEFAULTS, ...options };
  checkOptions(o);
  return {
    name: 'call-path',
    async score(input: ScorerInput): Promise<Result<EntityScore[]>> {
      const periods = evidencePeriods(input, o.maxIncidentMillis);
      if (!periods || input.candidates.length === 0) return ok([]);
      const counts = await readCallCounts(input.context.store, periods, input.candidates);
      if (!counts.ok) return fail(counts.error);
      const byService = groupInOrder(counts.value, (op) => op.service);
      const scores = [...byService].map(([service, ops]) => judgeService(service, ops, o)).filter((s): s is EntityScore => s !== undefined);
      return ok(scores.sort((a, b) => b.score - a.score || (a.entity < b.entity ? -1 : a.entity > b.entity ? 1 : 0)));
    },
  };
}
