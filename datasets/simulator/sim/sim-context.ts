/**
 * What the parts of the request simulation share: the options, the lookup
 * tables built from the topology, and the two operations every kind of
 * call needs from the core (serving a request in a pod, writing a log
 * line). The core (request-sim.ts) builds it; the call kinds
 * (service-call.ts, db-call.ts, publish-call.ts) use it.
 */
import type { Conditions } from '../faults/conditions.ts';
import type { Fleet } from '../fleet/fleet.ts';
import type { PodInstance } from '../fleet/pods.ts';
import { str } from '../emit/otlp.ts';
import type { Rng } from '../prng.ts';
import type { BackingSpec, OperationSpec, QueueSpec, ServiceSpec, SystemTopology } from '../topology/types.ts';
import type { CallTarget, ErrorInfo } from './errors.ts';
import type { LogRecord, RecordSink } from './records.ts';

export interface RequestSimOptions {
  readonly topology: SystemTopology;
  readonly fleet: Fleet;
  readonly conditions: Conditions;
  readonly sink: RecordSink;
  readonly rng: Rng;
  /** Window-relative ms -> OTLP nanosecond text. */
  readonly nanos: (t: number) => string;
  /** Window-relative ms -> ISO 8601 (for log bodies that carry their own time). */
  readonly iso: (t: number) => string;
  /** Mild contention: multiplies processing time at a given moment (traffic bursts). */
  readonly loadFactor: (t: number) => number;
  /** Nothing after this (window-relative ms) is simulated. */
  readonly horizonMs: number;
}

/** One outside request: whether it is sampled, and its trace id (made on first use when it is not). */
export interface RequestState {
  readonly traced: boolean;
  traceId: string;
}

export interface ServeResult {
  readonly endMs: number;
  /** A server-side failure (5xx, or a gRPC server error code). */
  readonly failed: boolean;
  readonly status: number;
}

export interface CallResult {
  readonly ok: boolean;
  readonly endMs: number;
  readonly retryable: boolean;
  readonly error: ErrorInfo | null;
}

export type ServeVia = 'call' | 'queue';

export interface SimContext {
  readonly o: RequestSimOptions;
  readonly rng: Rng;
  readonly services: ReadonlyMap<string, ServiceSpec>;
  readonly backing: ReadonlyMap<string, BackingSpec>;
  readonly queues: ReadonlyMap<string, QueueSpec>;
  /** Per queue, when each consumer worker is free next. */
  readonly workers: ReadonlyMap<string, number[]>;
  op(service: string, name: string): OperationSpec;
  /** A cached CallTarget (the same object for the same key). */
  target(key: string, build: () => CallTarget): CallTarget;
  serve(req: RequestState, svc: ServiceSpec, op: OperationSpec, pod: PodInstance, t0: number, parentSpanId: string, peerIp: string, via?: ServeVia): ServeResult;
  log(req: RequestState | null, pod: PodInstance, svc: ServiceSpec, t: number, severity: LogRecord['severity'], body: string, spanId: string, exceptionType?: string): void;
}

/** One network leg inside the cluster (ms). */
export const NET_BASE_MS = 0.12;

/** The span event the semantic conventions define for a recorded exception. */
export function exceptionEvent(e: ErrorInfo, timeUnixNano: string): object {
  return {
    timeUnixNano,
    name: 'exception',
    attributes: [str('exception.type', e.type), str('exception.message', e.message), str('exception.stacktrace', e.stack)],
  };
}
