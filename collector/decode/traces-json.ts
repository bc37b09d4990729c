/**
 * OTLP/JSON ExportTraceServiceRequest (already parsed) -> SpanRow[], with
 * the same rows and the same per-span refusals as traces-proto.ts (both fill
 * a SpanDraft).
 *
 * Encoding: https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding
 * (hex ids, enums as integers, 64-bit integers as text or numbers); see
 * common-json.ts for what else is accepted. Never throws.
 */
import type { SpanRow } from '../../storage/otel-rows.ts';
import type { Result } from '../../core/result.ts';
import { type JsonObject, arrayField, asObject, attributesField, field, intField, stringField } from './common-json.ts';
import { type DecodedRequest, RejectionLog, decodedRequest } from './decoded-request.ts';
import { type JsonItemDecoder, walkJsonEnvelope } from './json-envelope.ts';
import { SPAN_KIND_VALUES, STATUS_CODE_VALUES, enumField, fixed64TimeField, idTextField } from './json-otlp-fields.ts';
import { type ItemGroup, TRACES_ENVELOPE } from './otlp-envelope.ts';
import { SpanDraft, spanProblem, spanRow } from './span-draft.ts';

export function decodeTracesJson(body: unknown): Result<DecodedRequest> {
  return walkJsonEnvelope(body, TRACES_ENVELOPE, new SpanJsonDecoder());
}

class SpanJsonDecoder implements JsonItemDecoder {
  private readonly rows: SpanRow[] = [];
  private readonly rejections = new RejectionLog();
  private readonly draft = new SpanDraft();

  result(): DecodedRequest {
    return decodedRequest('traces', { traces: this.rows }, this.rows.length, this.rejections);
  }

  readItem(span: JsonObject, path: string, group: ItemGroup): void {
    const d = this.draft;
    d.reset();
    const traceId = idTextField(span, 'traceId', path);
    d.traceId = traceId.hex;
    d.traceIdBytes = traceId.bytes;
    const spanId = idTextField(span, 'spanId', path);
    d.spanId = spanId.hex;
    d.spanIdBytes = spanId.bytes;
    const parentSpanId = idTextField(span, 'parentSpanId', path);
    d.parentSpanId = parentSpanId.hex;
    d.parentSpanIdBytes = parentSpanId.bytes;
    d.traceState = stringField(span, 'traceState', path);
    d.name = stringField(span, 'name', path);
    d.kind = enumField(span, 'kind', path, SPAN_KIND_VALUES);
    const start = fixed64TimeField(span, 'startTimeUnixNano', path);
    const end = fixed64TimeField(span, 'endTimeUnixNano', path);
    d.startTime = start;
    d.durationNanos = durationNanos(start, end);
    d.attributes = attributesField(span, 'attributes', path);
    intField(span, 'droppedAttributesCount', path);
    intField(span, 'droppedEventsCount', path);
    intField(span, 'droppedLinksCount', path);
    intField(span, 'flags', path);

    const events = arrayField(span, 'events', path);
    for (let i = 0; i < events.length; i++) {
      const p = `${path}.events[${i}]`;
      const event = asObject(events[i], p);
      intField(event, 'droppedAttributesCount', p);
      d.addEvent(fixed64TimeField(event, 'timeUnixNano', p), stringField(event, 'name', p), attributesField(event, 'attributes', p));
    }
    const links = arrayField(span, 'links', path);
    for (let i = 0; i < links.length; i++) {
      const p = `${path}.links[${i}]`;
      const link = asObject(links[i], p);
      const linkTraceId = idTextField(link, 'traceId', p);
      const linkSpanId = idTextField(link, 'spanId', p);
      intField(link, 'droppedAttributesCount', p);
      intField(link, 'flags', p);
      d.addLink(linkTraceId.hex, linkTraceId.bytes, linkSpanId.hex, linkSpanId.bytes, stringField(link, 'traceState', p), attributesField(link, 'attributes', p));
    }
    const status = field(span, 'status');
    if (status !== undefined) {
      const p = `${path}.status`;
      const obj = asObject(status, p);
      d.statusCode = enumField(obj, 'code', p, STATUS_CODE_VALUES);
      d.statusMessage = stringField(obj, 'message', p);
    }

    const problem = spanProblem(d);
    if (problem === '') this.rows.push(spanRow(d, group));
    else this.rejections.reject(path, problem);
  }
}

/** end - start in ns as the protobuf path computes it: 0 when the end precedes the start or either time is missing. */
function durationNanos(start: string, end: string): number {
  if (start === '0') return 0;
  const diff = BigInt(end) - BigInt(start);
  return diff > 0n ? Number(diff) : 0;
}
