/**
 * Wires one Causeway process together: storage (opened and migrated), the
 * batch writer, both OTLP receivers, the correlator and the API. Start-up
 * order is the data flow's; shutdown is its reverse, so nothing accepted is
 * dropped: receivers stop taking requests and finish the ones in progress,
 * the writer flushes, the correlator finishes its window, then storage
 * closes.
 *
 * The correlator runs on event time: the ingest service reports the event
 * times of every stored request to the watermark (capped at the wall clock
 * plus a small skew), and the correlator's driver closes windows as the
 * watermark passes them.
 */
import { createApiServer } from '../api/index.ts';
import type { CausewayConfig } from '../config/index.ts';
import { CausewayFailure } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import {
  createBatchWriter,
  createGrpcReceiver,
  createHttpReceiver,
  createInFlightLimiter,
  createIngestMetrics,
  createIngestService,
} from '../collector/index.ts';
import {
  CORRELATOR_RUNTIME_DEFAULTS,
  type CorrelatorDriver,
  type RuntimeOverrides,
  createIngestWatermark,
  createLiveCorrelator,
} from '../correlator/runtime/index.ts';
import { createCauseRanker } from '../rca/index.ts';
import { type Store, migrate, openStore, pendingMigrations } from '../storage/index.ts';

export interface RunningCauseway {
  readonly ports: { readonly otlpGrpc: number; readonly otlpHttp: number; readonly api: number };
  /** The open store (for tools and tests that read what was ingested). */
  readonly store: Store;
  /** Bytes currently charged to the in-flight bound. */
  inFlightBytes(): number;
  /** The correlator's driver; undefined when `correlator.enabled` is false. */
  readonly correlator: CorrelatorDriver | undefined;
  shutdown(): Promise<void>;
}

export interface CausewayServiceOptions {
  /** Replaces parts of the correlator runtime (sink, ranker, detectors...): for tests and embedding. */
  readonly correlator?: RuntimeOverrides;
}

/** Concurrent inserts: enough to overlap decoding with writing, few enough to keep parts large. */
const MAX_CONCURRENT_INSERTS = 4;

export async function startCauseway(config: CausewayConfig, logger: Logger, options: CausewayServiceOptions = {}): Promise<RunningCauseway> {
  const storeOptions = { ...config.clickhouse, dataDir: config.dataDir, retention: config.retention };
  const opened = await openStore(storeOptions);
  if (!opened.ok) throw new CausewayFailure(opened.error);
  const store = opened.value;
  const migrated = await migrate(store, storeOptions);
  if (!migrated.ok) {
    await store.close();
    throw new CausewayFailure(migrated.error);
  }
  logger.info({ store: store.kind, database: store.database, applied: migrated.value.applied }, 'storage ready');

  const limiter = createInFlightLimiter(config.otlp.maxInFlightBytes);
  const metrics = createIngestMetrics(() => limiter.inFlightBytes);
  const writer = createBatchWriter(
    store,
    { ...config.batch, maxConcurrentInserts: MAX_CONCURRENT_INSERTS },
    {
      onInsert(table, rows, millis, result) {
        metrics.inserted(table, rows, millis, result.ok);
        if (!result.ok) logger.warn({ table, rows, code: result.error.code, message: result.error.message }, 'insert failed');
      },
    },
  );
  const watermark = config.correlator.enabled
    ? createIngestWatermark({ allowedLatenessSeconds: config.correlator.allowedLatenessSeconds, maxClockSkewSeconds: CORRELATOR_RUNTIME_DEFAULTS.maxClockSkewSeconds })
    : undefined;
  const service = createIngestService({
    writer,
    limiter,
    metrics,
    retryAfterSeconds: config.otlp.retryAfterSeconds,
    ...(watermark ? { onStored: (oldest: number, newest: number) => watermark.observe(oldest, newest) } : {}),
  });
  const receiverLogger = logger.child({ component: 'collector' });
  const common = { maxDecompressedBytes: config.otlp.maxDecompressedBytes, auth: config.otlp.auth, tls: config.otlp.tls, service, logger: receiverLogger };
  const grpcReceiver = createGrpcReceiver({ ...common, ...config.otlp.grpc });
  const httpReceiver = createHttpReceiver({ ...common, ...config.otlp.http, maxRequestBytes: config.otlp.maxRequestBytes });
  const api = createApiServer({
    ...config.api,
    store,
    logger: logger.child({ component: 'api' }),
    readiness: {
      async check() {
        if (!(await store.ping())) return 'storage is not reachable';
        const pending = await pendingMigrations(store, storeOptions);
        if (!pending.ok) return pending.error.message;
        return pending.value.length > 0 ? `${pending.value.length} migration(s) pending` : undefined;
      },
    },
  });

  let correlator: CorrelatorDriver | undefined;
  if (watermark) {
    const created = await createLiveCorrelator({
      store,
      config: config.correlator,
      watermark,
      logger: logger.child({ component: 'correlator' }),
      overrides: { ranker: createCauseRanker(), ...options.correlator },
    });
    if (!created.ok) {
      await writer.shutdown();
      await store.close();
      throw new CausewayFailure(created.error);
    }
    correlator = created.value;
  }

  const started: Array<{ shutdown(): Promise<void> }> = [];
  try {
    for (const component of [grpcReceiver, httpReceiver, ...(correlator ? [correlator] : []), api]) {
      await component.start();
      started.push(component);
    }
  } catch (err) {
    for (const c of started.reverse()) await c.shutdown();
    await writer.shutdown();
    await store.close();
    throw err;
  }

  let stopping: Promise<void> | undefined;
  return {
    ports: { otlpGrpc: grpcReceiver.port, otlpHttp: httpReceiver.port, api: api.port },
    store,
    inFlightBytes: () => limiter.inFlightBytes,
    correlator,
    shutdown() {
      stopping ??= (async () => {
        logger.info('shutting down: refusing new requests, finishing those in progress');
        // Flushing while the receivers close writes pending batches at once
        // instead of after batch.maxDelayMillis, so requests in progress finish sooner.
        await Promise.all([
          grpcReceiver.shutdown().then(() => logger.debug('OTLP/gRPC receiver closed')),
          httpReceiver.shutdown().then(() => logger.debug('OTLP/HTTP receiver closed')),
          writer.flush(),
        ]);
        await writer.shutdown();
        logger.debug('batch writer flushed');
        if (correlator) {
          await correlator.shutdown();
          logger.debug('correlator stopped');
        }
        await api.shutdown();
        logger.debug('API closed');
        await store.close();
        logger.info('shutdown complete');
      })();
      return stopping;
    },
  };
}
