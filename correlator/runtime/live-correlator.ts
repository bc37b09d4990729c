/**
 * The correlator of a running service, assembled from its configuration:
 * the detectors, sources and grouping of `correlator.*`
 * (correlatorSettingsFromConfig), incident events into
 * `causeway_incident_events`, topology snapshots into storage, the stand-in
 * ranking until root-cause ranking is injected, all driven by the ingest
 * watermark. Tests and embedders may replace any runtime part.
 *
 * Restart: the runtime starts empty (incidents open before a restart are not
 * continued); its incident ids get a prefix of their own when the stored log
 * already holds incidents, so no id is opened twice.
 */
import { type Result, ok } from '../../core/result.ts';
import type { Logger } from '../../core/logger.ts';
import { createIncidentEventStore } from '../incidents/event-store.ts';
import { type CorrelatorConfig, correlatorSettingsFromConfig } from '../settings.ts';
import type { LogRulesStore } from '../detect/log-rules.ts';
import type { SnapshotWriteStore } from '../topology/snapshot-store.ts';
import { type CorrelatorDriver, createCorrelatorDriver } from './correlator-driver.ts';
import { createCorrelatorRuntime } from './correlator-runtime.ts';
import type { IngestWatermark } from './ingest-watermark.ts';
import type { CorrelatorRuntimeOptions } from './runtime-options.ts';
import { createStandInCauseRanker } from './stand-in-ranker.ts';

/** What the live correlator needs of the store: reads, inserts (events, snapshots) and the log rules' reads. */
export type LiveCorrelatorStore = LogRulesStore & SnapshotWriteStore;

/** Parts of the runtime a caller may replace (tests, embedding). */
export type RuntimeOverrides = Partial<Omit<CorrelatorRuntimeOptions, 'store' | 'startMillis'>>;

export interface LiveCorrelatorOptions {
  readonly store: LiveCorrelatorStore;
  readonly config: CorrelatorConfig;
  readonly watermark: IngestWatermark;
  readonly logger: Logger;
  readonly overrides?: RuntimeOverrides;
}

export async function createLiveCorrelator(options: LiveCorrelatorOptions): Promise<Result<CorrelatorDriver>> {
  const { store, config } = options;
  const overrides = options.overrides ?? {};
  const settings = correlatorSettingsFromConfig(config);
  const events = createIncidentEventStore(store);
  let idPrefix: string | undefined;
  if (!overrides.sink) {
    // Only the ids are needed: fold nothing older than now.
    const restored = await events.restore({ activeSinceMillis: Date.now() });
    if (!restored.ok) return restored;
    if (restored.value.incidentIds.size > 0) idPrefix = `inc-${Date.now().toString(36)}-`;
  }
  return ok(
    createCorrelatorDriver({
      watermark: options.watermark,
      stepSeconds: config.stepSeconds,
      historyMinutes: config.historyMinutes,
      logger: options.logger,
      createRuntime: (startMillis) =>
        createCorrelatorRuntime({
          store,
          startMillis,
          stepSeconds: config.stepSeconds,
          historyMinutes: config.historyMinutes,
          sink: events,
          snapshots: store,
          ranker: createStandInCauseRanker(),
          detectors: settings.detectors,
          sources: settings.createSources(store),
          ...overrides,
          grouper: { ...settings.grouper, ...(idPrefix ? { idPrefix } : {}), ...overrides.grouper },
        }),
    }),
  );
}
