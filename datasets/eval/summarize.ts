/**
 * Builds the evaluation report (the JSON shape of the dataset format's
 * `eval --json`) from per-case scores. Accuracy figures average over faults,
 * so a two-fault case weighs twice; a value that is undefined for the run
 * (purity with no attributed incident, a median with nothing detected) is
 * null rather than a made-up number.
 */
import { SIGNAL_FILES, type CaseTruth, type SignalFile } from '../format/index.ts';
import type { MethodOutput, RankedCause } from './method-output.ts';
import type { CaseScore } from './score-case.ts';

export interface AccuracySummary {
  readonly ac1: number;
  readonly ac3: number;
  readonly ac5: number;
  readonly avg5: number;
}

export interface CaseReport {
  readonly id: string;
  readonly faults: ReadonlyArray<{ service: string; indicator: string }>;
  /** Ranked causes of the incident answering the first fault (of the first incident in a control case). */
  readonly ranking: readonly RankedCause[];
  readonly detected: boolean;
  readonly detectionDelaySeconds: number | null;
  readonly alerts: number;
  readonly incidents: number;
  readonly falseIncidents: number;
  readonly seconds: number;
  readonly faultScores: CaseScore['faults'];
  readonly splitCorrectly: boolean | null;
  /** Kept so that reports of parts of a dataset (parallel workers) can be summarized together. */
  readonly attributedIncidents: number;
  readonly pureIncidents: number;
  readonly faultFreeHours: number;
}

export interface EvalReport {
  readonly dataset: string;
  readonly method: string;
  /** The signals of each case that were loaded (all three unless the evaluation left some out). */
  readonly signals: readonly SignalFile[];
  readonly cases: readonly CaseReport[];
  readonly summary: {
    readonly cases: number;
    readonly service: AccuracySummary;
    readonly indicator: AccuracySummary;
    readonly detection: { readonly detected: number; readonly faults: number; readonly medianDelaySeconds: number | null };
    readonly grouping: {
      readonly alerts: number;
      readonly incidents: number;
      readonly compression: number | null;
      readonly purity: number | null;
      readonly splitFaults: number;
      readonly multiFaultCases: number;
      readonly multiFaultCasesSplitCorrectly: number;
    };
    readonly falseIncidentsPerHour: number | null;
    readonly faultFreeHours: number;
    readonly seconds: number;
  };
}

export interface ScoredCase {
  readonly truth: CaseTruth;
  readonly output: MethodOutput;
  readonly score: CaseScore;
  readonly seconds: number;
}

export function caseReport(c: ScoredCase): CaseReport {
  const first = c.score.faults[0];
  const answering = first?.answeringIncidentId ? c.output.incidents.find((i) => i.id === first.answeringIncidentId) : c.output.incidents[0];
  return {
    id: c.truth.id,
    faults: c.truth.faults.map((f) => ({ service: f.service, indicator: f.indicator })),
    ranking: answering?.ranking ?? [],
    detected: c.score.faults.length > 0 && c.score.faults.every((f) => f.detected),
    detectionDelaySeconds: first?.detectionDelaySeconds ?? null,
    alerts: c.score.alerts,
    incidents: c.score.incidents,
    falseIncidents: c.score.falseIncidents,
    seconds: c.seconds,
    faultScores: c.score.faults,
    splitCorrectly: c.score.splitCorrectly,
    attributedIncidents: c.score.attributedIncidents,
    pureIncidents: c.score.pureIncidents,
    faultFreeHours: c.score.faultFreeHours,
  };
}

const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

export function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function accuracy(acs: ReadonlyArray<readonly number[]>): AccuracySummary {
  const at = (k: number) => mean(acs.map((a) => a[k - 1] ?? 0));
  return { ac1: at(1), ac3: at(3), ac5: at(5), avg5: mean([1, 2, 3, 4, 5].map(at)) };
}

export function summarize(dataset: string, method: string, cases: readonly ScoredCase[], signals: readonly SignalFile[] = SIGNAL_FILES): EvalReport {
  return summarizeReports(dataset, method, cases.map(caseReport), signals);
}

/** The summary of case reports, e.g. those of several workers over parts of one dataset. */
export function summarizeReports(dataset: string, method: string, cases: readonly CaseReport[], signals: readonly SignalFile[] = SIGNAL_FILES): EvalReport {
  const faults = cases.flatMap((c) => c.faultScores);
  const total = (f: (c: CaseReport) => number) => cases.reduce((n, c) => n + f(c), 0);
  const alerts = total((c) => c.alerts);
  const incidents = total((c) => c.incidents);
  const attributed = total((c) => c.attributedIncidents);
  const pure = total((c) => c.pureIncidents);
  const faultFreeHours = total((c) => c.faultFreeHours);
  const multi = cases.filter((c) => c.splitCorrectly !== null);
  return {
    dataset,
    signals: [...signals],
    method,
    cases,
    summary: {
      cases: cases.length,
      service: accuracy(faults.map((f) => f.serviceAc)),
      indicator: accuracy(faults.map((f) => f.indicatorAc)),
      detection: {
        detected: faults.filter((f) => f.detected).length,
        faults: faults.length,
        medianDelaySeconds: median(faults.flatMap((f) => (f.detectionDelaySeconds === null ? [] : [f.detectionDelaySeconds]))),
      },
      grouping: {
        alerts,
        incidents,
        compression: alerts === 0 ? null : 1 - incidents / alerts,
        purity: attributed === 0 ? null : pure / attributed,
        splitFaults: faults.filter((f) => f.coveringIncidents > 1).length,
        multiFaultCases: multi.length,
        multiFaultCasesSplitCorrectly: multi.filter((c) => c.splitCorrectly).length,
      },
      falseIncidentsPerHour: faultFreeHours === 0 ? null : total((c) => c.falseIncidents) / faultFreeHours,
      faultFreeHours,
      seconds: total((c) => c.seconds),
    },
  };
}
