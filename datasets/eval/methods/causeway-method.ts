/**
 * Causeway's own pipeline as an evaluation method: the correlator's batch
 * pipeline (correlator/batch-pipeline.ts) over the case window, its
 * anomalies reported as alerts and its incidents with their ranked causes.
 * The method sees the case window but never its faults; the first minutes
 * of the window are warm-up for the detectors' baselines (pipeline default).
 */
import { ok } from '../../../core/result.ts';
import { type Anomaly, runBatchPipeline } from '../../../correlator/index.ts';
import type { AlertRecord } from '../method-output.ts';
import { BASELINE_STEP_SECONDS } from './baseline-frame.ts';
import type { EvalMethod } from './method.ts';

/**
 * Labelled cases are often shorter than the detectors' default history
 * (15-30 min) plus the 10-minute warm-up. A case of W minutes gets a
 * warm-up and baseline window of 40% of W (at most the defaults) and needs
 * only 6 points of history (metrics every 30-60 s leave most 10 s buckets
 * empty), so that the rest of the case can be judged. Cases of 25 minutes
 * or more keep every default.
 */
export function shortCaseOptions(windowMillis: number) {
  const historyMillis = Math.min(10 * 60_000, 0.4 * windowMillis);
  if (historyMillis >= 10 * 60_000) return {};
  const windowSeconds = Math.max(historyMillis / 1000, BASELINE_STEP_SECONDS * 6);
  return {
    warmupMillis: historyMillis,
    robustBaseline: { windowSeconds, minHistoryPoints: 6 },
    changePoint: { windowSeconds, minHistoryPoints: 6 },
  };
}

const alertOf = (a: Anomaly): AlertRecord => ({ service: a.entity, indicator: a.indicator, atMillis: a.onsetMillis });

export const causewayMethod: EvalMethod = {
  name: 'causeway',
  async analyze(context) {
    const run = await runBatchPipeline(context.store, {
      fromMillis: context.windowStartMillis,
      toMillis: context.windowEndMillis,
      stepSeconds: BASELINE_STEP_SECONDS,
      ...shortCaseOptions(context.windowEndMillis - context.windowStartMillis),
    });
    if (!run.ok) return run;
    return ok({
      alerts: run.value.anomalies.map(alertOf),
      incidents: run.value.incidents.map(({ state, ranking }) => ({
        id: state.id,
        openedAtMillis: state.openedAtMillis,
        ...(state.resolvedAtMillis !== undefined ? { resolvedAtMillis: state.resolvedAtMillis } : {}),
        alerts: state.anomalies.map(alertOf),
        ranking: ranking.map((r) => ({ service: r.entity, indicator: r.indicator, score: r.score })),
      })),
    });
  },
};
