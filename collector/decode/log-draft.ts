/**
 * One log record as the protobuf and JSON decoders collect it, and the one
 * place that validates it and turns it into a LogRow, so both wire formats
 * store identical rows and refuse identical records.
 *
 * Semantics: opentelemetry/proto/logs/v1/logs.proto and
 * https://opentelemetry.io/docs/specs/otel/logs/data-model/
 */
import type { AttributeMap, LogRow } from '../../storage/otel-rows.ts';
import type { ItemGroup } from './otlp-envelope.ts';
import { SPAN_ID_BYTES, TRACE_ID_BYTES, idProblem } from './otlp-ids.ts';

/** LogRecordFlags.LOG_RECORD_FLAGS_TRACE_FLAGS_MASK: the low 8 bits are the W3C trace flags. */
const TRACE_FLAGS_MASK = 0xff;

/** SeverityNumber values logs.proto defines: SEVERITY_NUMBER_TRACE = 1 .. SEVERITY_NUMBER_FATAL4 = 24. */
const MIN_SEVERITY_NUMBER = 1;
const MAX_SEVERITY_NUMBER = 24;

/**
 * The SeverityNumber as stored: the value sent when the specification
 * defines it (1..24), else 0 (SEVERITY_NUMBER_UNSPECIFIED). Any other value
 * has no meaning a reader could rely on, and the column is a UInt8, where a
 * value outside 0..255 would fail the insert of the whole batch.
 */
export function storedSeverityNumber(n: number): number {
  return n >= MIN_SEVERITY_NUMBER && n <= MAX_SEVERITY_NUMBER ? n : 0;
}

/** Reused for every record of a request; `reset()` before each (the maps move into the row). */
export class LogDraft {
  /** time_unix_nano as decimal text; '0' means unknown. */
  time = '0';
  observedTime = '0';
  /** As sent (any int32); `logRow` stores it through `storedSeverityNumber`. */
  severityNumber = 0;
  severityText = '';
  /** The body as stored (`plainValueToString`). */
  body = '';
  attributes: AttributeMap = {};
  flags = 0;
  traceId = '';
  /** Length of the id in bytes as sent (NOT_HEX for JSON text that is not hex). */
  traceIdBytes = 0;
  spanId = '';
  spanIdBytes = 0;
  eventName = '';

  reset(): void {
    this.time = '0';
    this.observedTime = '0';
    this.severityNumber = 0;
    this.severityText = '';
    this.body = '';
    this.attributes = {};
    this.flags = 0;
    this.traceId = '';
    this.traceIdBytes = 0;
    this.spanId = '';
    this.spanIdBytes = 0;
    this.eventName = '';
  }
}

/** Why the record must be refused, or '' when it can be stored: trace correlation ids are optional but, when sent, must have the right length. */
export function logProblem(d: LogDraft): string {
  return (
    idProblem('trace_id', d.traceIdBytes, TRACE_ID_BYTES, d.traceId, false) ||
    idProblem('span_id', d.spanIdBytes, SPAN_ID_BYTES, d.spanId, false)
  );
}

export function logRow(d: LogDraft, group: ItemGroup): LogRow {
  return {
    // logs.proto (observed_time_unix_nano): a recipient that keeps one
    // timestamp should "use time_unix_nano if it is present, otherwise use
    // observed_time_unix_nano"; 0 means not present.
    Timestamp: d.time !== '0' ? d.time : d.observedTime,
    TraceId: d.traceId,
    SpanId: d.spanId,
    TraceFlags: d.flags & TRACE_FLAGS_MASK,
    SeverityText: d.severityText,
    SeverityNumber: storedSeverityNumber(d.severityNumber),
    ServiceName: group.resource.serviceName,
    Body: d.body,
    ResourceSchemaUrl: group.resourceSchemaUrl,
    ResourceAttributes: group.resource.attributes,
    ScopeSchemaUrl: group.scopeSchemaUrl,
    ScopeName: group.scope.name,
    ScopeVersion: group.scope.version,
    ScopeAttributes: group.scope.attributes,
    LogAttributes: d.attributes,
    EventName: d.eventName,
  };
}
