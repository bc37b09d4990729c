/**
 * Whether a change reached the service's answers. A fault becomes an
 * incident by changing how a service answers its callers (slower, failing,
 * logging errors); a resource or load signal that moved while the service
 * kept answering as before (a rollout that swapped pods and reset their
 * disk usage, a batch job's cpu) explains nothing upstream.
 *
 * So a score that blames a resource or load indicator is scaled by the
 * service's own response impact: `floor` when its latency, error and
 * error-log signals did not move, rising to 1 when they moved clearly
 * (FULL_IMPACT). A service without response signals (metrics-only data often
 * has none for most services) is not scaled: absence of evidence is not
 * evidence of no impact.
 */
import type { Indicator } from '../correlator/index.ts';
import type { Deviation } from './series-deviation.ts';

export const RESPONSE_INDICATORS: ReadonlySet<Indicator> = new Set<Indicator>(['latency', 'errors', 'log']);

/** How far the response signals moved, log-compressed to [0, 1]; undefined without response signals. */
export function responseImpact(deviations: readonly Deviation[], largest: number): number | undefined {
  let impact: number | undefined;
  for (const d of deviations) {
    if (!RESPONSE_INDICATORS.has(d.series.indicator)) continue;
    const moved = d.silent ? largest : Math.min(largest, d.peak);
    impact = Math.max(impact ?? 0, Math.log1p(moved) / Math.log1p(largest));
  }
  return impact;
}

/** Response impact from which a change counts as fully reaching the answers (about 6 baseline spreads). */
export const FULL_IMPACT = 0.5;

/** `score` scaled by the response impact when it blames a resource or load indicator. */
export function gateByImpact(score: number, indicator: Indicator, impact: number | undefined, floor: number): number {
  if (RESPONSE_INDICATORS.has(indicator) || impact === undefined) return score;
  return score * (floor + (1 - floor) * Math.min(1, impact / FULL_IMPACT));
}
