/**
 * Scores one case: the method's incidents against the case's truth, with
 * the metrics of the dataset format's evaluation (and of the RCAEval
 * benchmark for the ranking, so numbers compare with published ones).
 *
 * Definitions (all times in Unix milliseconds):
 * - A fault is active on [start, end], end defaulting to the window end.
 * - An incident spans [openedAt, resolvedAt], resolvedAt defaulting to the
 *   window end. It *covers* a fault when the two intervals overlap.
 * - The incident that answers for a fault: among those covering it, the one
 *   whose alerts include the fault's service, else the earliest opened.
 * - AC@k (service level): 1 when the fault's service is among the first k
 *   distinct services of that incident's ranking; 0 when no incident covers
 *   the fault. Indicator level: the same with (service, indicator) pairs.
 *   Avg@5 is the mean of AC@1..AC@5.
 * - Detection delay: answering incident's opening minus fault start, floored at 0.
 * - An alert belongs to the faults active at its time (none: noise). An
 *   incident is pure when one fault is consistent with all its fault-time
 *   alerts (noise alerts do not make it impure); incidents with no
 *   fault-time alert are not counted in purity.
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

const overlaps = (a: Interval, b: Interval) => a.from <= b.to && b.from <= a.to;

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
  const incidentInterval = (i: IncidentRecord): Interval => ({ from: i.openedAtMillis, to: i.resolvedAtMillis ?? windowEnd });
  const activeFaults = (t: number) => faultIntervals.flatMap((iv, idx) => (t >= iv.from && t <= iv.to ? [idx] : []));

  const faults: FaultScore[] = truth.faults.map((fault, idx) => {
    const covering = output.incidents.filter((inc) => overlaps(incidentInterval(inc), faultIntervals[idx]!));
    const answering =
      covering.find((inc) => inc.alerts.some((a) => a.service === fault.service)) ??
      [...covering].sort((a, b) => a.openedAtMillis - b.openedAtMillis)[0];
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

  const falseIncidents = output.incidents.filter((inc) => activeFaults(inc.openedAtMillis).length === 0).length;
  const faultMillis = unionLength(faultIntervals.map((iv) => ({ from: Math.max(iv.from, windowStart), to: Math.min(iv.to, windowEnd) })));
  const faultFreeHours = Math.max(0, windowEnd - windowStart - faultMillis) / 3_600_000;
  const answerIds = faults.map((f) => f.answeringIncidentId);
  const splitCorrectly = faults.length < 2 ? null : answerIds.every((id) => id !== null) && new Set(answerIds).size === faults.length;

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
