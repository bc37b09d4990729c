/**
 * What an OTLP receiver answers, decoded: partial success of an accepted
 * export (https://opentelemetry.io/docs/specs/otlp/#partial-success) and the
 * google.rpc.Status of a refusal with its optional RetryInfo delay
 * (https://opentelemetry.io/docs/specs/otlp/#failures), in protobuf or
 * OTLP/JSON. Tolerant: an answer that cannot be decoded counts as "nothing
 * rejected" / "no details", since the status code already said what matters.
 */
import type { SignalFile } from '../format/index.ts';
import { otlpType } from './otlp-proto-schema.ts';

export interface PartialSuccess {
  readonly rejectedItems: number;
  readonly errorMessage: string;
}

export interface RefusalStatus {
  readonly message: string;
  /** RetryInfo.retry_delay in ms, when the receiver gave one. */
  readonly retryDelayMillis: number | undefined;
}

const RESPONSE_TYPES: Record<SignalFile, string> = {
  traces: 'ExportTraceServiceResponse',
  metrics: 'ExportMetricsServiceResponse',
  logs: 'ExportLogsServiceResponse',
};

const REJECTED_FIELDS: Record<SignalFile, string> = {
  traces: 'rejectedSpans',
  metrics: 'rejectedDataPoints',
  logs: 'rejectedLogRecords',
};

const RETRY_INFO_TYPE = 'type.googleapis.com/google.rpc.RetryInfo';
const NOTHING_REJECTED: PartialSuccess = { rejectedItems: 0, errorMessage: '' };

type Obj = Record<string, unknown>;

function toNumber(v: unknown): number {
  const n = Number(v ?? 0);
  return Number.isFinite(n) ? n : 0;
}

export function partialSuccessFromProto(signal: SignalFile, bytes: Uint8Array): PartialSuccess {
  if (bytes.length === 0) return NOTHING_REJECTED;
  try {
    const type = otlpType(RESPONSE_TYPES[signal]);
    const response = type.toObject(type.decode(bytes), { longs: String }) as { partialSuccess?: Obj };
    return partialSuccessOf(signal, response.partialSuccess);
  } catch {
    return NOTHING_REJECTED;
  }
}

export function partialSuccessFromJson(signal: SignalFile, text: string): PartialSuccess {
  try {
    const response = JSON.parse(text) as Obj;
    return partialSuccessOf(signal, (response.partialSuccess ?? response.partial_success) as Obj | undefined);
  } catch {
    return NOTHING_REJECTED;
  }
}

function partialSuccessOf(signal: SignalFile, partial: Obj | undefined): PartialSuccess {
  if (typeof partial !== 'object' || partial === null) return NOTHING_REJECTED;
  const field = REJECTED_FIELDS[signal];
  const snake = field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  const message = partial.errorMessage ?? partial.error_message;
  return { rejectedItems: toNumber(partial[field] ?? partial[snake]), errorMessage: typeof message === 'string' ? message : '' };
}

export function statusFromProto(bytes: Uint8Array): RefusalStatus {
  try {
    const status = otlpType('RpcStatus').decode(bytes) as unknown as { message?: string; details?: Array<{ typeUrl?: string; value?: Uint8Array }> };
    let retryDelayMillis: number | undefined;
    for (const detail of status.details ?? []) {
      if (detail.typeUrl !== RETRY_INFO_TYPE || !detail.value) continue;
      const info = otlpType('RetryInfo').toObject(otlpType('RetryInfo').decode(detail.value), { longs: Number }) as {
        retryDelay?: { seconds?: number; nanos?: number };
      };
      retryDelayMillis = toNumber(info.retryDelay?.seconds) * 1000 + Math.round(toNumber(info.retryDelay?.nanos) / 1e6);
    }
    return { message: status.message ?? '', retryDelayMillis };
  } catch {
    return { message: '', retryDelayMillis: undefined };
  }
}

export function statusFromJson(text: string): RefusalStatus {
  try {
    const status = JSON.parse(text) as Obj;
    let retryDelayMillis: number | undefined;
    const details = Array.isArray(status.details) ? (status.details as Obj[]) : [];
    for (const detail of details) {
      const delay = detail?.['@type'] === RETRY_INFO_TYPE ? (detail.retryDelay ?? detail.retry_delay) : undefined;
      // proto3 JSON writes a Duration as seconds with an `s` suffix: "2s", "0.500s".
      if (typeof delay === 'string' && /^\d+(\.\d+)?s$/.test(delay)) retryDelayMillis = Math.round(Number(delay.slice(0, -1)) * 1000);
    }
    return { message: typeof status.message === 'string' ? status.message : text.slice(0, 300), retryDelayMillis };
  } catch {
    return { message: text.slice(0, 300), retryDelayMillis: undefined };
  }
}
