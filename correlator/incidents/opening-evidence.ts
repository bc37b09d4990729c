/**
 * When the evidence of a group of related anomalies is enough to open an
 * incident. `evidence` is the group's evidence only (load changes and
 * borderline anomalies already left out by the grouper).
 *
 * A finding is an entity + indicator (p95 and p99 of one service are one).
 * A group opens when both hold:
 * 1. some finding was seen by a detector that is not merely corroborating
 *    (`corroboratingDetectors`, the change point by default). CUSUM adds up
 *    small deviations, so on noisy series (percentiles of sparsely sampled
 *    traces, short references) it finds level shifts that nothing else
 *    confirms; a level shift supports an incident another detector saw, but
 *    does not found one. Unless it followed a deployment of its own service
 *    (`followsOwnDeploy`, correlator/deploys): then the deployment is what
 *    confirms it;
 * 2. it holds `minAnomalies` findings, or one critical anomaly that stands
 *    alone. A critical rule, SLO burn or forecast stands alone: it is an
 *    operator's statement that something is broken. A statistical detector's
 *    critical (`statisticalDetectors`) only says the deviation is large for
 *    that series' own noise, which a noisy front-end percentile or a
 *    filesystem growing in steps reaches by chance; it stands alone only when
 *    the value also moved at least `loneFoldChange`-fold from its baseline
 *    (either way, e.g. CPU from 20% to 90%, errors from none), the size of
 *    change an operator calls broken whatever the noise; for memory
 *    `memoryLoneFoldChange` (a container seldom has room to triple its
 *    memory: a leak doubles it on its way to being killed). Memory is the
 *    `mem` indicator, so a garbage collector's time counts too; the rule was
 *    measured with it (no false incident added on 1088 generated faults). A critical rise of
 *    a service's errors right after its own deployment (`followsOwnDeploy`)
 *    stands alone at any fold: a few more errors a minute after a release
 *    is what a bad deploy looks like.
 */
import { followsOwnDeploy } from '../deploys/index.ts';
import type { Anomaly } from '../detect/anomaly.ts';

export interface OpeningEvidenceOptions {
  readonly minAnomalies: number;
  readonly statisticalDetectors: readonly string[];
  readonly corroboratingDetectors: readonly string[];
  readonly loneFoldChange: number;
  readonly memoryLoneFoldChange: number;
}

/** Whether a finding may found an incident (rule 1): its detector is not merely corroborating, or a deployment of its service confirms it. */
export function isFounding(a: Anomaly, o: Pick<OpeningEvidenceOptions, 'corroboratingDetectors'>): boolean {
  return !o.corroboratingDetectors.includes(a.detector) || followsOwnDeploy(a);
}

export function isEnoughToOpen(evidence: readonly Anomaly[], o: OpeningEvidenceOptions): boolean {
  if (!evidence.some((a) => isFounding(a, o))) return false;
  const findings = new Set(evidence.map((a) => `${a.entity}|${a.indicator}`));
  return findings.size >= o.minAnomalies || evidence.some((a) => standsAlone(a, evidence, o));
}

function standsAlone(a: Anomaly, evidence: readonly Anomaly[], o: OpeningEvidenceOptions): boolean {
  if (a.severity !== 'critical') return false;
  if (followsOwnDeploy(a)) return !isSlowestFew(a);
  if (o.corroboratingDetectors.includes(a.detector) && !confirmed(a, evidence, o)) return false;
  if (!o.statisticalDetectors.includes(a.detector)) return true;
  return foldChange(a) >= (a.indicator === 'mem' ? o.memoryLoneFoldChange : o.loneFoldChange) && !isSlowestFew(a);
}

/**
 * Whether a detector that is not merely corroborating saw the same series
 * move the same way: then a corroborating detector's critical finding is
 * no longer a level shift nothing else confirms.
 */
function confirmed(a: Anomaly, evidence: readonly Anomaly[], o: OpeningEvidenceOptions): boolean {
  return evidence.some((b) => b !== a && !o.corroboratingDetectors.includes(b.detector) && b.entity === a.entity && b.signal === a.signal && b.direction === a.direction);
}

/**
 * A q-quantile over fewer than 1 / (1 - q) values is their maximum: the
 * 95th percentile of a bucket with under 20 spans is its slowest span, and
 * one slow request moves it as far as a real shift would. Such an anomaly
 * waits for a second finding (the median moving too, another service).
 * Needs `evidence.quantile` and `evidence.spansPerBucket` (the runtime's
 * span-support.ts); without them nothing is judged sparse.
 */
function isSlowestFew(a: Anomaly): boolean {
  const { quantile, spansPerBucket } = a.evidence;
  return typeof quantile === 'number' && typeof spansPerBucket === 'number' && quantile < 1 && spansPerBucket < 1 / (1 - quantile);
}

/** How many times larger the larger of baseline and observed value is than the other (Infinity from zero); NaN without both. */
function foldChange(a: Anomaly): number {
  const { baseline, observed } = a.evidence;
  if (typeof baseline !== 'number' || typeof observed !== 'number' || !Number.isFinite(baseline) || !Number.isFinite(observed)) return NaN;
  const [low, high] = [Math.abs(baseline), Math.abs(observed)].sort((x, y) => x - y) as [number, number];
  if (high === 0) return 1;
  return low === 0 ? Number.POSITIVE_INFINITY : high / low;
}
