/**
 * Small builders for OTLP/JSON as the OTLP specification encodes it
 * (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding):
 * lowerCamelCase keys, 64-bit integers (timestamps, intValue) as decimal
 * strings, enums as integers, trace and span ids as lowercase hex.
 */

export interface AnyValueJson {
  readonly stringValue?: string;
  readonly intValue?: string;
  readonly doubleValue?: number;
  readonly boolValue?: boolean;
}

export interface KeyValueJson {
  readonly key: string;
  readonly value: AnyValueJson;
}

export interface ResourceJson {
  readonly attributes: readonly KeyValueJson[];
}

/** Instrumentation scope of everything an importer writes. */
export const IMPORTER_SCOPE = { name: 'causeway.datasets.importers', version: '1' } as const;

export function stringAttribute(key: string, value: string): KeyValueJson {
  return { key, value: { stringValue: value } };
}

export function intAttribute(key: string, value: number | bigint): KeyValueJson {
  return { key, value: { intValue: String(value) } };
}

/** A resource that is one service: `service.name` (semantic conventions, resource). */
export function serviceResource(service: string): ResourceJson {
  return { attributes: [stringAttribute('service.name', service)] };
}

