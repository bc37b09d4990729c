/**
 * The BARO-style baseline: per signal, the median and interquartile range
 * learnt before the detected onset; each entity is ranked by the largest
 * scaled deviation |x - median| / IQR of any of its signals after the onset.
 * (The BARO paper, "Robust Root Cause Analysis for Microservices via
 * Multivariate Bayesian Online Change Point Detection", FSE 2024, uses its
 * own change-point detector for the onset; here the shared detector of the
 * baselines stands in.)
 */
import { ok } from '../../../core/result.ts';
import { type SignalFrame, alignSignalRange, bucketStartMillis, readSignalFrame } from '../../../correlator/index.ts';
import type { AlertRecord, MethodOutput, RankedCause } from '../method-output.ts';
import { detectChangePoint } from './change-point.ts';
import type { EvalMethod } from './method.ts';
import { BASELINE_STEP_SECONDS } from './baseline-frame.ts';

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Largest scaled deviation of each series after `onset`, against its own distribution before it. */
export function robustScores(frame: SignalFrame, onset: number): number[] {
  return frame.series.map((s) => {
    const before: number[] = [];
    for (let i = 0; i < onset; i++) if (Number.isFinite(s.values[i]!)) before.push(s.values[i]!);
    if (before.length < 3) return 0;
    before.sort((a, b) => a - b);
    const med = quantile(before, 0.5);
    const iqr = quantile(before, 0.75) - quantile(before, 0.25);
    const scale = iqr > 0 ? iqr : Math.max(1e-9, 1e-3 * Math.abs(med));
    let worst = 0;
    for (let i = onset; i < frame.buckets; i++) {
      const v = s.values[i]!;
      if (Number.isFinite(v)) worst = Math.max(worst, Math.abs(v - med) / scale);
    }
    return worst;
  });
}

/** Entities ranked by their best series' score, each with that series' indicator; scores mapped to [0, 1). */
export function rankEntities(frame: SignalFrame, scores: readonly number[]): RankedCause[] {
  const best = new Map<string, RankedCause>();
  frame.series.forEach((s, i) => {
    const score = scores[i]!;
    const current = best.get(s.entity);
    if (!current || score > current.score) best.set(s.entity, { service: s.entity, indicator: s.indicator, score });
  });
  return [...best.values()].sort((a, b) => b.score - a.score || a.service.localeCompare(b.service)).map((c) => ({ ...c, score: c.score / (1 + c.score) }));
}

export function baselineIncident(frame: SignalFrame, methodName: string, ranking: (onset: number) => RankedCause[]): MethodOutput {
  const change = detectChangePoint(frame);
  if (!change) return { alerts: [], incidents: [] };
  const at = bucketStartMillis(frame, change.bucket);
  const alerts: AlertRecord[] = change.shiftedSeries.map((i) => ({ service: frame.series[i]!.entity, indicator: frame.series[i]!.indicator, atMillis: at }));
  return { alerts, incidents: [{ id: `${methodName}-1`, openedAtMillis: at, alerts, ranking: ranking(change.bucket) }] };
}

export const baroMethod: EvalMethod = {
  name: 'baro',
  async analyze(context) {
    const frame = await readSignalFrame(context.store, alignSignalRange(context.windowStartMillis, context.windowEndMillis, BASELINE_STEP_SECONDS));
    if (!frame.ok) return frame;
    return ok(baselineIncident(frame.value, 'baro', (onset) => rankEntities(frame.value, robustScores(frame.value, onset))));
  },
};
