/**
 * The body a transport sends for one line: the line's text unchanged
 * (OTLP/JSON without a time shift), the shifted request re-serialised
 * (OTLP/JSON with a shift), or the protobuf encoding of the (shifted)
 * request. The shift is applied to the parsed line in place, before any
 * encoding, so JSON and protobuf carry the same times.
 */
import { causewayError } from '../../core/errors.ts';
import { type Result, fail, ok } from '../../core/result.ts';
import type { SignalLine } from '../format/index.ts';
import { encodeRequestProto } from './otlp-json-to-proto.ts';
import { shiftTimestamps } from './time-shift.ts';

export function requestBody(line: SignalLine, offsetNanos: bigint, encoding: 'json' | 'protobuf'): Result<string | Uint8Array> {
  const where = line.where;
  const problem = shiftTimestamps(line.request, offsetNanos);
  if (problem !== '') return fail(causewayError('CW_ERR_DATASET_INVALID', `${where}: ${problem}`));
  if (encoding === 'json') return ok(offsetNanos === 0n ? line.text : JSON.stringify(line.request));
  try {
    return ok(encodeRequestProto(line.signal, line.request));
  } catch (e) {
    return fail(causewayError('CW_ERR_DATASET_INVALID', `${where}: cannot be encoded as OTLP protobuf: ${(e as Error).message}`));
  }
}
