/**
 * What a fault is to the simulator: a model (which targets it can hit, how
 * to draw its parameters) and, once placed in a case, an effect that
 * changes the condition of the target's pods while it is active. Every
 * effect is a pure function of the pod and the time, so any part of the
 * simulation can ask about any moment in any order.
 */
import type { FaultIndicator } from '../../format/case-truth.ts';
import type { Rollout } from '../fleet/fleet.ts';
import type { Outage, PodInstance } from '../fleet/pods.ts';
import type { Rng } from '../prng.ts';
import type { ErrorInfo } from '../sim/errors.ts';
import type { CallGraph } from '../topology/graph.ts';
import type { SystemTopology } from '../topology/types.ts';

export const FAULT_TYPES = [
  'cpu-hog',
  'memory-leak',
  'disk-pressure',
  'network-delay',
  'packet-loss',
  'exception',
  'bad-deploy',
  'slow-database',
  'dependency-outage',
] as const;
export type FaultType = (typeof FAULT_TYPES)[number];

/** Requests to `operation` (any operation when null) fail with `error` at `rate`. */
export interface FailureEffect {
  readonly operation: string | null;
  readonly rate: number;
  readonly error: (operation: string) => ErrorInfo;
}

/**
 * The state of one pod at one moment, as the request simulation and the
 * resource metrics read it. Neutral values mean "no fault".
 */
export interface Condition {
  /** CPU burnt by something other than requests (cores). */
  cpuExtraCores: number;
  /** Multiplies the pod's own processing time. */
  slowdown: number;
  /** Added to the pod's own processing time (ms). */
  extraMs: number;
  /** Added to every packet the pod sends: its responses and its outgoing requests (ms). */
  egressDelayMs: number;
  /** Share of the pod's packets lost. */
  lossRate: number;
  /** Memory held beyond the normal working set (bytes). */
  memExtraBytes: number;
  /** Heap occupancy pressure, 0 (normal) to 1 (full): drives GC time. */
  gcPressure: number;
  /** Bytes written to the pod's filesystem beyond normal. */
  fsExtraBytes: number;
  /** Writes fail. */
  diskFull: boolean;
  /** Connections to the pod time out (a network partition). */
  unreachable: boolean;
  failures: FailureEffect[];
  /** Database pods: multiplies statement time. */
  dbSlowdown: number;
  /** Database pods: added to statement time (ms). */
  dbExtraMs: number;
}

export function neutralCondition(): Condition {
  return {
    cpuExtraCores: 0,
    slowdown: 1,
    extraMs: 0,
    egressDelayMs: 0,
    lossRate: 0,
    memExtraBytes: 0,
    gcPressure: 0,
    fsExtraBytes: 0,
    diskFull: false,
    unreachable: false,
    failures: [],
    dbSlowdown: 1,
    dbExtraMs: 0,
  };
}

/** A log line a fault makes a pod write by itself (not tied to a request). */
export interface PodLogLine {
  readonly tMs: number;
  readonly severity: 'INFO' | 'WARN' | 'ERROR' | 'FATAL';
  /** `$DATE` in the body is replaced with the line's time in ISO 8601 (for JSON log formats that carry their own time). */
  readonly body: string;
  readonly exceptionType?: string;
}

export interface FaultEffect {
  readonly type: FaultType;
  readonly indicator: FaultIndicator;
  /** Service or database name, as in the truth. */
  readonly target: string;
  readonly startMs: number;
  readonly endMs: number;
  /** Whether the fault acts on this pod at all. */
  affects(pod: PodInstance): boolean;
  /** Adds the effect on an affected pod at `t` (only called for startMs <= t < endMs). */
  apply(pod: PodInstance, t: number, c: Condition): void;
  /** Outages the fault causes to an affected pod. */
  outages(pod: PodInstance): Outage[];
  /** Rollouts the fault brings (a bad deploy and its rollback). */
  readonly rollouts: readonly Rollout[];
  /** Lines an affected pod logs by itself in [fromMs, toMs) because of the fault. */
  podLogs(pod: PodInstance, fromMs: number, toMs: number, rng: Rng): PodLogLine[];
}

export interface FaultContext {
  readonly topology: SystemTopology;
  readonly graph: CallGraph;
  readonly target: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly rng: Rng;
}

export interface FaultModel {
  readonly type: FaultType;
  readonly indicator: FaultIndicator;
  /** Services (or databases) this fault can be placed on: busy enough to be seen, with a caller to reach. */
  targets(topology: SystemTopology, graph: CallGraph): string[];
  create(ctx: FaultContext): FaultEffect;
}
