/**
 * Options and results of a case replay (see replay-case.ts).
 */
import type { CausewayError } from '../../core/errors.ts';
import type { SignalFile } from '../format/index.ts';
import type { OtlpTransport } from './otlp-transport.ts';

export interface ReplayOptions {
  /**
   * Base URL of the OTLP receiver: `http://host:4318` for OTLP/HTTP (paths
   * `/v1/<signal>` are appended), `http://host:4317` for gRPC. Defaults to
   * the OpenTelemetry exporters' defaults (localhost, 4318 or 4317).
   */
  readonly endpoint?: string;
  /** OTLP/HTTP with JSON bodies: the lines are sent as they are. */
  readonly json?: boolean;
  /** OTLP/gRPC instead of OTLP/HTTP (protobuf). */
  readonly grpc?: boolean;
  /** Pace by event time at this many times real time (60 = an hour in a minute); absent: as fast as possible. */
  readonly speed?: number;
  /**
   * Shift every timestamp by one offset so the case's window start (the
   * earliest line when the case has no case.json) lands at this time: a Date,
   * or ns since the epoch.
   */
  readonly now?: Date | bigint;
  /** Requests in flight at once (default DEFAULT_MAX_IN_FLIGHT); 1 with `coalesceItems: 1` keeps the case's order exactly. */
  readonly maxInFlight?: number;
  /**
   * A request is not sent while one that starts more than this many seconds
   * earlier (event time) is in flight (default DEFAULT_MAX_AHEAD_SECONDS;
   * Infinity: no bound), so a live receiver stores the case in time order
   * to within this plus `coalesceSeconds`.
   */
  readonly maxAheadSeconds?: number;
  /** Extra HTTP headers / gRPC metadata on every request (ingest credentials). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Attempts per request, the first included, before a retryable refusal counts as failed (default 10). */
  readonly maxAttempts?: number;
  /** First retry delay when the receiver suggests none (default 200 ms), doubled per attempt up to 10 s. */
  readonly initialBackoffMillis?: number;
  /** Per request (default 30 s). */
  readonly timeoutMillis?: number;
  /**
   * Unpaced replays join consecutive lines of a signal into one request of
   * up to this many items (default DEFAULT_COALESCE_ITEMS; 1 sends every line
   * as its own request, as paced replays always do). See coalesce-lines.ts.
   */
  readonly coalesceItems?: number;
  /**
   * A coalesced request holds no line more than this many seconds of event
   * time older than the line being read (default DEFAULT_COALESCE_SECONDS),
   * so a live receiver gets every signal within its allowed lateness.
   */
  readonly coalesceSeconds?: number;
  /** Check each line's OTLP shape before sending (default true). */
  readonly validate?: boolean;
  /** Called after each request settles. */
  readonly onProgress?: (progress: ReplayProgress) => void;
  /** Stops the replay: nothing more is sent, requests in flight are awaited, retries are given up. */
  readonly abortSignal?: AbortSignal;
  /** Sends through this transport instead of one built from endpoint/json/grpc (tests, embedding). */
  readonly transport?: OtlpTransport;
}

export interface ReplayProgress {
  readonly caseId: string;
  /** Lines whose request has settled (acknowledged or failed). */
  readonly linesDone: number;
  /** Lines in the case; counted first only when a progress callback is given. */
  readonly linesTotal: number;
  readonly itemsSent: number;
  readonly itemsAcknowledged: number;
  readonly requestsFailed: number;
}

export interface SignalReplayCounts {
  /** Lines sent. */
  lines: number;
  /** Export requests sent (fewer than lines when lines were coalesced). */
  requests: number;
  /** Spans, data points or log records in the requests sent. */
  itemsSent: number;
  /** Items the receiver accepted: those of successful requests less the ones it rejected. */
  itemsAcknowledged: number;
  /** Items a receiver refused in an otherwise successful request (OTLP partial success). */
  itemsRejected: number;
  /** Requests refused for good, or still refused after every retry, or never answered. */
  requestsFailed: number;
  /** Retries made (a request retried twice counts 2). */
  retries: number;
}

export interface ReplayResult {
  /** The case's id, or its folder's name when it has no case.json. */
  readonly caseId: string;
  readonly transport: string;
  readonly signals: Readonly<Record<SignalFile, Readonly<SignalReplayCounts>>>;
  readonly total: Readonly<SignalReplayCounts>;
  /** The shift applied to every timestamp, in ns (0n without `now`). */
  readonly offsetNanos: bigint;
  readonly seconds: number;
  /** What stopped the replay before the case's end (a format error, an unreadable file); undefined when it ran to the end. */
  readonly error: CausewayError | undefined;
  /** The first failed requests and partial rejections, naming file and line (at most 10). */
  readonly failures: readonly CausewayError[];
  readonly aborted: boolean;
  /** True when every item sent was acknowledged and the whole case was sent. */
  readonly ok: boolean;
}

/**
 * Requests in flight by default. A receiver answers each request only once
 * its batch is written (up to batch.maxDelayMillis later), so throughput is
 * about in-flight / latency: with 4, a Train-Ticket case-hour (~36k small
 * requests) took over 10 minutes to replay; 32 keeps lines within 31 of
 * their order (and DEFAULT_MAX_AHEAD_SECONDS within that much event time).
 */
export const DEFAULT_MAX_IN_FLIGHT = 32;
/** Items per coalesced request: large enough that per-request costs vanish, small enough to stay far below receivers' size limits. */
export const DEFAULT_COALESCE_ITEMS = 2000;
/**
 * Event time a coalesced request spans at most, and by which requests in
 * flight may run ahead of the oldest one. Together they bound how far out
 * of time order a receiver stores a replay: 20 s, which leaves a 10 s window
 * of the correlator's default allowed lateness (30 s) 10 s to spare. With
 * the count of items as the only bound a case's few log records went as one
 * request at its end, and with the count of requests in flight as the only
 * bound a running Causeway closed windows of a generated Sock Shop case
 * before their spans were in (test/e2e/correlator-live.test.ts). Each bound
 * costs time: more, smaller requests, fewer at once (docs/performance.md).
 */
export const DEFAULT_COALESCE_SECONDS = 10;
/** See DEFAULT_COALESCE_SECONDS. */
export const DEFAULT_MAX_AHEAD_SECONDS = 10;
/** Lines held back at most while coalescing, over all signals (the order of lines is kept to within this). */
export const COALESCE_MAX_HELD_LINES = 256;
