/**
 * The body a transport sends for a group of lines (coalesce-lines.ts): a
 * single line's text unchanged (OTLP/JSON without a time shift), or the
 * lines' requests, shifted and joined into one, serialised as OTLP/JSON or
 * encoded as protobuf. The shift is applied to each parsed line in place,
 * before any encoding, so JSON and protobuf carry the same times.
 */
import { causewayError } from '../../core/errors.ts';
import { type Result, fail, ok } from '../../core/result.ts';
import type { SignalFile } from '../format/index.ts';
import type { LineGroup } from './coalesce-lines.ts';
import { encodeRequestProto } from './otlp-json-to-proto.ts';
import { shiftTimestamps } from './time-shift.ts';

const RESOURCES: Readonly<Record<SignalFile, string>> = { traces: 'resourceSpans', metrics: 'resourceMetrics', logs: 'resourceLogs' };

export function requestBody(group: LineGroup, offsetNanos: bigint, encoding: 'json' | 'protobuf'): Result<string | Uint8Array> {
  const only = group.lines.length === 1 ? group.lines[0]! : undefined;
  const joined = joinedRequest(group, offsetNanos);
  if (!joined.ok) return joined;
  if (encoding === 'json' && only && offsetNanos === 0n) return ok(only.text);
  const request = joined.value;
  if (encoding === 'json') return ok(JSON.stringify(request));
  try {
    return ok(encodeRequestProto(group.signal, request));
  } catch (e) {
    return fail(causewayError('CW_ERR_DATASET_INVALID', `${group.where}: cannot be encoded as OTLP protobuf: ${(e as Error).message}`));
  }
}

/**
 * The group's lines, shifted by `offsetNanos`, as one parsed OTLP/JSON
 * request (the line's own object when there is one line).
 */
export function joinedRequest(group: LineGroup, offsetNanos: bigint): Result<Record<string, unknown>> {
  for (const line of group.lines) {
    const problem = shiftTimestamps(line.request, offsetNanos);
    if (problem !== '') return fail(causewayError('CW_ERR_DATASET_INVALID', `${line.where}: ${problem}`));
  }
  if (group.lines.length === 1) return ok(group.lines[0]!.request);
  const key = RESOURCES[group.signal];
  return ok({ [key]: group.lines.flatMap((l) => (Array.isArray(l.request[key]) ? (l.request[key] as unknown[]) : [])) });
}
