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

const alertOf = (a: Anomaly): AlertRecord => ({ service: a.entity, indicator: a.indicator, atMillis: a.onsetMillis });

export const causewayMethod: EvalMethod = {
  name: 'causeway',
  async analyze(context) {
    const run = await runBatchPipeline(context.store, { fromMillis: context.windowStartMillis, toMillis: context.windowEndMillis, stepSeconds: BASELINE_STEP_SECONDS });
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
