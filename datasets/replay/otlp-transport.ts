/**
 * One OTLP export as the replay sees it, whatever the transport: accepted
 * (possibly with items rejected: partial success), refused for good, or
 * refused for now (retry, after the receiver's delay when it gave one).
 *
 * Retryable per the OTLP specification
 * (https://opentelemetry.io/docs/specs/otlp/#failures and #failures-1):
 * HTTP 429, 502, 503, 504; gRPC CANCELLED, DEADLINE_EXCEEDED, ABORTED,
 * OUT_OF_RANGE, UNAVAILABLE, DATA_LOSS, and RESOURCE_EXHAUSTED only with a
 * RetryInfo. A request that got no answer at all (connection refused or
 * reset, timeout) is retried too.
 */
import type { SignalFile } from '../format/index.ts';

export type ExportOutcome =
  | { readonly kind: 'accepted'; readonly rejectedItems: number; readonly errorMessage: string }
  | { readonly kind: 'retryable'; readonly message: string; readonly retryAfterMillis: number | undefined }
  | { readonly kind: 'refused'; readonly message: string };

export interface OtlpTransport {
  /** What the body of `export` must be: OTLP/JSON text or OTLP protobuf bytes. */
  readonly encoding: 'json' | 'protobuf';
  /** For messages: `OTLP/HTTP protobuf to http://host:4318`. */
  readonly description: string;
  export(signal: SignalFile, body: string | Uint8Array): Promise<ExportOutcome>;
  close(): void;
}

export interface TransportOptions {
  readonly endpoint: string;
  /** Sent with every request (HTTP headers or gRPC metadata), e.g. ingest credentials. */
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMillis: number;
}

export const DEFAULT_HTTP_ENDPOINT = 'http://localhost:4318';
export const DEFAULT_GRPC_ENDPOINT = 'http://localhost:4317';
