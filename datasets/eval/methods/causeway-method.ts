/**
 * Causeway's own correlator as an evaluation method: the runtime the live
 * service runs (correlator/runtime/), fed the case window by window, each
 * window closed as the watermark passes its end exactly as live traffic
 * would close it. Its anomalies are reported as alerts and its incidents
 * with their newest ranking (the last causes-ranked event). The method sees
 * the case window but never its faults; the first minutes after the data
 * begins are warm-up for the detectors' baselines (runtime default).
 *
 * Ranking: rca/'s cause ranker, as the live service injects it.
 */
import { type Result, ok } from '../../../core/result.ts';
import { type Anomaly, type CauseRanker, type IncidentEvent, foldIncidents } from '../../../correlator/index.ts';
import { createCorrelatorRuntime, createMemoryIncidentSink } from '../../../correlator/runtime/index.ts';
import { createCauseRanker } from '../../../rca/index.ts';
import type { AlertRecord, MethodOutput } from '../method-output.ts';
import { BASELINE_STEP_SECONDS } from './baseline-frame.ts';
import type { EvalMethod, MethodContext } from './method.ts';

/**
 * Labelled cases are often shorter than the detectors' default history
 * (15-30 min) plus the 10-minute warm-up. A case of W minutes gets a
 * warm-up and baseline window of 40% of W (at most the defaults) and needs
 * only one point of history per minute of that window (at least 3): a
 * series sampled once a minute, as many metrics are, is judged as soon as
 * the window is full, so that the rest of the case can be judged. Cases of
 * 25 minutes or more keep every default.
 */
export function shortCaseOptions(windowMillis: number) {
  const historyMillis = Math.min(10 * 60_000, 0.4 * windowMillis);
  if (historyMillis >= 10 * 60_000) return {};
  const windowSeconds = Math.max(historyMillis / 1000, BASELINE_STEP_SECONDS * 6);
  const minHistoryPoints = Math.max(3, Math.floor(windowSeconds / 60));
  return {
    warmupMillis: historyMillis,
    robustBaseline: { windowSeconds, minHistoryPoints },
    changePoint: { windowSeconds, minHistoryPoints },
    eventBurst: { windowSeconds, minHistoryPoints },
  };
}

const alertOf = (a: Anomaly): AlertRecord => ({ service: a.entity, indicator: a.indicator, atMillis: a.onsetMillis });

/**
 * What a run of the runtime concluded, in the evaluation's terms: `events`
 * as appended to the sink, `anomalies` as taken. Incidents that took
 * anomalies, merged-away ones left out (their anomalies are in the target),
 * by opening time. Shared with the live service's test, so both are read
 * the same way.
 */
export function methodOutputOf(events: readonly IncidentEvent[], anomalies: readonly Anomaly[]): MethodOutput {
  const incidents = [...foldIncidents(events).values()]
    .filter((s) => s.status !== 'merged' && s.anomalies.length > 0)
    .sort((a, b) => a.openedAtMillis - b.openedAtMillis || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    alerts: [...anomalies].sort((a, b) => a.onsetMillis - b.onsetMillis).map(alertOf),
    incidents: incidents.map((state) => ({
      id: state.id,
      openedAtMillis: state.openedAtMillis,
      ...(state.detectedAtMillis !== undefined ? { detectedAtMillis: state.detectedAtMillis } : {}),
      ...(state.resolvedAtMillis !== undefined ? { resolvedAtMillis: state.resolvedAtMillis } : {}),
      alerts: state.anomalies.map(alertOf),
      ranking: state.causes.map((c) => ({ service: c.entity, indicator: c.indicator, score: c.score })),
    })),
  };
}

/**
 * Runs the correlator runtime over a case's window with `ranker` and reads
 * its conclusions (methodOutputOf). The evaluation passes rca/'s ranker;
 * the ranking tuning (scripts/rca-tuning) passes one that also records
 * what each incident was ranked on.
 */
export async function runCausewayMethod(context: Pick<MethodContext, 'store' | 'windowStartMillis' | 'windowEndMillis'>, ranker: CauseRanker): Promise<Result<MethodOutput>> {
  const sink = createMemoryIncidentSink();
  const anomalies: Anomaly[] = [];
  const runtime = createCorrelatorRuntime({
    store: context.store,
    sink,
    startMillis: context.windowStartMillis,
    stepSeconds: BASELINE_STEP_SECONDS,
    ranker,
    onAnomalies: (taken) => anomalies.push(...taken),
    ...shortCaseOptions(context.windowEndMillis - context.windowStartMillis),
  });
  // One call closes every window: the runtime reads their signals many at a
  // time, with the events a live watermark moving window by window gives
  // (correlator-runtime.test.ts, test/e2e/correlator-live.test.ts).
  const stepMillis = BASELINE_STEP_SECONDS * 1000;
  const advanced = await runtime.advanceTo(Math.ceil(context.windowEndMillis / stepMillis) * stepMillis);
  if (!advanced.ok) return advanced;
  return ok(methodOutputOf(sink.events(), anomalies));
}

export const causewayMethod: EvalMethod = {
  name: 'causeway',
  analyze: (context) => runCausewayMethod(context, createCauseRanker()),
};
