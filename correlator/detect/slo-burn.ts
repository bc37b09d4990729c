/**
 * Multi-window, multi-burn-rate SLO alerts, as in the Google SRE Workbook,
 * chapter 5 "Alerting on SLOs", section "Multiwindow, Multi-Burn-Rate Alerts"
 * (https://sre.google/workbook/alerting-on-slos/).
 *
 * Input: a "bad ratio" series per bucket: the error ratio for an availability
 * objective, or the share of requests slower than the latency threshold for a
 * latency objective. Burn rate over a window = mean bad ratio over the window
 * / (1 - objective); 1 means the error budget runs out exactly at the end of
 * the SLO period. A tier alerts while the burn rate over both its long and its
 * short window exceed its factor: the long window proves the burn is
 * significant, the short one that it is still happening (so the alert resets
 * soon after recovery).
 *
 * Default tiers: page when 1 h and 5 m burn > 14.4 (2% of a 30-day budget in
 * an hour); ticket when 6 h and 30 m burn > 6 (5% in six hours). (The
 * workbook pages on both and tickets on 3 d / 6 h at 1; pass `tiers` for that.)
 * Windows are in event time and can be scaled with `windowScale` so that a
 * short replayed dataset exercises the same logic on shorter windows.
 *
 * A ticket episode that overlaps a page episode is not reported: the page
 * already covers it (the workbook's alerts are meant to be inhibited that way).
 */
import { bucketMillis, bucketsIn, type Anomaly, type Detector, type SeriesInput, type Severity } from './anomaly.ts';
import { runsOf } from './runs.ts';

export interface BurnRateTier {
  readonly name: string;
  readonly longWindowSeconds: number;
  readonly shortWindowSeconds: number;
  readonly burnRate: number;
  readonly severity: Severity;
}

export const DEFAULT_BURN_RATE_TIERS: readonly BurnRateTier[] = Object.freeze([
  { name: 'page', longWindowSeconds: 3600, shortWindowSeconds: 300, burnRate: 14.4, severity: 'critical' },
  { name: 'ticket', longWindowSeconds: 6 * 3600, shortWindowSeconds: 1800, burnRate: 6, severity: 'warning' },
]);

export interface SloBurnOptions {
  /** Target share of good events, e.g. 0.999. */
  readonly objective: number;
  /** What the bad ratio measures; reported in evidence. Default 'availability'. */
  readonly kind?: 'availability' | 'latency';
  /** For a latency objective: the threshold defining a slow request, reported in evidence. */
  readonly latencyThresholdMillis?: number;
  readonly tiers?: readonly BurnRateTier[];
  /** Multiplies every window. Default 1. */
  readonly windowScale?: number;
  /** Share of a window's buckets that must hold data for it to be judged. Default 0.5. */
  readonly minCoverage?: number;
}

export const SLO_BURN = 'slo-burn';

export function createSloBurnDetector(options: SloBurnOptions): Detector {
  const { objective } = options;
  const tiers = options.tiers ?? DEFAULT_BURN_RATE_TIERS;
  const scale = options.windowScale ?? 1;
  const minCoverage = options.minCoverage ?? 0.5;
  if (!(objective > 0 && objective < 1) || !(scale > 0) || !(minCoverage > 0 && minCoverage <= 1)) {
    throw new RangeError('slo-burn: 0 < objective < 1, windowScale > 0, 0 < minCoverage <= 1');
  }
  const budget = 1 - objective;
  return {
    name: SLO_BURN,
    detect(series: SeriesInput): Anomaly[] {
      const prefix = prefixSums(series.values);
      const burnOver = (end: number, buckets: number): number => {
        const from = Math.max(0, end - buckets + 1);
        const n = prefix.count[end + 1]! - prefix.count[from]!;
        if (n < minCoverage * buckets) return NaN;
        return (prefix.sum[end + 1]! - prefix.sum[from]!) / n / budget;
      };
      const byTier = tiers.map((tier) => {
        const long = bucketsIn(tier.longWindowSeconds * scale, series.stepSeconds, `slo-burn ${tier.name} long window`);
        const short = bucketsIn(tier.shortWindowSeconds * scale, series.stepSeconds, `slo-burn ${tier.name} short window`);
        const longBurn = new Float64Array(series.values.length);
        const shortBurn = new Float64Array(series.values.length);
        const marks = Array.from(series.values, (_, i) => {
          longBurn[i] = burnOver(i, long);
          shortBurn[i] = burnOver(i, short);
          return longBurn[i]! > tier.burnRate && shortBurn[i]! > tier.burnRate ? tier.name : null;
        });
        return { tier, longBurn, shortBurn, runs: runsOf(marks, 1) };
      });

      const out: Anomaly[] = [];
      for (const { tier, longBurn, shortBurn, runs } of byTier) {
        for (const run of runs) {
          const inhibited = byTier.some(
            (other) => other.tier.burnRate > tier.burnRate && other.runs.some((r) => r.start < run.end && run.start < r.end),
          );
          if (inhibited) continue;
          let peak = run.start;
          for (let i = run.start; i < run.end; i++) if (Math.min(longBurn[i]!, shortBurn[i]!) > Math.min(longBurn[peak]!, shortBurn[peak]!)) peak = i;
          out.push({
            entity: series.entity,
            indicator: series.indicator,
            signal: series.name,
            detector: SLO_BURN,
            onsetMillis: bucketMillis(series, run.start),
            // >= 1 while firing; 3 = burning three times faster than the tier's line.
            score: Math.min(longBurn[peak]!, shortBurn[peak]!) / tier.burnRate,
            severity: tier.severity,
            direction: 'up',
            evidence: {
              baseline: budget,
              observed: budget * longBurn[peak]!,
              threshold: tier.burnRate,
              tier: tier.name,
              objective,
              kind: options.kind ?? 'availability',
              latencyThresholdMillis: options.latencyThresholdMillis,
              longBurnRate: longBurn[peak]!,
              shortBurnRate: shortBurn[peak]!,
              endMillis: bucketMillis(series, run.end),
            },
          });
        }
      }
      return out.sort((a, b) => a.onsetMillis - b.onsetMillis);
    },
  };
}

/** Prefix sums and counts of the finite values: window means in O(1). */
function prefixSums(values: Float64Array): { sum: Float64Array; count: Float64Array } {
  const sum = new Float64Array(values.length + 1);
  const count = new Float64Array(values.length + 1);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const ok = Number.isFinite(v);
    sum[i + 1] = sum[i]! + (ok ? v : 0);
    count[i + 1] = count[i]! + (ok ? 1 : 0);
  }
  return { sum, count };
}
