/**
 * OTLP/HTTP exporter of raw bodies (https://opentelemetry.io/docs/specs/otlp/#otlphttp):
 * POST `<endpoint>/v1/<signal>` with `application/x-protobuf` or
 * `application/json`. The endpoint is a base URL, as OTEL_EXPORTER_OTLP_ENDPOINT
 * is: a path in it is kept (`http://gw/otlp` -> `http://gw/otlp/v1/traces`).
 */
import type { SignalFile } from '../format/index.ts';
import { partialSuccessFromJson, partialSuccessFromProto, statusFromJson, statusFromProto } from './export-response.ts';
import type { ExportOutcome, OtlpTransport, TransportOptions } from './otlp-transport.ts';

const RETRYABLE_HTTP = new Set([429, 502, 503, 504]);

export function createHttpTransport(options: TransportOptions & { readonly json: boolean }): OtlpTransport {
  const base = options.endpoint.replace(/\/+$/, '');
  const contentType = options.json ? 'application/json' : 'application/x-protobuf';
  const headers = { ...options.headers, 'content-type': contentType };
  return {
    encoding: options.json ? 'json' : 'protobuf',
    description: `OTLP/HTTP ${options.json ? 'JSON' : 'protobuf'} to ${base}`,
    async export(signal: SignalFile, body: string | Uint8Array): Promise<ExportOutcome> {
      let response: Response;
      let bytes: Uint8Array;
      try {
        response = await fetch(`${base}/v1/${signal}`, { method: 'POST', headers, body, signal: AbortSignal.timeout(options.timeoutMillis) });
        bytes = new Uint8Array(await response.arrayBuffer());
      } catch (e) {
        return { kind: 'retryable', message: `no answer from ${base}/v1/${signal}: ${describeFetchError(e)}`, retryAfterMillis: undefined };
      }
      const isJson = (response.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json');
      if (response.ok) {
        const partial = isJson ? partialSuccessFromJson(signal, Buffer.from(bytes).toString('utf8')) : partialSuccessFromProto(signal, bytes);
        return { kind: 'accepted', ...partial };
      }
      const status = isJson ? statusFromJson(Buffer.from(bytes).toString('utf8')) : statusFromProto(bytes);
      const message = `HTTP ${response.status}${status.message ? `: ${status.message}` : ''}`;
      if (!RETRYABLE_HTTP.has(response.status)) return { kind: 'refused', message };
      return { kind: 'retryable', message, retryAfterMillis: retryAfterMillis(response.headers.get('retry-after')) ?? status.retryDelayMillis };
    },
    close() {},
  };
}

/** Retry-After: delay-seconds or an HTTP-date (RFC 9110, section 10.2.3). */
export function retryAfterMillis(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** fetch hides the network error in `cause`; that is the useful part (ECONNREFUSED, ...). */
function describeFetchError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  if (e.name === 'TimeoutError') return 'timed out';
  const cause = (e as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? cause.message : e.message;
}
