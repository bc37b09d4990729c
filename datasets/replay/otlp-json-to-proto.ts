/**
 * OTLP/JSON request (parsed) -> OTLP protobuf bytes, through the descriptors
 * of otlp-proto-schema.ts.
 *
 * OTLP/JSON differs from the proto3 JSON mapping protobufjs understands in
 * one way that matters here: trace and span ids are hex, not base64
 * (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding). So the
 * request is first copied with every `traceId`, `spanId` and `parentSpanId`
 * (spans, links, log records, exemplars) turned into bytes, snake_case keys
 * (which the decoders accept) turned into lowerCamelCase, and enum values
 * written as decimal text turned into numbers. protobufjs then handles the
 * rest as OTLP/JSON expects: 64-bit integers as decimal text (exactly, via
 * `long`), enum names, `NaN`/`Infinity` doubles, base64 `bytesValue`.
 *
 * Attribute keys are values (`{"key": "traceId", ...}`), never object keys,
 * so renaming object keys cannot touch user data.
 */
import type { SignalFile } from '../format/index.ts';
import { otlpType } from './otlp-proto-schema.ts';

const ID_KEYS = new Set(['traceId', 'spanId', 'parentSpanId']);
const ENUM_KEYS = new Set(['kind', 'code', 'severityNumber', 'aggregationTemporality']);

const REQUEST_TYPES: Record<SignalFile, string> = {
  traces: 'ExportTraceServiceRequest',
  metrics: 'ExportMetricsServiceRequest',
  logs: 'ExportLogsServiceRequest',
};

/**
 * Hex id text as bytes. Text that is not hex becomes one zero byte: no id
 * has that length, so a receiver refuses the item exactly as it refuses the
 * JSON line's non-hex id, instead of the item silently losing its id.
 */
function idBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return new Uint8Array(1);
  return Buffer.from(hex, 'hex');
}

function camel(key: string): string {
  return key.includes('_') ? key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()) : key;
}

function toMessageObject(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toMessageObject);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [rawKey, v] of Object.entries(value)) {
    const key = camel(rawKey);
    if (ID_KEYS.has(key) && typeof v === 'string') out[key] = idBytes(v);
    else if (ENUM_KEYS.has(key) && typeof v === 'string' && /^-?\d+$/.test(v)) out[key] = Number(v);
    else out[key] = toMessageObject(v);
  }
  return out;
}

/** The protobuf encoding of an OTLP/JSON export request of `signal`. Throws on a request of the wrong shape (validate lines first). */
export function encodeRequestProto(signal: SignalFile, request: Record<string, unknown>): Uint8Array {
  const type = otlpType(REQUEST_TYPES[signal]);
  return type.encode(type.fromObject(toMessageObject(request) as Record<string, unknown>)).finish();
}
