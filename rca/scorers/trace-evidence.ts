/**
 * Trace evidence: where errors and slowness start, from the spans
 * themselves (exclusive errors and self time, read-operation-stats.ts).
 *
 * A request failing in a leaf service puts every span above it in error;
 * only the leaf's spans are in error with no child in error, so exclusive
 * errors point at the origin, not at the callers the error passed
 * through. Likewise a slow database makes every caller slower, but only
 * the database calls' own time (self time: duration less children) grows.
 *
 * Per operation of a candidate the scorer compares the incident period with
 * the baseline:
 * - `errors`: how far the exclusive error share grew, scoring 1 from
 *   `fullScoreErrorShareIncrease` up. The incident share is taken at the
 *   lower end of its Wilson interval (`confidenceZ`), so 2 failures in 3
 *   spans count for less than 20 in 30, and background errors that merely
 *   fluctuate do not count at all;
 * - `latency`: growth of the self time three spans in four stay under (the
 *   75th percentile: one slow span among five moves a mean, not this;
 *   a slowdown of every other call still shows), as `1 - 1/ratio` (2x: 0.5,
 *   10x: 0.9), scaled down while the growth in milliseconds is below
 *   `fullScoreSelfTimeIncreaseMillis` (a 0.2 ms span growing 5x is no
 *   incident) and ignored below `minSelfTimeIncreaseMillis`.
 * Errors that are mostly timeouts (at least `timeoutShareForLatency` of the
 * exclusive errors timed out waiting for their answer) are named `latency`:
 * the call reached a callee that answered too late for the caller's
 * deadline. Unless the callee stopped serving: with its own spans down to
 * under `minServedShare` of their baseline rate, the calls found nobody to
 * answer (an outage behind a deadline shorter than the connect timeout),
 * and they stay `errors`. A callee without spans of its own (a database, an
 * external API) cannot tell, and its timeouts count as latency.
 * An entity's score for an indicator is its best operation's. No spans for
 * the candidates (metrics- or logs-only data) gives an empty list.
 *
 * Sparse traffic is the rule in real traces (sampling, quiet operations):
 * an operation needs `minErrorSpans` spans and `minExclusiveErrors`
 * exclusive errors in the incident period to be judged on errors, and
 * `minLatencySpans` spans in both periods to be judged on latency. Below
 * that one failed or slow request decides the share or the mean, and the
 * scorer would blame whatever happened to be called once. Errors need fewer
 * spans than latency because the interval already discounts small counts,
 * and because a few failures where there were none is news, while a mean of
 * a few durations is mostly noise. A baseline shorter than `minErrorSpans`
 * counts as that many spans with its errors as they are, pulling a share
 * measured on one or two spans towards zero; an operation the baseline
 * never ran (a fault that changes which code paths run) has a share of 0.
 *
 * Two readings of the calls between services fill in where single
 * operations are too sparse or mislead (sparseCallLatency, slowCallersOf):
 * - latency as callers see it: the calls to a quiet callee pooled over
 *   every caller and operation, judged on as few as `minPooledCallSpans`
 *   spans a period and scaled by how few they are and by how many of its
 *   callers saw the slowdown;
 * - a caller whose calls to several callees all slowed at once: the time
 *   goes in the caller (a delay on its own network), so it is blamed and
 *   those calls count as the caller's own slowdown (`callerSlowedFactor`).
 */
import { groupInOrder } from '../../core/index.ts';
import { type Result, fail, ok } from '../../core/result.ts';
import { type OperationStats, type PeriodStats, readOperationStats } from '../evidence/read-operation-stats.ts';
import { type EvidencePeriods, baselineMinutes, evidencePeriods, incidentMinutes } from '../evidence/periods.ts';
import { formatMillis, formatShare } from '../evidence/format.ts';
import type { EntityScore, Scorer, ScorerInput } from '../scorer.ts';
import { clamp01 } from '../stats.ts';

export interface TraceEvidenceOptions {
  /** Spans an operation needs in the incident period to be judged on errors. */
  readonly minErrorSpans: number;
  /** Exclusive errors an operation needs in the incident period. */
  readonly minExclusiveErrors: number;
  /** Spans an operation needs in each period to be judged on latency. */
  readonly minLatencySpans: number;
  /** Growth of the exclusive error share (incident lower bound less baseline) that scores 1. */
  readonly fullScoreErrorShareIncrease: number;
  /** z of the Wilson interval whose lower end stands for the incident's error share (1.645: one-sided 95%). */
  readonly confidenceZ: number;
  /** Growth of the self time (75th percentile) below which latency is not reported at all. */
  readonly minSelfTimeIncreaseMillis: number;
  /** Growth of the self time (75th percentile) from which latency counts in full. */
  readonly fullScoreSelfTimeIncreaseMillis: number;
  /** Baseline self time is taken as at least this, so a 0.01 ms span growing to 1 ms is not a 100x rise. */
  readonly selfTimeFloorMillis: number;
  /** The incident period is cut this long after the onset (periods.ts). */
  readonly maxIncidentMillis: number;
  /** Share of an operation's exclusive errors that must be timeouts for them to name `latency`. */
  readonly timeoutShareForLatency: number;
  /** A callee whose own spans kept this share of their baseline rate since the onset still served (its calls' timeouts are slowness). */
  readonly minServedShare: number;
  /** Scores below this are left out. */
  readonly minScore: number;
  /** A call's latency counts this much when its caller's own spans slowed too (latency score at least `callerSlowedMinScore`). */
  readonly callerSlowedFactor: number;
  readonly callerSlowedMinScore: number;
  /** Calls to an entity, every caller and operation pooled, need this many spans in each period to be judged on latency when no single operation had `minLatencySpans`. */
  readonly minPooledCallSpans: number;
  /** A caller whose calls to at least this many entities (and to more than half of those it called) slowed is where the time went: its own network or CPU. */
  readonly minSlowedCallees: number;
}

export const TRACE_EVIDENCE_DEFAULTS: TraceEvidenceOptions = Object.freeze({
  minErrorSpans: 3,
  minExclusiveErrors: 2,
  minLatencySpans: 5,
  fullScoreErrorShareIncrease: 0.3,
  confidenceZ: 1.645,
  minSelfTimeIncreaseMillis: 2,
  fullScoreSelfTimeIncreaseMillis: 20,
  selfTimeFloorMillis: 1,
  maxIncidentMillis: 15 * 60_000,
  timeoutShareForLatency: 0.5,
  minServedShare: 0.5,
  minScore: 0.05,
  callerSlowedFactor: 0.5,
  callerSlowedMinScore: 0.5,
  minPooledCallSpans: 2,
  minSlowedCallees: 3,
});

function checkOptions(o: TraceEvidenceOptions): void {
  for (const key of ['minErrorSpans', 'minExclusiveErrors', 'minLatencySpans'] as const) {
    if (!Number.isInteger(o[key]) || o[key] < 1) throw new RangeError(`trace evidence: ${key} must be a positive integer, got ${o[key]}`);
  }
  for (const key of ['fullScoreErrorShareIncrease', 'confidenceZ', 'fullScoreSelfTimeIncreaseMillis', 'selfTimeFloorMillis', 'maxIncidentMillis'] as const) {
    if (!(o[key] > 0)) throw new RangeError(`trace evidence: ${key} must be > 0, got ${o[key]}`);
  }
  if (!(o.minSelfTimeIncreaseMillis >= 0)) throw new RangeError(`trace evidence: minSelfTimeIncreaseMillis must be >= 0, got ${o.minSelfTimeIncreaseMillis}`);
  for (const key of ['minScore', 'callerSlowedFactor', 'callerSlowedMinScore', 'timeoutShareForLatency', 'minServedShare'] as const) {
    if (!(o[key] >= 0 && o[key] <= 1)) throw new RangeError(`trace evidence: ${key} must be in [0, 1], got ${o[key]}`);
  }
}

const quote = (s: string) => `"${s}"`;
const share = (errors: number, spans: number) => (spans > 0 ? errors / spans : 0);
/** Lower end of the Wilson score interval of `successes` in `trials` (Wilson 1927): small samples are pulled towards 0. */
function wilsonLower(successes: number, trials: number, z: number): number {
  if (trials === 0) return 0;
  const p = successes / trials;
  const z2 = z * z;
  const centre = p + z2 / (2 * trials);
  const spread = z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return Math.max(0, (centre - spread) / (1 + z2 / trials));
}

/** What the spans are, in words; a pool of every operation ('') names none. */
function subject(op: OperationStats): string {
  const operation = op.operation === '' ? '' : ` ${quote(op.operation)}`;
  return op.via === '' ? `${op.entity}${operation}` : `calls from ${op.via} to ${op.entity}${operation}`;
}

function errorScore(op: OperationStats, o: TraceEvidenceOptions, stillServed: (entity: string) => boolean): EntityScore | undefined {
  const inc = op.incident;
  if (!inc || inc.spans < o.minErrorSpans || inc.exclusiveErrors < o.minExclusiveErrors) return undefined;
  const base: PeriodStats = op.baseline ?? { spans: 0, errors: 0, exclusiveErrors: 0, exclusiveTimeouts: 0, selfMeanMillis: 0, selfP75Millis: 0, durationMeanMillis: 0 };
  const baseShare = share(base.exclusiveErrors, Math.max(base.spans, o.minErrorSpans));
  const incShare = share(inc.exclusiveErrors, inc.spans);
  const score = clamp01((wilsonLower(inc.exclusiveErrors, inc.spans, o.confidenceZ) - baseShare) / o.fullScoreErrorShareIncrease);
  if (score < o.minScore || score === 0) return undefined;
  const before = base.spans === 0 ? 'no such spans before' : `${base.exclusiveErrors} of ${base.spans} (${formatShare(share(base.exclusiveErrors, base.spans))}) before`;
  const timeouts = inc.exclusiveTimeouts > 0 && inc.exclusiveTimeouts >= o.timeoutShareForLatency * inc.exclusiveErrors;
  const slow = timeouts && stillServed(op.entity);
  const how = !timeouts
    ? ''
    : slow
      ? `, ${inc.exclusiveTimeouts} of them timing out waiting for an answer`
      : `, ${inc.exclusiveTimeouts} of them timing out while ${op.entity} served hardly any spans of its own`;
  return {
    entity: op.entity,
    indicator: slow ? 'latency' : 'errors',
    score,
    explanation: `${subject(op)}: ${inc.exclusiveErrors} of ${inc.spans} spans (${formatShare(incShare)}) fail with no failing span below them since the onset${how}, against ${before}`,
    evidence: { traceIds: op.errorTraceIds },
  };
}

function latencyScore(op: OperationStats, o: TraceEvidenceOptions): EntityScore | undefined {
  const inc = op.incident;
  const base = op.baseline;
  if (!inc || !base || inc.spans < o.minLatencySpans || base.spans < o.minLatencySpans) return undefined;
  const increase = inc.selfP75Millis - base.selfP75Millis;
  if (!(increase >= o.minSelfTimeIncreaseMillis) || increase <= 0) return undefined;
  const ratio = inc.selfP75Millis / Math.max(base.selfP75Millis, o.selfTimeFloorMillis);
  const score = clamp01((1 - 1 / ratio) * Math.min(1, increase / o.fullScoreSelfTimeIncreaseMillis));
  if (score < o.minScore || score === 0) return undefined;
  return {
    entity: op.entity,
    indicator: 'latency',
    score,
    explanation:
      `self time of ${subject(op)} rose from ${formatMillis(base.selfP75Millis)} to ${formatMillis(inc.selfP75Millis)} ` +
      `(75th percentile, ${ratio.toFixed(1)}x; ${inc.spans} spans since the onset, ${base.spans} before)`,
    evidence: { traceIds: op.slowTraceIds },
  };
}

interface Latency {
  readonly entity: string;
  /** The callers whose calls were measured; empty for the entity's own spans. */
  readonly vias: readonly string[];
  readonly score: EntityScore;
}

/**
 * A call's self time is the callee's work plus the network between them,
 * as the caller measures it. When the caller's own spans slowed as well
 * (its self time on the calls it serves rose too), the time more likely
 * went in the caller: its network (a delay or loss on its interface slows
 * what it receives and what it sends alike) or its CPU (a starved process
 * times its own calls late). A slow callee leaves its caller's own self
 * time as it was, since its calls' durations are the caller's children.
 * The time likely went in the caller too when its calls to several other
 * callees slowed at once (slowCallersOf). Such a call's latency score is
 * multiplied by `callerSlowedFactor`.
 */
function withCallerSlowdown(latencies: readonly Latency[], slowCallers: ReadonlyMap<string, SlowCaller>, o: TraceEvidenceOptions): EntityScore[] {
  const served = new Map<string, number>();
  for (const { entity, score } of latencies) served.set(entity, Math.max(served.get(entity) ?? 0, score.score));
  const reason = (via: string, entity: string): string | undefined => {
    if ((served.get(via) ?? 0) >= o.callerSlowedMinScore) return `${via} answered its own callers slower too`;
    const fan = slowCallers.get(via);
    const others = fan?.slowed.filter((e) => e !== entity).length ?? 0;
    return others > 0 ? `${via}'s calls to ${others} other service${others === 1 ? '' : 's'} slowed too` : undefined;
  };
  return latencies.map(({ entity, vias, score }) => {
    const reasons = vias.map((via) => reason(via, entity)).filter((r): r is string => r !== undefined);
    if (reasons.length === 0) return score;
    return { ...score, score: score.score * o.callerSlowedFactor, explanation: `${score.explanation}, and ${reasons.join(', and ')}` };
  });
}

function mergePeriods(list: readonly (PeriodStats | undefined)[]): PeriodStats | undefined {
  const present = list.filter((p): p is PeriodStats => p !== undefined && p.spans > 0);
  if (present.length === 0) return undefined;
  const spans = present.reduce((s, p) => s + p.spans, 0);
  const mean = (f: (p: PeriodStats) => number) => present.reduce((s, p) => s + p.spans * f(p), 0) / spans;
  return {
    spans,
    errors: present.reduce((s, p) => s + p.errors, 0),
    exclusiveErrors: present.reduce((s, p) => s + p.exclusiveErrors, 0),
    exclusiveTimeouts: present.reduce((s, p) => s + p.exclusiveTimeouts, 0),
    selfMeanMillis: mean((p) => p.selfMeanMillis),
    // Percentiles do not pool; the spans-weighted mean of the operations' stands for the pool's.
    selfP75Millis: mean((p) => p.selfP75Millis),
    durationMeanMillis: mean((p) => p.durationMeanMillis),
  };
}

/** Several operations' spans as one operation: counts summed, means weighted by spans. */
function pooled(entity: string, via: string, ops: readonly OperationStats[]): OperationStats {
  return {
    entity,
    via,
    operation: '',
    baseline: mergePeriods(ops.map((op) => op.baseline)),
    incident: mergePeriods(ops.map((op) => op.incident)),
    errorTraceIds: [],
    slowTraceIds: [...new Set(ops.flatMap((op) => op.slowTraceIds))].slice(0, 3),
  };
}

/** Whether calls slowed at all, judged on as little as one span a period (the callers' agreement is the evidence). */
const slowedAtAll = (op: OperationStats, o: TraceEvidenceOptions) => latencyScore(op, { ...o, minLatencySpans: 1 });

/**
 * Latency as callers see it, where traffic is sparse: every call to an
 * entity (from any caller, any operation) pooled, for entities none of
 * whose calls had `minLatencySpans` spans in both periods for one caller
 * and operation (busier calls are judged per operation, and pooling them
 * would read a shift towards costlier calls as a slowdown). The entity's
 * own spans do not count here: a delay on its network slows the calls to
 * it and leaves its server spans as they were. A network delay or a slow
 * dependency shows in its callers' client spans, and with sampled traces a
 * quiet callee gets a few of those per period. The pool needs
 * `minPooledCallSpans` spans in each period; its latency score is scaled by
 * its share of `minLatencySpans` and by the share of callers (among those
 * that called in both periods) whose own calls slowed: a callee that is
 * slow is slow for every caller, while one caller's slow calls are that
 * caller's path.
 */
function sparseCallLatency(stats: readonly OperationStats[], judged: ReadonlySet<string>, o: TraceEvidenceOptions): Latency[] {
  const calls = groupInOrder(
    stats.filter((op) => op.via !== '' && !judged.has(op.entity)),
    (op) => op.entity,
  );
  const out: Latency[] = [];
  for (const [entity, ops] of calls) {
    const byVia = groupInOrder(ops, (op) => op.via);
    const vias = [...byVia.keys()].sort();
    const all = pooled(entity, vias.join(', '), ops);
    if ((all.baseline?.spans ?? 0) < o.minPooledCallSpans || (all.incident?.spans ?? 0) < o.minPooledCallSpans) continue;
    const score = latencyScore(all, { ...o, minLatencySpans: o.minPooledCallSpans });
    if (!score) continue;
    const compared = [...byVia].map(([via, viaOps]) => pooled(entity, via, viaOps)).filter((p) => p.baseline && p.incident);
    const agreeing = compared.filter((p) => slowedAtAll(p, o)).length;
    const agreement = compared.length === 0 ? 1 : agreeing / compared.length;
    const share = Math.min(1, all.incident!.spans / o.minLatencySpans) * agreement;
    const note = agreeing < compared.length ? `; the calls of ${agreeing} of the ${compared.length} callers seen in both periods slowed` : '';
    out.push({ entity, vias, score: { ...score, score: score.score * share, explanation: score.explanation + note } });
  }
  return out;
}

interface SlowCaller {
  /** Entities whose calls from the caller slowed. */
  readonly slowed: readonly string[];
  readonly score: EntityScore;
}

/**
 * A delay on a service's own network interface (or a starved CPU timing its
 * calls late) slows every call it makes, whatever the callee; a slow callee
 * slows only the calls to it. A caller whose calls to at least
 * `minSlowedCallees` entities slowed (each pooled over its operations, one
 * span in each period enough: it is the agreement of several callees that
 * counts), and to more than half of the entities it called in both
 * periods, is blamed itself, with the mean score of its slowed calls
 * scaled by that share.
 */
function slowCallersOf(stats: readonly OperationStats[], o: TraceEvidenceOptions): Map<string, SlowCaller> {
  const out = new Map<string, SlowCaller>();
  for (const [via, ops] of groupInOrder(stats.filter((op) => op.via !== ''), (op) => op.via)) {
    const compared = [...groupInOrder(ops, (op) => op.entity)].map(([entity, calls]) => pooled(entity, via, calls)).filter((p) => p.baseline && p.incident);
    const slowed = compared
      .map((p) => ({ p, score: slowedAtAll(p, o)?.score ?? 0 }))
      .filter((s) => s.score >= o.callerSlowedMinScore)
      .sort((a, b) => (a.p.entity < b.p.entity ? -1 : 1));
    if (slowed.length < o.minSlowedCallees || slowed.length * 2 <= compared.length) continue;
    const mean = (f: (s: (typeof slowed)[number]) => number) => slowed.reduce((sum, s) => sum + f(s), 0) / slowed.length;
    const entities = slowed.map((s) => s.p.entity);
    out.set(via, {
      slowed: entities,
      score: {
        entity: via,
        indicator: 'latency',
        score: clamp01(mean((s) => s.score) * (slowed.length / compared.length)),
        explanation:
          `calls from ${via} to ${slowed.length} of the ${compared.length} services it called slowed at once (${entities.join(', ')}; ` +
          `their own time from ${formatMillis(mean((s) => s.p.baseline!.selfP75Millis))} to ${formatMillis(mean((s) => s.p.incident!.selfP75Millis))} on average): ` +
          `the time goes in ${via}, not in its callees`,
        evidence: { traceIds: [...new Set(slowed.flatMap((s) => s.p.slowTraceIds))].slice(0, 3) },
      },
    });
  }
  return out;
}

/**
 * Whether an entity kept serving since the onset: its own spans (not the
 * calls to it) at no less than `minServedShare` of their baseline rate per
 * minute. An entity with no spans of its own before cannot tell, and counts
 * as serving.
 */
function servedSince(stats: readonly OperationStats[], periods: EvidencePeriods, o: TraceEvidenceOptions): (entity: string) => boolean {
  const own = new Map<string, { baseline: number; incident: number }>();
  for (const op of stats) {
    if (op.via !== '') continue;
    const counts = own.get(op.entity) ?? { baseline: 0, incident: 0 };
    counts.baseline += op.baseline?.spans ?? 0;
    counts.incident += op.incident?.spans ?? 0;
    own.set(op.entity, counts);
  }
  return (entity) => {
    const counts = own.get(entity);
    if (!counts || counts.baseline === 0) return true;
    return counts.incident / incidentMinutes(periods) >= o.minServedShare * (counts.baseline / baselineMinutes(periods));
  };
}

/** Best score per (entity, indicator), best first; ties by entity then indicator so equal inputs rank equally. */
function bestPerEntity(scores: readonly EntityScore[]): EntityScore[] {
  const best = new Map<string, EntityScore>();
  for (const s of scores) {
    const key = `${s.entity}\u0000${s.indicator}`;
    const known = best.get(key);
    if (!known || s.score > known.score) best.set(key, s);
  }
  return [...best.values()].sort((a, b) => b.score - a.score || a.entity.localeCompare(b.entity) || a.indicator.localeCompare(b.indicator));
}

export function createTraceEvidenceScorer(options: Partial<TraceEvidenceOptions> = {}): Scorer {
  const o: TraceEvidenceOptions = { ...TRACE_EVIDENCE_DEFAULTS, ...options };
  checkOptions(o);
  return {
    name: 'trace-evidence',
    async score(input: ScorerInput): Promise<Result<EntityScore[]>> {
      const periods = evidencePeriods(input, o.maxIncidentMillis);
      if (!periods || input.candidates.length === 0) return ok([]);
      const stats = await readOperationStats(input.context.store, periods, input.candidates, input.context.otherStories);
      if (!stats.ok) return fail(stats.error);
      const scores: EntityScore[] = [];
      const latencies: Latency[] = [];
      const stillServed = servedSince(stats.value, periods, o);
      for (const op of stats.value) {
        const errors = errorScore(op, o, stillServed);
        if (errors) scores.push(errors);
        const latency = latencyScore(op, o);
        if (latency) latencies.push({ entity: op.entity, vias: op.via === '' ? [] : [op.via], score: latency });
      }
      const enough = (p: PeriodStats | undefined) => (p?.spans ?? 0) >= o.minLatencySpans;
      // Entities with calls to them busy enough to judge per operation (sparseCallLatency).
      const judged = new Set(stats.value.filter((op) => op.via !== '' && enough(op.baseline) && enough(op.incident)).map((op) => op.entity));
      if (o.minPooledCallSpans < o.minLatencySpans) latencies.push(...sparseCallLatency(stats.value, judged, o));
      const slowCallers = slowCallersOf(stats.value, o);
      scores.push(...withCallerSlowdown(latencies, slowCallers, o));
      for (const caller of slowCallers.values()) scores.push(caller.score);
      return ok(bestPerEntity(scores));
    },
  };
}
