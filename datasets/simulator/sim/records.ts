/**
 * What the request simulation reports, at full rate: every finished server
 * request (for request metrics and pod CPU/network), every database
 * statement and queue event (for database/broker metrics), lost packets,
 * log lines, and, for sampled requests only, finished spans already in
 * OTLP/JSON form. Records arrive in no particular time order; the case
 * runner buckets them by time.
 */
import type { PodInstance } from '../fleet/pods.ts';
import type { Scope } from '../emit/otlp.ts';
import type { OperationSpec } from '../topology/types.ts';

export interface SpanRecord {
  readonly pod: PodInstance;
  readonly scope: Scope;
  readonly startMs: number;
  readonly endMs: number;
  /** An OTLP/JSON Span. */
  readonly span: object;
}

export interface ServerRecord {
  readonly pod: PodInstance;
  readonly op: OperationSpec;
  /** HTTP status, gRPC status code, or for queue consumers 0 (ok) / 1 (failed). */
  readonly status: number;
  /** error.type of a failed request; '' when it succeeded. */
  readonly errorType: string;
  readonly durationMs: number;
  readonly endMs: number;
  readonly requestBytes: number;
  readonly responseBytes: number;
}

export interface DbRecord {
  /** The database pod. */
  readonly pod: PodInstance;
  readonly operation: string;
  readonly durationMs: number;
  readonly endMs: number;
  readonly failed: boolean;
}

export type QueueEventKind = 'publish' | 'deliver' | 'ack';

export interface QueueRecord {
  readonly destination: string;
  readonly kind: QueueEventKind;
  readonly tMs: number;
}

export interface LogRecord {
  readonly pod: PodInstance;
  readonly tMs: number;
  readonly severity: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';
  readonly body: string;
  /** Trace correlation ('' when none); `sampled` sets the trace flags. */
  readonly traceId: string;
  readonly spanId: string;
  readonly sampled: boolean;
  readonly exceptionType: string;
}

export interface NetLossRecord {
  readonly pod: PodInstance;
  readonly tMs: number;
  readonly packets: number;
}

export interface RecordSink {
  span(r: SpanRecord): void;
  server(r: ServerRecord): void;
  db(r: DbRecord): void;
  queue(r: QueueRecord): void;
  log(r: LogRecord): void;
  netLoss(r: NetLossRecord): void;
}
