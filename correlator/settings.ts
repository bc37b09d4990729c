/**
 * The correlator's configuration section turned into working parts: the
 * detectors to run on every series of a signal frame, the anomaly sources
 * that read storage themselves (log rules and templates, latency SLOs), and
 * the incident grouper's options, and the calls known from configuration. Units are converted here (configuration
 * speaks seconds and minutes, modules seconds and milliseconds); defaults
 * all come from the configuration schema.
 *
 * Which series each detector watches:
 * - robust baseline and change point: every series;
 * - event burst: error log series (errors from a service that had none);
 * - the built-in predictive rule: utilisation series (names ending in
 *   `utilization`, ratios 0..1) of `detectors.predictive.indicators`;
 * - threshold and predictive rules: the series their entity and signal
 *   name (or patterns) select;
 * - availability SLOs: the service's `error_rate` series (the share of
 *   failed requests per bucket). Latency SLOs need the share of slow
 *   requests, which the frame does not hold: they are an anomaly source.
 */
import type { CausewayConfig } from '../config/index.ts';
import type { AnomalySource } from './detect/anomaly-source.ts';
import type { Detector } from './detect/anomaly.ts';
import { createChangePointDetector } from './detect/change-point.ts';
import { createEventBurstDetector } from './detect/event-burst.ts';
import { createRestartsDetector } from './detect/restarts.ts';
import { createLatencySloSource } from './detect/latency-slo-source.ts';
import { type LogRulesStore, createLogRulesSource } from './detect/log-rules.ts';
import { createPredictiveDetector } from './detect/predictive.ts';
import { createRobustBaselineDetector } from './detect/robust-baseline.ts';
import { scopedDetector, seriesMatcher } from './detect/series-filter.ts';
import type { StaticDependency } from './topology/static-dependencies.ts';
import { type BurnRateTier, createSloBurnDetector } from './detect/slo-burn.ts';
import { createStaticThresholdDetector } from './detect/static-threshold.ts';
import { type IncidentGrouperOptions, resolveGrouperOptions } from './incidents/grouper-options.ts';

export type CorrelatorConfig = CausewayConfig['correlator'];

export interface CorrelatorSettings {
  /** Calls known from configuration, added to the graph traces build. */
  readonly staticDependencies: readonly StaticDependency[];
  /** Pure detectors, each choosing its series: run every one on every series. */
  readonly detectors: readonly Detector[];
  /**
   * Fresh, stateful anomaly sources for one run of the correlator (a live
   * instance, one evaluated case); advance them once per closed window.
   */
  createSources(store: LogRulesStore): AnomalySource[];
  readonly grouper: IncidentGrouperOptions;
}

/** The series name of a service's failed-request share (correlator/signals). */
const ERROR_RATE_SIGNAL = 'error_rate';
/** OpenTelemetry names ratios of capacity in use `*.utilization` (0..1). */
const UTILIZATION = /utilization$/;

export function correlatorSettingsFromConfig(c: CorrelatorConfig): CorrelatorSettings {
  return {
    detectors: [...builtInDetectors(c.detectors), ...ruleDetectors(c)],
    createSources: (store) => sources(c, store),
    grouper: grouperOptions(c.incidents),
    staticDependencies: c.dependencies,
  };
}

function builtInDetectors(d: CorrelatorConfig['detectors']): Detector[] {
  const out: Detector[] = [];
  const rb = d.robustBaseline;
  if (rb.enabled) out.push(createRobustBaselineDetector({ k: rb.k, windowSeconds: rb.windowSeconds, minPoints: rb.minPoints, strongFactor: rb.strongFactor, runChance: rb.runChance, seasonality: rb.seasonality }));
  const cp = d.changePoint;
  if (cp.enabled) out.push(createChangePointDetector({ windowSeconds: cp.windowSeconds, drift: cp.drift, h: cp.h }));
  const eb = d.eventBurst;
  if (eb.enabled) out.push(createEventBurstDetector({ windowSeconds: eb.windowSeconds, maxRecentBuckets: eb.maxRecentBuckets, minEventBuckets: eb.minEventBuckets, alpha: eb.alpha }));
  if (d.restarts.enabled) out.push(createRestartsDetector());
  const p = d.predictive;
  if (p.enabled) {
    const watched = new Set<string>(p.indicators);
    const detector = createPredictiveDetector({
      limit: p.limit,
      method: p.method,
      horizonSeconds: p.horizonMinutes * 60,
      windowSeconds: p.windowMinutes * 60,
      seasonSeconds: p.seasonMinutes * 60,
    });
    out.push(scopedDetector(detector, (s) => watched.has(s.indicator) && UTILIZATION.test(s.name)));
  }
  return out;
}

function ruleDetectors(c: CorrelatorConfig): Detector[] {
  const out: Detector[] = [];
  if (c.thresholdRules.length > 0) {
    out.push(
      createStaticThresholdDetector(
        c.thresholdRules.map((r) => ({
          name: r.name,
          signal: seriesMatcher(r),
          op: r.op,
          value: r.value,
          forSeconds: r.forSeconds,
          keepFiringForSeconds: r.keepFiringForSeconds,
          severity: r.severity,
        })),
      ),
    );
  }
  for (const r of c.predictiveRules) {
    const detector = createPredictiveDetector({
      limit: r.limit,
      direction: r.direction,
      method: r.method ?? c.detectors.predictive.method,
      horizonSeconds: r.horizonMinutes * 60,
      windowSeconds: r.windowMinutes * 60,
      minPoints: r.minPoints,
      seasonSeconds: r.seasonMinutes * 60,
    });
    out.push(scopedDetector(detector, seriesMatcher(r), { rule: r.name }));
  }
  for (const s of c.slos) {
    if (s.kind !== 'availability') continue;
    const detector = createSloBurnDetector({ objective: s.objective, kind: 'availability', windowScale: s.windowScale, ...(s.tiers ? { tiers: s.tiers.map(tier) } : {}) });
    out.push(scopedDetector(detector, (x) => x.entity === s.service && x.name === ERROR_RATE_SIGNAL, { slo: s.name }));
  }
  return out;
}

function tier(t: NonNullable<CorrelatorConfig['slos'][number]['tiers']>[number]): BurnRateTier {
  return { name: t.name, longWindowSeconds: t.longWindowMinutes * 60, shortWindowSeconds: t.shortWindowMinutes * 60, burnRate: t.burnRate, severity: t.severity };
}

function sources(c: CorrelatorConfig, store: LogRulesStore): AnomalySource[] {
  const out: AnomalySource[] = [];
  const t = c.detectors.logTemplates;
  if (c.logRules.length > 0 || t.enabled) {
    out.push(
      createLogRulesSource(store, {
        rules: c.logRules,
        ruleStepSeconds: c.detectors.logRuleStepSeconds,
        templates: t.enabled && {
          bucketSeconds: t.bucketSeconds,
          warmupSeconds: t.warmupMinutes * 60,
          minSeverity: t.minSeverity,
          spikeFactor: t.spikeFactor,
          spikeTrailingBuckets: t.spikeTrailingBuckets,
          spikeMinCount: t.spikeMinCount,
          maxRowsPerWindow: t.maxRowsPerWindow,
        },
      }),
    );
  }
  const latency = c.slos.filter((s) => s.kind === 'latency');
  if (latency.length > 0) {
    out.push(
      createLatencySloSource(store, {
        slos: latency.map((s) => ({
          name: s.name,
          service: s.service,
          objective: s.objective,
          thresholdMillis: s.latencyThresholdMillis!,
          windowScale: s.windowScale,
          ...(s.tiers ? { tiers: s.tiers.map(tier) } : {}),
        })),
      }),
    );
  }
  return out;
}

function grouperOptions(i: CorrelatorConfig['incidents']): IncidentGrouperOptions {
  return resolveGrouperOptions({
    groupWindowMillis: i.groupWindowSeconds * 1000,
    hops: i.hops,
    minAnomalies: i.minAnomalies,
    minEvidenceScore: i.minEvidenceScore,
    loneFoldChange: i.loneFoldChange,
    memoryLoneFoldChange: i.memoryLoneFoldChange,
    corroboratingDetectors: i.corroboratingDetectors,
    pendingTtlMillis: i.pendingSeconds * 1000,
    quietMillis: i.quietSeconds * 1000,
    reopenWindowMillis: i.reopenWindowSeconds * 1000,
    flapMaxToggles: i.flapMaxToggles,
    flapWindowMillis: i.flapWindowSeconds * 1000,
    entryServices: i.entryServices,
    breadthForP1: i.breadthForP1,
  });
}
