/**
 * One span as the protobuf and JSON decoders collect it, and the one place
 * that validates it and turns it into a SpanRow, so both wire formats store
 * identical rows and refuse identical spans.
 *
 * Span semantics: https://opentelemetry.io/docs/specs/otel/trace/api/#span
 * and opentelemetry/proto/trace/v1/trace.proto.
 */
import type { AttributeMap, SpanRow } from '../../storage/otel-rows.ts';
import { spanKindName, statusCodeName } from './any-value.ts';
import type { ItemGroup } from './otlp-envelope.ts';
import { SPAN_ID_BYTES, TRACE_ID_BYTES, idProblem } from './otlp-ids.ts';

/** Reused for every span of a request; `reset()` before each (the arrays and maps move into the row). */
export class SpanDraft {
  traceId = '';
  /** Length of the id in bytes as sent (NOT_HEX for JSON text that is not hex). */
  traceIdBytes = 0;
  spanId = '';
  spanIdBytes = 0;
  parentSpanId = '';
  parentSpanIdBytes = 0;
  traceState = '';
  name = '';
  kind = 0;
  /** start_time_unix_nano as decimal text. */
  startTime = '0';
  /** end - start in ns (exact below 2^53); 0 when the end is before the start or either time is missing. */
  durationNanos = 0;
  statusCode = 0;
  statusMessage = '';
  attributes: AttributeMap = {};
  eventTimes: string[] = [];
  eventNames: string[] = [];
  eventAttributes: AttributeMap[] = [];
  linkTraceIds: string[] = [];
  linkSpanIds: string[] = [];
  linkTraceStates: string[] = [];
  linkAttributes: AttributeMap[] = [];
  /** Why the first invalid link is invalid; '' while all are valid. */
  linkProblem = '';

  reset(): void {
    this.traceId = '';
    this.traceIdBytes = 0;
    this.spanId = '';
    this.spanIdBytes = 0;
    this.parentSpanId = '';
    this.parentSpanIdBytes = 0;
    this.traceState = '';
    this.name = '';
    this.kind = 0;
    this.startTime = '0';
    this.durationNanos = 0;
    this.statusCode = 0;
    this.statusMessage = '';
    this.attributes = {};
    this.eventTimes = [];
    this.eventNames = [];
    this.eventAttributes = [];
    this.linkTraceIds = [];
    this.linkSpanIds = [];
    this.linkTraceStates = [];
    this.linkAttributes = [];
    this.linkProblem = '';
  }

  addEvent(time: string, name: string, attributes: AttributeMap): void {
    this.eventTimes.push(time);
    this.eventNames.push(name);
    this.eventAttributes.push(attributes);
  }

  /**
   * A link's ids are optional but, when present, must have the span-context
   * lengths. A span with a corrupt link is refused as a whole (reported to the
   * sender as partial success) rather than stored with a link that can never
   * resolve.
   */
  addLink(traceId: string, traceIdBytes: number, spanId: string, spanIdBytes: number, traceState: string, attributes: AttributeMap): void {
    if (this.linkProblem === '' && (wrongLength(traceIdBytes, TRACE_ID_BYTES) || wrongLength(spanIdBytes, SPAN_ID_BYTES))) {
      const i = this.linkTraceIds.length;
      this.linkProblem =
        idProblem(`links[${i}].trace_id`, traceIdBytes, TRACE_ID_BYTES, traceId, false) ||
        idProblem(`links[${i}].span_id`, spanIdBytes, SPAN_ID_BYTES, spanId, false);
    }
    this.linkTraceIds.push(traceId);
    this.linkSpanIds.push(spanId);
    this.linkTraceStates.push(traceState);
    this.linkAttributes.push(attributes);
  }
}

function wrongLength(bytes: number, expected: number): boolean {
  return bytes !== 0 && bytes !== expected;
}

/**
 * Why the span must be refused, or '' when it can be stored: its own trace and
 * span ids are required and valid, a parent span id is empty (root span) or 8
 * bytes, and its links' ids are well formed.
 */
export function spanProblem(d: SpanDraft): string {
  return (
    idProblem('trace_id', d.traceIdBytes, TRACE_ID_BYTES, d.traceId, true) ||
    idProblem('span_id', d.spanIdBytes, SPAN_ID_BYTES, d.spanId, true) ||
    idProblem('parent_span_id', d.parentSpanIdBytes, SPAN_ID_BYTES, d.parentSpanId, false) ||
    d.linkProblem
  );
}

export function spanRow(d: SpanDraft, group: ItemGroup): SpanRow {
  return {
    Timestamp: d.startTime,
    TraceId: d.traceId,
    SpanId: d.spanId,
    ParentSpanId: d.parentSpanId,
    TraceState: d.traceState,
    SpanName: d.name,
    SpanKind: spanKindName(d.kind),
    ServiceName: group.resource.serviceName,
    ResourceAttributes: group.resource.attributes,
    ScopeName: group.scope.name,
    ScopeVersion: group.scope.version,
    SpanAttributes: d.attributes,
    Duration: d.durationNanos,
    StatusCode: statusCodeName(d.statusCode),
    StatusMessage: d.statusMessage,
    'Events.Timestamp': d.eventTimes,
    'Events.Name': d.eventNames,
    'Events.Attributes': d.eventAttributes,
    'Links.TraceId': d.linkTraceIds,
    'Links.SpanId': d.linkSpanIds,
    'Links.TraceState': d.linkTraceStates,
    'Links.Attributes': d.linkAttributes,
  };
}
