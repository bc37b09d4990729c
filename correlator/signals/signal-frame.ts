/**
 * A signal frame: time series per (entity, indicator) on a common grid of
 * fixed steps, as read from storage for a time range. Missing buckets are
 * NaN (no data), not zero: a service that sent nothing is not a service
 * whose rate dropped to zero unless the indicator says so (request rates are
 * filled with 0 for buckets inside the service's active span of time).
 */

/** The indicator vocabulary shared by detectors, root-cause ranking and the dataset truth. */
export const INDICATORS = ['cpu', 'mem', 'disk', 'net', 'latency', 'errors', 'traffic', 'log', 'code'] as const;
export type Indicator = (typeof INDICATORS)[number];

/** The indicators of resource saturation: what a shared pod, host or node can explain. */
export const RESOURCE_INDICATORS: ReadonlySet<Indicator> = new Set<Indicator>(['cpu', 'mem', 'disk', 'net']);

export type SignalSource = 'traces' | 'metrics' | 'logs';

export interface SignalSeries {
  /** The entity: a service name, or a database / remote peer seen from client spans. */
  readonly entity: string;
  readonly indicator: Indicator;
  /** What exactly is measured, e.g. `latency_p95`, `error_rate`, `container.cpu.utilization`. */
  readonly name: string;
  readonly source: SignalSource;
  /** One value per bucket; NaN where there is no data. */
  readonly values: Float64Array;
}

export interface SignalFrame {
  readonly fromMillis: number;
  readonly stepSeconds: number;
  readonly buckets: number;
  readonly series: readonly SignalSeries[];
}

export function bucketStartMillis(frame: SignalFrame, bucket: number): number {
  return frame.fromMillis + bucket * frame.stepSeconds * 1000;
}
