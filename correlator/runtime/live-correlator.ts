/**
 * The correlator of a running service, assembled from its configuration:
 * the detectors, sources and grouping of `correlator.*`
 * (correlatorSettingsFromConfig), incident events into
 * `causeway_incident_events`, topology snapshots into storage, the ranker
 * the caller injects (the service injects rca/'s; the stand-in heuristic
 * otherwise, since correlator/ cannot import the later stage), all driven by
 * the ingest watermark. Tests and embedders may replace any runtime part.
 *
 * Restart: the grouper goes on from the stored log (incidents open or
 * resolved within the last two hours, and every id ever used), so an open
 * incident keeps taking related anomalies and resolves when quiet, and no id
 * is opened twice. The runtime starts up to one history before the watermark
 * and reads those stored windows again, which refills the detectors'
 * history; anomalies with onsets up to the log's last event were handled
 * before the restart and are not taken again.
 */
import { type Result, ok } from '../../core/result.ts';
import type { Logger } from '../../core/logger.ts';
import { createIncidentEventStore } from '../incidents/event-store.ts';
import type { RestoredGrouperState } from '../incidents/incident-grouper.ts';
import { type CorrelatorConfig, correlatorSettingsFromConfig } from '../settings.ts';
import type { LogRulesStore } from '../detect/log-rules.ts';
import type { SnapshotWriteStore } from '../topology/snapshot-store.ts';
import { type CorrelatorDriver, createCorrelatorDriver } from './correlator-driver.ts';
import { createCorrelatorRuntime } from './correlator-runtime.ts';
import type { IngestWatermark } from './ingest-watermark.ts';
import type { CorrelatorRuntimeOptions } from './runtime-options.ts';
import { createStandInCauseRanker } from './stand-in-ranker.ts';

/** Incidents open or resolved this recently are continued after a restart (longer than the default reopen window plus quiet period). */
const RESTORE_LOOKBACK_MILLIS = 2 * 60 * 60_000;

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
  let restored: RestoredGrouperState | undefined;
  let handledThroughMillis: number | undefined;
  if (!overrides.sink) {
    // Go on from the stored log: incidents still open (or recently resolved, so
    // they can be reopened as linked ones) continue; every id ever used stays used.
    const since = Date.now() - RESTORE_LOOKBACK_MILLIS;
    const log = await events.restore({ activeSinceMillis: since });
    if (!log.ok) return log;
    restored = { states: log.value.states, usedIds: log.value.incidentIds };
    // The runtime reads up to a history of stored windows again; anomalies the
    // previous run already handled (up to its last event) are not taken twice.
    for (const e of log.value.events) handledThroughMillis = Math.max(handledThroughMillis ?? e.atMillis, e.atMillis);
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
          staticDependencies: settings.staticDependencies,
          ...overrides,
          grouper: { ...settings.grouper, ...overrides.grouper },
          ...(restored ? { restored } : {}),
          ...(handledThroughMillis !== undefined ? { takeOnsetsFromMillis: handledThroughMillis + 1 } : {}),
        }),
    }),
  );
}
