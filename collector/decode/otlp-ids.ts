/**
 * Which trace and span ids an item may carry, shared by the protobuf and JSON
 * decoders of traces and logs so both refuse exactly the same items with the
 * same words.
 *
 * From opentelemetry/proto/trace/v1/trace.proto: a trace id is 16 bytes and a
 * span id 8 bytes; "an ID with all zeroes OR of length other than 16 bytes is
 * considered invalid (empty string in OTLP/JSON is zero-length and thus is
 * also invalid)". A span must have valid ids; a parent span id, a link's ids
 * and a log record's ids are optional (empty), but when present they must
 * have the right length. https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding
 * says ids are hex text in OTLP/JSON.
 */

export const TRACE_ID_BYTES = 16;
export const SPAN_ID_BYTES = 8;

/** `bytes` value a JSON decoder passes when the id text is not hex. */
export const NOT_HEX = -1;

/**
 * Why an id cannot be stored, or '' when it can.
 *
 * @param field   the proto field name, used in the reason (`trace_id`, `links[0].span_id`)
 * @param bytes   the id's length in bytes, or `NOT_HEX`
 * @param hex     the id as it would be stored ('' for empty or all-zero)
 * @param required whether an empty or all-zero id is invalid (a span's own ids)
 */
export function idProblem(field: string, bytes: number, expected: number, hex: string, required: boolean): string {
  if (bytes === NOT_HEX) return `${field} is not hex text`;
  if (bytes === 0) return required ? `${field} is missing` : '';
  if (bytes !== expected) return `${field} is ${bytes} bytes, expected ${expected}`;
  if (required && hex === '') return `${field} is all zero`;
  return '';
}
