/**
 * The truth about one case (`case.json`, format version 1), as specified in
 * the project's dataset format: the telemetry window and every injected
 * fault. An empty fault list marks a fault-free control case.
 */

export const FAULT_INDICATORS = ['cpu', 'mem', 'disk', 'net', 'latency', 'errors', 'traffic', 'log', 'code'] as const;
export type FaultIndicator = (typeof FAULT_INDICATORS)[number];

export interface FaultTruth {
  /** `service.name` of the faulty service, exactly as in the telemetry. */
  readonly service: string;
  readonly indicator: FaultIndicator;
  /** Free text: `cpu-hog`, `memory-leak`, `network-delay`, `bad-deploy`, ... */
  readonly type: string;
  /** ISO 8601, UTC. */
  readonly start: string;
  readonly end?: string;
}

export interface CaseTruth {
  readonly version: 1;
  readonly id: string;
  readonly system: string;
  readonly window: { readonly start: string; readonly end: string };
  readonly faults: readonly FaultTruth[];
}

/** `dataset.json`, optional. */
export interface DatasetInfo {
  readonly name?: string;
  readonly system?: string;
  readonly description?: string;
  readonly source?: string;
  readonly license?: string;
}

export type SignalFile = 'traces' | 'metrics' | 'logs';
export const SIGNAL_FILES: readonly SignalFile[] = ['traces', 'metrics', 'logs'];
