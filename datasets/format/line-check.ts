/**
 * The checks every line of a signal file must pass, shared by the reader and
 * the writer so that what one writes the other reads:
 * - it is one JSON object (an OTLP/JSON Export*ServiceRequest);
 * - its shape is valid OTLP/JSON, as judged by the collector's own decoders
 *   (the receivers would refuse the line otherwise); items the decoders would
 *   refuse one by one (a trace id of the wrong length, ...) are not a format
 *   error: a replay reports them as rejected (OTLP partial success);
 * - its earliest event time (request-scan.ts) is not before the previous line's.
 *
 * Problems are returned as text naming the JSON path; callers prefix the
 * file and line.
 */
import { decodeLogsJson } from '../../collector/decode/logs-json.ts';
import { decodeMetricsJson } from '../../collector/decode/metrics-json.ts';
import { decodeTracesJson } from '../../collector/decode/traces-json.ts';
import type { DecodedRequest } from '../../collector/decode/decoded-request.ts';
import type { Result } from '../../core/result.ts';
import type { SignalFile } from './case-truth.ts';
import { nanosToIso } from './iso-time.ts';
import { type RequestScan, scanRequest } from './request-scan.ts';

const DECODERS: Record<SignalFile, (body: unknown) => Result<DecodedRequest>> = {
  traces: decodeTracesJson,
  metrics: decodeMetricsJson,
  logs: decodeLogsJson,
};

export type LineCheck =
  | { readonly ok: true; readonly request: Record<string, unknown>; readonly scan: RequestScan }
  | { readonly ok: false; readonly problem: string };

/** Parses and (when `validate`) checks the OTLP shape of one line's text. */
export function checkLineText(signal: SignalFile, text: string, validate: boolean): LineCheck {
  let request: unknown;
  try {
    request = JSON.parse(text);
  } catch (e) {
    return { ok: false, problem: `not valid JSON: ${(e as Error).message}` };
  }
  return checkLineRequest(signal, request, validate);
}

export function checkLineRequest(signal: SignalFile, request: unknown, validate: boolean): LineCheck {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    return { ok: false, problem: `expected a JSON object (an OTLP/JSON ${signal} export request), got ${Array.isArray(request) ? 'an array' : String(request)}` };
  }
  if (validate) {
    const decoded = DECODERS[signal](request);
    if (!decoded.ok) return { ok: false, problem: decoded.error.message };
  }
  return { ok: true, request: request as Record<string, unknown>, scan: scanRequest(signal, request) };
}

/** The previous line of a file, as the order check needs it. */
export interface PreviousLine {
  readonly lineNo: number;
  readonly earliestNanos: bigint;
}

/** Why `scan` may not follow `previous`, or '' when it may. A line without any time is never out of order. */
export function orderProblem(previous: PreviousLine | undefined, scan: RequestScan): string {
  if (previous === undefined || scan.earliestNanos === undefined || scan.earliestNanos >= previous.earliestNanos) return '';
  return (
    `${scan.earliestPath}: ${scan.earliestNanos} (${nanosToIso(scan.earliestNanos)}) is before the earliest time of line ${previous.lineNo}, ` +
    `${previous.earliestNanos} (${nanosToIso(previous.earliestNanos)}): lines must be in non-decreasing time order`
  );
}
