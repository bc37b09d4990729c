/**
 * The transport-independent core of both receivers: admit a request under
 * the in-flight bound, decode it, hand its rows to the batch writer and
 * report the outcome once they are stored.
 */
import { type CausewayError, causewayError } from '../core/errors.ts';
import type { Result } from '../core/result.ts';
import type { RowsByTable } from '../storage/otel-rows.ts';
import type { BatchWriter } from './batch-writer.ts';
import type { DecodedRequest, Signal } from './decode/decoded-request.ts';
import { decodeLogsJson } from './decode/logs-json.ts';
import { decodeLogsProto } from './decode/logs-proto.ts';
import { decodeMetricsJson } from './decode/metrics-json.ts';
import { decodeMetricsProto } from './decode/metrics-proto.ts';
import { decodeTracesJson } from './decode/traces-json.ts';
import { decodeTracesProto } from './decode/traces-proto.ts';
import type { InFlightLimiter } from './in-flight-limiter.ts';
import type { IngestMetrics, Transport } from './self-metrics.ts';

export type Encoding = 'protobuf' | 'json';

/**
 * Memory held per decompressed request byte until the request is answered:
 * the body itself plus the decoded rows (JS objects with string maps take
 * several times the protobuf size). Measured with `npm run bench:ingest`;
 * see docs/performance.md.
 */
export const MEMORY_PER_BODY_BYTE = 4;

/** A request as a receiver got it: the decompressed body. */
export interface IngestBodyRequest {
  readonly signal: Signal;
  readonly encoding: Encoding;
  readonly transport: Transport;
  readonly body: Uint8Array;
}

/**
 * A request already parsed from OTLP/JSON (a dataset's lines are parsed to
 * be checked and time-shifted): decoded by the JSON decoders without being
 * written out and parsed again. `bodyBytes` is the size of its JSON text,
 * charged to the in-flight bound as a body's size is.
 */
export interface IngestParsedRequest {
  readonly signal: Signal;
  readonly encoding: 'parsed-json';
  readonly transport: Transport;
  readonly request: unknown;
  readonly bodyBytes: number;
}

export type IngestRequest = IngestBodyRequest | IngestParsedRequest;

export type IngestOutcome =
  | { readonly ok: true; readonly acceptedItems: number; readonly rejectedItems: number; readonly rejectionMessage: string }
  | { readonly ok: false; readonly error: CausewayError; readonly retryAfterSeconds?: number };

export interface IngestService {
  ingest(request: IngestRequest): Promise<IngestOutcome>;
  /** Whether a body of this many decompressed bytes could be admitted now. */
  wouldAdmit(bodyBytes: number): boolean;
  readonly limiter: InFlightLimiter;
  /** Delay suggested to senders refused for a retryable reason. */
  readonly retryAfterSeconds: number;
}

const PROTO_DECODERS: Record<Signal, (body: Uint8Array) => Result<DecodedRequest>> = {
  traces: decodeTracesProto,
  metrics: decodeMetricsProto,
  logs: decodeLogsProto,
};

const JSON_DECODERS: Record<Signal, (body: unknown) => Result<DecodedRequest>> = {
  traces: decodeTracesJson,
  metrics: decodeMetricsJson,
  logs: decodeLogsJson,
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decode(request: IngestRequest): Result<DecodedRequest> {
  if (request.encoding === 'parsed-json') return JSON_DECODERS[request.signal](request.request);
  if (request.encoding === 'protobuf') return PROTO_DECODERS[request.signal](request.body);
  let parsed: unknown;
  try {
    parsed = request.body.length === 0 ? {} : JSON.parse(utf8.decode(request.body));
  } catch (err) {
    return { ok: false, error: causewayError('CW_ERR_INGEST_BAD_REQUEST', `the body is not valid UTF-8 JSON: ${(err as Error).message}`) };
  }
  return JSON_DECODERS[request.signal](parsed);
}

export interface IngestServiceOptions {
  readonly writer: BatchWriter;
  readonly limiter: InFlightLimiter;
  readonly metrics: IngestMetrics;
  readonly retryAfterSeconds: number;
  /**
   * Called once a request's rows are stored, with the earliest and newest
   * event time among them (span start, log record time, data point time;
   * Unix ms, unset times skipped): what the correlator's watermark follows.
   */
  readonly onStored?: (oldestMillis: number, newestMillis: number) => void;
}

/** Event-time range of decoded rows, or undefined when none carries a time. Timestamps are ns decimal strings (storage/otel-rows.ts). */
export function eventTimeRange(rows: RowsByTable): { oldestMillis: number; newestMillis: number } | undefined {
  let oldest: string | undefined;
  let newest: string | undefined;
  // Same-length decimal strings order as their numbers: compare by length, then as text.
  const before = (a: string, b: string) => a.length < b.length || (a.length === b.length && a < b);
  const see = (t: string) => {
    if (t === '' || t === '0') return;
    if (oldest === undefined || before(t, oldest)) oldest = t;
    if (newest === undefined || before(newest, t)) newest = t;
  };
  for (const r of rows.traces ?? []) see(r.Timestamp);
  for (const r of rows.logs ?? []) see(r.Timestamp);
  for (const table of [rows.gauge, rows.sum, rows.histogram, rows.exponentialHistogram, rows.summary]) for (const r of table ?? []) see(r.TimeUnix);
  if (oldest === undefined || newest === undefined) return undefined;
  // Dropping the last six digits is exact (floor) and cannot throw; anything not a number becomes NaN, which the watermark ignores.
  const millis = (ns: string) => (ns.length > 6 ? Number(ns.slice(0, -6)) : 0);
  return { oldestMillis: millis(oldest), newestMillis: millis(newest) };
}

export function createIngestService(options: IngestServiceOptions): IngestService {
  const { writer, limiter, metrics, retryAfterSeconds, onStored } = options;
  const charge = (bodyBytes: number) => Math.max(1, bodyBytes * MEMORY_PER_BODY_BYTE);

  return {
    limiter,
    retryAfterSeconds,
    wouldAdmit: (bodyBytes) => limiter.wouldFit(charge(bodyBytes)),
    async ingest(request) {
      const { signal, transport } = request;
      const bodyBytes = request.encoding === 'parsed-json' ? request.bodyBytes : request.body.length;
      const bytes = charge(bodyBytes);
      if (!limiter.tryAcquire(bytes)) {
        metrics.refused(signal, transport, 0, 'overloaded');
        return {
          ok: false,
          error: causewayError('CW_ERR_INGEST_OVERLOADED', `${limiter.inFlightBytes} bytes in flight of ${limiter.limitBytes} allowed`),
          retryAfterSeconds,
        };
      }
      try {
        const decoded = decode(request);
        if (!decoded.ok) {
          metrics.refused(signal, transport, 0, 'bad_request');
          return decoded;
        }
        const { rows, acceptedItems, rejectedItems, rejectionMessage } = decoded.value;
        metrics.received(signal, transport, acceptedItems + rejectedItems);
        if (rejectedItems > 0) metrics.refused(signal, transport, rejectedItems, 'invalid_item');
        const written = await writer.write(rows, bodyBytes);
        if (!written.ok) {
          metrics.refused(signal, transport, acceptedItems, written.error.retryable ? 'storage_unavailable' : 'storage_error');
          return written.error.retryable ? { ok: false, error: written.error, retryAfterSeconds } : written;
        }
        metrics.accepted(signal, transport, acceptedItems);
        if (onStored) {
          const range = eventTimeRange(rows);
          if (range) onStored(range.oldestMillis, range.newestMillis);
        }
        return { ok: true, acceptedItems, rejectedItems, rejectionMessage };
      } finally {
        limiter.release(bytes);
      }
    },
  };
}
