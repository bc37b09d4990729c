/**
 * OTLP/JSON building blocks, exactly as the OTLP specification encodes them
 * (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding):
 * lowerCamelCase keys, 64-bit integers as decimal strings, enums as
 * integers, ids as hex. Values are plain objects ready for JSON.stringify.
 */

export type AnyValue =
  | { readonly stringValue: string }
  | { readonly intValue: string }
  | { readonly doubleValue: number }
  | { readonly boolValue: boolean };

export interface KeyValue {
  readonly key: string;
  readonly value: AnyValue;
}

export interface Resource {
  readonly attributes: readonly KeyValue[];
}

export interface Scope {
  readonly name: string;
  readonly version?: string;
}

export function str(key: string, value: string): KeyValue {
  return { key, value: { stringValue: value } };
}

export function int(key: string, value: number): KeyValue {
  return { key, value: { intValue: String(Math.round(value)) } };
}

export function dbl(key: string, value: number): KeyValue {
  return { key, value: { doubleValue: value } };
}

export function bool(key: string, value: boolean): KeyValue {
  return { key, value: { boolValue: value } };
}

/** Span.SpanKind. */
export const SPAN_KIND = { UNSPECIFIED: 0, INTERNAL: 1, SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 } as const;
/** Status.StatusCode. */
export const STATUS = { UNSET: 0, OK: 1, ERROR: 2 } as const;
/** AggregationTemporality. */
export const CUMULATIVE = 2;
/** SeverityNumber of the first level of each severity. */
export const SEVERITY = { DEBUG: 5, INFO: 9, WARN: 13, ERROR: 17, FATAL: 21 } as const;
export type SeverityText = keyof typeof SEVERITY;

/** Rounds to `digits` significant digits: exporters send full doubles, but short numbers keep the dataset small. */
export function round(value: number, digits = 6): number {
  if (value === 0 || !Number.isFinite(value)) return 0;
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const factor = 10 ** (digits - 1 - magnitude);
  return Math.round(value * factor) / factor;
}
