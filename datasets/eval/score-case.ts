/**
 * Scores one case: the method's incidents against the case's truth, with
 * the metrics of the dataset format's evaluation (and of the RCAEval
 * benchmark for the ranking, so numbers compare with published ones).
 *
 * Definitions (all times in Unix milliseconds):
 * - A fault is active on [start, end], end defaulting to the window end.
 * - An incident *covers* a fault when it opened while the fault was active,
 *   or up to ONSET_TOLERANCE_MILLIS before its labelled start (symptoms can
 *   lead the label by a few samples). An incident opened earlier is a false
 *   alarm even if it is still open when the fault starts.
 * - The incident that answers for a fault is the earliest covering one:
 *   the first incident an on-call engineer would open, so the first raised
 *   (detectedAtMillis; openedAtMillis for offline methods, which state one
 *   time). Which faults an incident covers is judged on when its evidence
 *   starts, which one the engineer opens first on when it was raised: an
 *   incident raised later can have evidence that starts earlier (a caller's
 *   slowdown found a minute late, its onset dated back). (Choosing the one
 *   that contains the faulty service would reward methods that open many
 *   incidents.) With several faults, the engineer works the first N
 *   incidents opened while faults were active, N the number of faults: each
 *   fault is answered by a different one of them, matched so that the
 *   faults' rankings score best (Avg@5, then AC@1), and a fault left
 *   without one (fewer incidents than faults) by its earliest covering
 *   incident. A method that keeps simultaneous faults apart is credited for
 *   it; one that opens more incidents than faults gains nothing, since only
 *   the first N count.
 * - AC@k (service level): 1 when the fault's service is among the first k
 *   distinct services of that incident's ranking; 0 when no incident covers
 *   the fault. Indicator level: the same with (service, indicator) pairs.
 *   Avg@5 is the mean of AC@1..AC@5.
 * - Detection delay: answering incident's opening minus fault start, floored at 0.
 * - An alert belongs to the faults active at its time (none: noise). An
 *   incident is pure when one fault is consistent with all its fault-time
 *   alerts (noise alerts do not make it impure); incidents with no
 *   fault-time alert are not counted in purity.
 * - Several faults are split correctly when each has an incident of its
 *   own: one that covers the fault, holds an alert on the fault's service
 *   and none on another fault's service. This judges the grouping itself,
 *   whatever the rankings say.
 * - A false incident opened while no fault was active. False incidents per
 *   hour are over the fault-free part of the window.
 */
import type { CaseTruth } from '../format/case-truth.ts';
import type { IncidentRecord, MethodOutput, RankedCause } from './method-output.ts';

export const K_VALUES = [1, 2, 3, 4, 5] as const;

export interface FaultScore {
  readonly service: string;
  readonly indicator: string;
  readonly detected: boolean;
  readonly detectionDelaySeconds: number | null;
  /** AC@1..AC@5, service level. */
  readonly serviceAc: readonly number[];
  /** AC@1..AC@5, (service, indicator) level. */
  readonly indicatorAc: readonly number[];
  /** How many incidents cover this fault (more than one: the fault was split). */
  readonly coveringIncidents: number;
  readonly answeringIncidentId: string | null;
}

export interface CaseScore {
  readonly faults: readonly FaultScore[];
  readonly alerts: number;
  readonly incidents: number;
  readonly falseIncidents: number;
  /** Incidents with at least one alert during a fault, and of those, the pure ones. */
  readonly attributedIncidents: number;
  readonly pureIncidents: number;
  readonly faultFreeHours: number;
  /** Two or more faults, each answered by a different incident. */
  readonly splitCorrectly: boolean | null;
}

interface Interval {
  readonly from: number;
  readonly to: number;
}

/** How far before a fault's labelled start an incident may open and still count for it. */
export const ONSET_TOLERANCE_MILLIS = 60_000;

/** Top-k hit over the distinct keys of a ranking, in order. */
export function accuracyAtK(ranking: readonly RankedCause[], key: (c: RankedCause) => string, truth: string): number[] {
  const distinct: string[] = [];
  for (const c of ranking) {
    const k = key(c);
    if (!distinct.includes(k)) distinct.push(k);
  }
  const position = distinct.indexOf(truth);
  return K_VALUES.map((k) => (position >= 0 && position < k ? 1 : 0));
}

export function scoreCase(truth: CaseTruth, output: MethodOutput): CaseScore {
  const windowStart = Date.parse(truth.window.start);
  const windowEnd = Date.parse(truth.window.end);
  const faultIntervals = truth.faults.map((f) => ({ from: Date.parse(f.start), to: f.end ? Date.parse(f.end) : windowEnd }));
  const activeFaults = (t: number) => faultIntervals.flatMap((iv, idx) => (t >= iv.from && t <= iv.to ? [idx] : []));
  const openedDuring = (inc: IncidentRecord, iv: Interval) => inc.openedAtMillis >= iv.from - ONSET_TOLERANCE_MILLIS && inc.openedAtMillis <= iv.to;

  const byRaising = [...output.incidents].sort(raisedFirst);
  const coveringOf = faultIntervals.map((iv) => byRaising.filter((inc) => openedDuring(inc, iv)));
  const answeringOf = answeringIncidents(truth.faults, coveringOf);
  const faults: FaultScore[] = truth.faults.map((fault, idx) => {
    const covering = coveringOf[idx]!;
    const answering = answeringOf[idx];
    const ranking = answering?.ranking ?? [];
    return {
      service: fault.service,
      indicator: fault.indicator,
      detected: answering !== undefined,
      detectionDelaySeconds: answering ? Math.max(0, ((answering.detectedAtMillis ?? answering.openedAtMillis) - faultIntervals[idx]!.from) / 1000) : null,
      serviceAc: accuracyAtK(ranking, (c) => c.service, fault.service),
      indicatorAc: accuracyAtK(ranking, (c) => `${c.service}\u0000${c.indicator}`, `${fault.service}\u0000${fault.indicator}`),
      coveringIncidents: covering.length,
      answeringIncidentId: answering?.id ?? null,
    };
  });

  let attributed = 0;
  let pure = 0;
  for (const inc of output.incidents) {
    const candidateSets = inc.alerts.map((a) => activeFaults(a.atMillis)).filter((s) => s.length > 0);
    if (candidateSets.length === 0) continue;
    attributed++;
    const common = candidateSets.reduce((acc, s) => acc.filter((x) => s.includes(x)));
    if (common.length > 0) pure++;
  }

  const falseIncidents = output.incidents.filter((inc) => !faultIntervals.some((iv) => openedDuring(inc, iv))).length;
  const faultMillis = unionLength(faultIntervals.map((iv) => ({ from: Math.max(iv.from, windowStart), to: Math.min(iv.to, windowEnd) })));
  const faultFreeHours = Math.max(0, windowEnd - windowStart - faultMillis) / 3_600_000;
  const splitCorrectly = truth.faults.length < 2 ? null : truth.faults.every((fault, idx) => hasOwnIncident(output.incidents, truth.faults, idx, (inc) => openedDuring(inc, faultIntervals[idx]!)));

  return {
    faults,
    alerts: output.alerts.length,
    incidents: output.incidents.length,
    falseIncidents,
    attributedIncidents: attributed,
    pureIncidents: pure,
    faultFreeHours,
    splitCorrectly,
  };
}

/** When the method raised an incident: when it knew, or for offline methods the one time they state. */
function raisedAt(inc: IncidentRecord): number {
  return inc.detectedAtMillis ?? inc.openedAtMillis;
}

/** Incidents in the order an on-call engineer sees them: raised first, then evidence starting first. */
function raisedFirst(a: IncidentRecord, b: IncidentRecord): number {
  return raisedAt(a) - raisedAt(b) || a.openedAtMillis - b.openedAtMillis;
}

/** Avg@5 then AC@1 of a ranking for a fault, as one number to maximize. */
function matchScore(ranking: readonly RankedCause[], service: string): number {
  const ac = accuracyAtK(ranking, (c) => c.service, service);
  return ac.reduce((a, b) => a + b, 0) / ac.length + ac[0]! / 100;
}

/**
 * Per fault, the incident that answers it (see the header): the first N
 * incidents covering any fault, matched one to one with the N faults where
 * they cover them, best total score first (every assignment is tried: N is
 * the number of faults in one case, two or three); the earliest covering
 * incident for a fault the matching leaves out.
 */
function answeringIncidents(faults: CaseTruth['faults'], coveringOf: readonly (readonly IncidentRecord[])[]): (IncidentRecord | undefined)[] {
  const earliest = coveringOf.map((c) => c[0]);
  if (faults.length < 2) return earliest;
  const firstN = [...new Set(coveringOf.flat())].sort(raisedFirst).slice(0, faults.length);
  let best: { score: number; pick: (IncidentRecord | undefined)[] } = { score: -1, pick: earliest };
  const pick: (IncidentRecord | undefined)[] = [];
  const search = (idx: number, used: ReadonlySet<IncidentRecord>, score: number): void => {
    if (idx === faults.length) {
      if (score > best.score) best = { score, pick: [...pick] };
      return;
    }
    const options = firstN.filter((inc) => !used.has(inc) && coveringOf[idx]!.includes(inc));
    for (const inc of options) {
      pick[idx] = inc;
      search(idx + 1, new Set([...used, inc]), score + matchScore(inc.ranking, faults[idx]!.service));
    }
    pick[idx] = undefined;
    search(idx + 1, used, score);
  };
  search(0, new Set(), 0);
  return best.pick.map((inc, idx) => inc ?? earliest[idx]);
}

/** Whether fault `idx` has a covering incident with an alert on its service and none on another fault's service. */
function hasOwnIncident(incidents: readonly IncidentRecord[], faults: CaseTruth['faults'], idx: number, covers: (inc: IncidentRecord) => boolean): boolean {
  const own = faults[idx]!.service;
  const others = new Set(faults.filter((_, i) => i !== idx).map((f) => f.service));
  others.delete(own);
  return incidents.some((inc) => covers(inc) && inc.alerts.some((a) => a.service === own) && !inc.alerts.some((a) => others.has(a.service)));
}

function unionLength(intervals: Interval[]): number {
  const sorted = intervals.filter((iv) => iv.to > iv.from).sort((a, b) => a.from - b.from);
  let total = 0;
  let curFrom = -Infinity;
  let curTo = -Infinity;
  for (const iv of sorted) {
    if (iv.from > curTo) {
      if (curTo > curFrom) total += curTo - curFrom;
      curFrom = iv.from;
      curTo = iv.to;
    } else curTo = Math.max(curTo, iv.to);
  }
  if (curTo > curFrom) total += curTo - curFrom;
  return total;
}
