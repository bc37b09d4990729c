import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigSchema, loadConfig, type CausewayConfig } from '../config/index.ts';
import { createConfigFiles } from '../config/testing/config-files.ts';
import { type Store } from '../storage/index.ts';
import { openMigratedStore, storeOptions, tempDir } from '../storage/testing/test-store.ts';
import type { Anomaly, Detector, SeriesInput } from './detect/anomaly.ts';
import { DEFAULT_BURN_RATE_TIERS } from './detect/slo-burn.ts';
import { LOG_TEMPLATE_DEFAULTS, LOG_RULES_DEFAULTS } from './detect/log-rules.ts';
import { T0, input, makeSeries } from './detect/test-series.ts';
import { INCIDENT_GROUPER_DEFAULTS } from './incidents/grouper-options.ts';
import { SEVERITY_LEVELS } from './logs/log-severity.ts';
import { correlatorSettingsFromConfig } from './settings.ts';
import { INDICATORS, type Indicator } from './signals/signal-frame.ts';

const MIN = 60_000;

const configFiles = createConfigFiles();
afterAll(() => configFiles.remove());

function configFrom(yaml: string): CausewayConfig {
  const c = loadConfig({ configFile: configFiles.write(yaml) });
  if (!c.ok) throw new Error(c.error.message);
  return c.value;
}

const defaults = (): CausewayConfig => configFrom('');
const detectAll = (detectors: readonly Detector[], s: SeriesInput): Anomaly[] => detectors.flatMap((d) => d.detect(s));

function series(entity: string, name: string, indicator: Indicator, values: Float64Array): SeriesInput {
  return { ...input(values, indicator, 60, name), entity };
}

/** The YAML block of docs/rules.md: the documented example must load and work. */
function documentedExample(): string {
  const page = readFileSync(new URL('../docs/rules.md', import.meta.url), 'utf8');
  const block = /```yaml\n([\s\S]*?)```/.exec(page);
  if (!block) throw new Error('docs/rules.md has no yaml example');
  return block[1]!;
}

const dir = tempDir('settings');
let store: Store;

beforeAll(async () => {
  store = await openMigratedStore(storeOptions({ dataDir: dir.path }));
});

afterAll(async () => {
  await store?.close();
  dir.remove();
});

describe('correlator settings from the configuration', () => {
  it('with no configuration: the built-in detectors, the log template source, the grouper defaults', async () => {
    const s = correlatorSettingsFromConfig(defaults().correlator);
    expect(s.detectors.map((d) => d.name)).toEqual(['robust-baseline', 'cusum', 'event-burst', 'restarts', 'predictive-linear']);
    expect(s.grouper).toEqual(INCIDENT_GROUPER_DEFAULTS);
    const sources = s.createSources(store);
    expect(sources.map((x) => x.name)).toEqual(['log-rules']);
    const empty = await sources[0]!.advance(T0, T0 + 10_000);
    expect(empty).toEqual({ ok: true, value: [] });
  });

  it('has the defaults of the modules it configures', () => {
    const k = defaults().correlator;
    const t = k.detectors.logTemplates;
    expect({ ...LOG_TEMPLATE_DEFAULTS }).toEqual({
      bucketSeconds: t.bucketSeconds, warmupSeconds: t.warmupMinutes * 60, minSeverity: t.minSeverity, spikeFactor: t.spikeFactor,
      spikeTrailingBuckets: t.spikeTrailingBuckets, spikeMinCount: t.spikeMinCount, maxRowsPerWindow: t.maxRowsPerWindow, maxSeries: LOG_TEMPLATE_DEFAULTS.maxSeries,
    });
    expect(k.detectors.logRuleStepSeconds).toBe(LOG_RULES_DEFAULTS.ruleStepSeconds);
    // The configuration's vocabularies are the correlator's.
    const correlator = ConfigSchema.properties.correlator.properties;
    const predictive = correlator.detectors.properties.predictive.properties;
    expect(predictive.indicators.items.anyOf.map((s: { const: string }) => s.const)).toEqual([...INDICATORS]);
    expect(correlator.detectors.properties.logTemplates.properties.minSeverity.anyOf.map((s: { const: string }) => s.const)).toEqual([...SEVERITY_LEVELS]);
    expect(DEFAULT_BURN_RATE_TIERS.map((x) => [x.longWindowSeconds / 60, x.shortWindowSeconds / 60])).toEqual([[60, 5], [360, 30]]);
  });

  it('turns a threshold rule into a detector that fires on its series only', () => {
    const s = correlatorSettingsFromConfig(
      configFrom(`correlator:\n  thresholdRules:\n    - { name: p95, entity: checkout, signal: latency_p95_ms, op: '>', value: 500, forSeconds: 120, severity: critical }\n`).correlator,
    );
    const values = new Float64Array(60).fill(200);
    for (let i = 30; i < 40; i++) values[i] = 800;
    const fired = detectAll(s.detectors, series('checkout', 'latency_p95_ms', 'latency', values)).filter((a) => a.detector === 'static-threshold');
    expect(fired.map((a) => [a.onsetMillis, a.severity, a.evidence.rule, a.evidence.firedAtMillis])).toEqual([[T0 + 30 * MIN, 'critical', 'p95', T0 + 32 * MIN]]);
    expect(detectAll(s.detectors, series('cart', 'latency_p95_ms', 'latency', values)).filter((a) => a.detector === 'static-threshold')).toEqual([]);
    expect(detectAll(s.detectors, series('checkout', 'latency_p50_ms', 'latency', values)).filter((a) => a.detector === 'static-threshold')).toEqual([]);
  });

  it('points the built-in predictive rule at utilisation series and availability SLOs at the service’s error rate', () => {
    const s = correlatorSettingsFromConfig(
      configFrom(`correlator:\n  detectors:\n    robustBaseline: { enabled: false }\n    changePoint: { enabled: false }\n  slos:\n    - { name: avail, service: checkout, objective: 0.999 }\n`).correlator,
    );
    const filling = makeSeries(12 * 60, (i) => 0.5 + (0.4 * i) / 720, 0.005, 31);
    expect(detectAll(s.detectors, series('db', 'system.filesystem.utilization', 'disk', filling)).map((a) => a.detector)).toEqual(['predictive-linear']);
    expect(detectAll(s.detectors, series('db', 'system.filesystem.usage', 'disk', filling))).toEqual([]);
    expect(detectAll(s.detectors, series('db', 'system.cpu.utilization', 'cpu', filling))).toEqual([]);

    const errors = Float64Array.from({ length: 12 * 60 }, (_, i) => (i >= 480 && i < 570 ? 0.02 : 0.0005));
    const burn = detectAll(s.detectors, series('checkout', 'error_rate', 'errors', errors));
    expect(burn.map((a) => [a.detector, a.severity, a.evidence.tier, a.evidence.slo])).toEqual([['slo-burn', 'critical', 'page', 'avail']]);
    expect(detectAll(s.detectors, series('cart', 'error_rate', 'errors', errors))).toEqual([]);
  });

  it('takes the incident-opening evidence settings from the configuration', () => {
    const c = configFrom('correlator:\n  incidents:\n    minEvidenceScore: 1.5\n    loneFoldChange: 5\n    memoryLoneFoldChange: 4\n    corroboratingDetectors: []\n').correlator;
    expect(correlatorSettingsFromConfig(c).grouper).toMatchObject({ minEvidenceScore: 1.5, loneFoldChange: 5, memoryLoneFoldChange: 4, corroboratingDetectors: [] });
  });

  it('builds everything the documented example describes', () => {
    const c = configFrom(documentedExample()).correlator;
    const s = correlatorSettingsFromConfig(c);
    expect(s.detectors.map((d) => d.name)).toEqual(['robust-baseline', 'cusum', 'event-burst', 'restarts', 'predictive-holt-winters', 'static-threshold', 'predictive-linear', 'slo-burn']);
    expect(s.createSources(store).map((x) => x.name)).toEqual(['log-rules', 'latency-slo']);
    expect(s.grouper).toMatchObject({ entryServices: ['frontend', 'checkout'], quietMillis: 900_000, groupWindowMillis: INCIDENT_GROUPER_DEFAULTS.groupWindowMillis });
    expect(s.staticDependencies).toEqual([{ from: 'checkout', to: 'payment' }, { from: 'payment', to: 'payment-db' }]);
    // Its database rule watches every entity ending in -db.
    const errors = new Float64Array(30).fill(0.2);
    const fired = detectAll(s.detectors, series('orders-db', 'error_rate', 'errors', errors)).filter((a) => a.detector === 'static-threshold');
    expect(fired.map((a) => a.evidence.rule)).toEqual(['database-errors']);
  });
});
