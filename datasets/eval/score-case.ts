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
 * - The incident that answers for a fault is the earliest covering one,
 *   chosen without looking at the truth: the first incident an on-call
 *   engineer would open. (Choosing the one that contains the faulty service
 *   would reward methods that open many incidents.)
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
 *   and none on another fault's service. This judges the grouping, so it
 *   looks at the truth; the answering incident cannot judge it, since faults
 *   starting within a minute of each other share their earliest covering
 *   incident however the method groups them.
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

  const faults: FaultScore[] = truth.faults.map((fault, idx) => {
    const covering = output.incidents.filter((inc) => openedDuring(inc, faultIntervals[idx]!));
    const answering = [...covering].sort((a, b) => a.openedAtMillis - b.openedAtMillis)[0];
    const ranking = answering?.ranking ?? [];
    return {
      service: fault.service,
      indicator: fault.indicator,
      detected: answering !== undefined,
      detectionDelaySeconds: answering ? Math.max(0, (answering.openedAtMillis - faultIntervals[idx]!.from) / 1000) : null,
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
