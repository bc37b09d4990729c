/**
 * OTLP/JSON field readers the signal decoders add to common-json.ts: ids,
 * timestamps, enums. Like those, they throw `JsonDecodeError` naming the
 * JSON path.
 */
import { type JsonObject, JsonDecodeError, describe, field, timeField } from './common-json.ts';
import { NOT_HEX } from './otlp-ids.ts';

/** A trace or span id as read from JSON: stored text plus its length in bytes (or NOT_HEX). */
export interface JsonId {
  readonly hex: string;
  readonly bytes: number;
}

const NO_ID: JsonId = { hex: '', bytes: 0 };

/**
 * An id field (of a span, link, log record or exemplar): hex text, any case
 * (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding).
 * Its length is not checked here: the item decoders refuse items with ids of
 * the wrong length individually (see otlp-ids.ts), so one bad span does not
 * fail the whole request. Text that is not hex gets `bytes: NOT_HEX` for the
 * same reason; only a value that is not a string is a malformed request.
 */
export function idTextField(obj: JsonObject, camel: string, path: string): JsonId {
  const v = field(obj, camel);
  if (v === undefined || v === '') return NO_ID;
  if (typeof v !== 'string') throw new JsonDecodeError(`${path}.${camel}`, `expected hex text, got ${describe(v)}`);
  if (v.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(v)) return { hex: '', bytes: NOT_HEX };
  const hex = v.toLowerCase();
  return { hex: /^0+$/.test(hex) ? '' : hex, bytes: v.length / 2 };
}

const MAX_UINT64 = '18446744073709551615';

/** A fixed64 nanosecond timestamp: decimal text in the range protobuf can carry ('0' when absent). */
export function fixed64TimeField(obj: JsonObject, camel: string, path: string): string {
  const text = timeField(obj, camel, path);
  if (text.length > MAX_UINT64.length || (text.length === MAX_UINT64.length && text > MAX_UINT64)) {
    throw new JsonDecodeError(`${path}.${camel}`, `timestamp ${text} does not fit in 64 bits (expected an unsigned 64-bit timestamp)`);
  }
  return text;
}

/**
 * An enum field. OTLP/JSON sends enums as integers; the proto3 JSON mapping
 * also allows the value's name (`"SPAN_KIND_SERVER"`), which some senders
 * use, so both are accepted (and decimal text). Unknown integers are kept,
 * as proto3 enums are open; an unknown name is an error.
 */
export function enumField(obj: JsonObject, camel: string, path: string, values: ReadonlyMap<string, number>): number {
  const v = field(obj, camel);
  if (v === undefined) return 0;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string') {
    const named = values.get(v);
    if (named !== undefined) return named;
    if (/^-?\d+$/.test(v)) return Number(v);
  }
  const first = values.keys().next().value ?? '';
  throw new JsonDecodeError(`${path}.${camel}`, `expected an integer or an enum name like "${first}", got ${describe(v)}`);
}

function enumValues(prefix: string, names: readonly string[]): ReadonlyMap<string, number> {
  return new Map(names.map((name, i) => [`${prefix}${name}`, i]));
}

/** Span.SpanKind (trace.proto). */
export const SPAN_KIND_VALUES = enumValues('SPAN_KIND_', ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER']);

/** Status.StatusCode (trace.proto). */
export const STATUS_CODE_VALUES = enumValues('STATUS_CODE_', ['UNSET', 'OK', 'ERROR']);

/** SeverityNumber (logs.proto): UNSPECIFIED = 0, then TRACE, TRACE2..4 = 1..4, DEBUG = 5, ... FATAL4 = 24. */
export const SEVERITY_NUMBER_VALUES = enumValues(
  'SEVERITY_NUMBER_',
  ['UNSPECIFIED'].concat(...['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].map((s) => [s, `${s}2`, `${s}3`, `${s}4`])),
);
