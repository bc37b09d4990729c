/**
 * RCAEval `traces.csv` (a Jaeger export: `traceID, spanID, parentSpanID,
 * serviceName, operationName, methodName, startTime, startTimeMillis,
 * duration, statusCode`) -> OTLP/JSON ExportTraceServiceRequest lines.
 *
 * Conversion, best effort because the export drops what OTLP would carry:
 * - one resource per `serviceName` (resolved to the metrics' spelling,
 *   service-names.ts); the parent link is `parentSpanID`;
 * - kind is 0 (SPAN_KIND_UNSPECIFIED): the export has no span kind;
 * - name is `operationName`, else `methodName`; a `methodName` that differs
 *   from the name is kept as `rpc.method`;
 * - start is `startTime` (Unix time, unit told by magnitude: microseconds in
 *   Jaeger), else `startTimeMillis`; `duration` is in microseconds (Jaeger's
 *   unit) and end = start + duration;
 * - ids are lowercase hex, left-padded with zeros to 16 (trace) and 8 (span)
 *   bytes; an id that is not hex, is too long, or is all zeros for the
 *   span's own id is replaced by the leading bytes of its SHA-256 (the same
 *   text always gives the same id, so parent links survive); an empty, `0`
 *   or all-zero parent id means a root span;
 * - `statusCode`: 100..599 is an HTTP status (`http.response.status_code`,
 *   status ERROR for 5xx); 0..16 a gRPC status (`rpc.grpc.status_code`,
 *   status ERROR when not 0 = OK); `OK`/`ERROR` text sets the status; any
 *   other value is kept as `rcaeval.status_code`.
 *
 * The spans of a file are held in memory (a few hundred bytes each) and
 * sorted by start time, then written in lines of at most `SPAN_BATCH` spans.
 */
import { createHash } from 'node:crypto';
import { columnIndex, openCsv } from './csv-reader.ts';
import { DatasetImportError } from './import-error.ts';
import { IMPORTER_SCOPE, type KeyValueJson, intAttribute, serviceResource, stringAttribute } from './otlp-json.ts';
import { groupInOrder } from '../../core/index.ts';
import type { ServiceResolver } from './service-names.ts';
import { epochTextToNanos, textToNanos } from './timestamps.ts';

export const SPAN_BATCH = 1000;

/** OTLP Status.code values. */
const STATUS_OK = 1;
const STATUS_ERROR = 2;

export interface SpanEntry {
  readonly startNanos: bigint;
  readonly endNanos: bigint;
  readonly service: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly name: string;
  /** `methodName` when it differs from the name, else ''. */
  readonly method: string;
  /** The `statusCode` cell, trimmed; turned into attributes and status when written (few distinct values, shared). */
  readonly statusCell: string;
}

function hashedId(text: string, hexLength: number): string {
  const hex = createHash('sha256').update(text).digest('hex').slice(0, hexLength);
  // A hash of all zeros is as likely as any other, and as invalid.
  return /^0+$/.test(hex) ? `${hex.slice(0, -1)}1` : hex;
}

/**
 * An id cell as `hexLength` lowercase hex digits; undefined for an empty or
 * all-zero cell (a missing parent), unless `required`, which hashes it.
 */
export function otlpId(cell: string, hexLength: number, required: boolean): string | undefined {
  const text = cell.trim().toLowerCase();
  if (/^[0-9a-f]*$/.test(text) && text.length <= hexLength) {
    if (/^0*$/.test(text)) return required ? hashedId(cell.trim(), hexLength) : undefined;
    return text.padStart(hexLength, '0');
  }
  return hashedId(cell.trim(), hexLength);
}

interface SpanStatus {
  readonly attribute: KeyValueJson | undefined;
  readonly code: number | undefined;
}

/** `statusCode` cell -> attribute and OTLP status code (undefined = unset). */
export function spanStatus(cell: string): SpanStatus {
  const text = cell.trim();
  if (text === '') return { attribute: undefined, code: undefined };
  if (/^\d+(?:\.0+)?$/.test(text)) {
    const n = Number(text);
    if (n >= 100 && n <= 599) return { attribute: intAttribute('http.response.status_code', n), code: n >= 500 ? STATUS_ERROR : undefined };
    if (n <= 16) return { attribute: intAttribute('rpc.grpc.status_code', n), code: n === 0 ? undefined : STATUS_ERROR };
  }
  const upper = text.toUpperCase().replace(/^STATUS_CODE_/, '');
  if (upper === 'OK') return { attribute: undefined, code: STATUS_OK };
  if (upper === 'ERROR') return { attribute: undefined, code: STATUS_ERROR };
  if (upper === 'UNSET') return { attribute: undefined, code: undefined };
  return { attribute: stringAttribute('rcaeval.status_code', text), code: undefined };
}

/** All spans of a traces.csv, sorted by start time (stable). */
export async function readRcaevalTraces(file: string, resolveService: ServiceResolver): Promise<SpanEntry[]> {
  const csv = await openCsv(file);
  const h = csv.header;
  const col = {
    traceId: columnIndex(h, ['traceID', 'traceId', 'trace_id']),
    spanId: columnIndex(h, ['spanID', 'spanId', 'span_id']),
    parent: columnIndex(h, ['parentSpanID', 'parentSpanId', 'parent_span_id']),
    service: columnIndex(h, ['serviceName', 'service_name', 'service']),
    operation: columnIndex(h, ['operationName', 'operation_name']),
    method: columnIndex(h, ['methodName', 'method_name']),
    start: columnIndex(h, ['startTime', 'start_time']),
    startMillis: columnIndex(h, ['startTimeMillis']),
    duration: columnIndex(h, ['duration']),
    status: columnIndex(h, ['statusCode', 'status_code']),
  };
  const missing = (
    [
      ['traceID', col.traceId],
      ['spanID', col.spanId],
      ['serviceName', col.service],
      ['startTime or startTimeMillis', Math.max(col.start, col.startMillis)],
      ['duration', col.duration],
    ] as const
  )
    .filter(([, index]) => index < 0)
    .map(([name]) => name);
  if (missing.length > 0) throw new DatasetImportError(file, `the header has no ${missing.join(', no ')} column`, 1, 1);

  const names = new Map<string, string>();
  const intern = (s: string) => names.get(s) ?? (names.set(s, s), s);
  const spans: SpanEntry[] = [];
  for await (const record of csv.records()) {
    const f = record.fields;
    const cell = (index: number) => (index >= 0 ? (f[index] as string) : '');
    const bad = (index: number, what: string) =>
      new DatasetImportError(file, `${JSON.stringify(f[index])} is ${what} (column "${h[index]}")`, record.lines[index], record.columns[index]);

    let startNanos = col.start >= 0 && cell(col.start).trim() !== '' ? epochTextToNanos(cell(col.start)) : undefined;
    if (startNanos === undefined && col.startMillis >= 0 && cell(col.startMillis).trim() !== '') startNanos = textToNanos(cell(col.startMillis), 'ms');
    if (startNanos === undefined) throw bad(col.start >= 0 ? col.start : col.startMillis, 'not a start time');
    const durationNanos = textToNanos(cell(col.duration), 'us');
    if (durationNanos === undefined || durationNanos < 0n) throw bad(col.duration, 'not a duration in microseconds');
    if (cell(col.traceId).trim() === '') throw bad(col.traceId, 'not a trace id');
    if (cell(col.spanId).trim() === '') throw bad(col.spanId, 'not a span id');

    const operation = cell(col.operation).trim();
    const method = cell(col.method).trim();
    const name = intern(operation !== '' ? operation : method !== '' ? method : 'unknown');
    spans.push({
      startNanos,
      endNanos: startNanos + durationNanos,
      service: intern(resolveService(cell(col.service).trim())),
      traceId: otlpId(cell(col.traceId), 32, true) as string,
      spanId: otlpId(cell(col.spanId), 16, true) as string,
      parentSpanId: col.parent >= 0 ? otlpId(cell(col.parent), 16, false) : undefined,
      name,
      method: method !== name ? intern(method) : '',
      statusCell: intern(cell(col.status).trim()),
    });
  }
  spans.sort((a, b) => (a.startNanos < b.startNanos ? -1 : a.startNanos > b.startNanos ? 1 : 0));
  return spans;
}

/** Time-ordered lines of at most SPAN_BATCH spans each. */
export function* spanLines(spans: readonly SpanEntry[], batch = SPAN_BATCH): Generator<{ readonly request: object; readonly spans: number }> {
  const statuses = new Map<string, SpanStatus>();
  const statusOf = (cell: string) => statuses.get(cell) ?? (statuses.set(cell, spanStatus(cell)), statuses.get(cell) as SpanStatus);
  const json = (s: SpanEntry) => {
    const { attribute, code } = statusOf(s.statusCell);
    const attributes = [...(s.method !== '' ? [stringAttribute('rpc.method', s.method)] : []), ...(attribute ? [attribute] : [])];
    return {
      traceId: s.traceId,
      spanId: s.spanId,
      ...(s.parentSpanId !== undefined ? { parentSpanId: s.parentSpanId } : {}),
      name: s.name,
      kind: 0,
      startTimeUnixNano: s.startNanos.toString(),
      endTimeUnixNano: s.endNanos.toString(),
      ...(attributes.length > 0 ? { attributes } : {}),
      ...(code !== undefined ? { status: { code } } : {}),
    };
  };
  for (let start = 0; start < spans.length; start += batch) {
    const slice = spans.slice(start, start + batch);
    const resourceSpans = [...groupInOrder(slice, (s) => s.service)].map(([service, list]) => ({
      resource: serviceResource(service),
      scopeSpans: [
        {
          scope: IMPORTER_SCOPE,
          spans: list.map(json),
        },
      ],
    }));
    yield { request: { resourceSpans }, spans: slice.length };
  }
}
