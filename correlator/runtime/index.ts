/**
 * Public surface of correlator/runtime/: the correlator on event time
 * (watermarks), shared by the live service and `causeway eval`.
 */
export { createCorrelatorRuntime, type CorrelatorRuntime } from './correlator-runtime.ts';
export { CORRELATOR_RUNTIME_DEFAULTS, type CorrelatorRuntimeOptions } from './runtime-options.ts';
export { createMemoryIncidentSink, type IncidentEventSink, type MemoryIncidentSink } from './incident-sink.ts';
export { createIngestWatermark, type IngestWatermark, type IngestWatermarkOptions } from './ingest-watermark.ts';
export { createCorrelatorDriver, type CorrelatorDriver, type CorrelatorDriverOptions } from './correlator-driver.ts';
export { createStandInCauseRanker } from './stand-in-ranker.ts';
export { createLiveCorrelator, type LiveCorrelatorOptions, type LiveCorrelatorStore, type RuntimeOverrides } from './live-correlator.ts';
