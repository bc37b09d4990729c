/**
 * OTLP/JSON ExportLogsServiceRequest (already parsed) -> LogRow[], with the
 * same rows and the same per-record refusals as logs-proto.ts (both fill a
 * LogDraft).
 *
 * Encoding: https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding
 * (hex ids, enums as integers, 64-bit integers as text or numbers); see
 * common-json.ts for what else is accepted. Never throws.
 */
import type { LogRow } from '../../storage/otel-rows.ts';
import type { Result } from '../../core/result.ts';
import { plainValueToString } from './any-value.ts';
import { type JsonObject, attributesField, field, intField, readAnyValueJson, stringField } from './common-json.ts';
import { type DecodedRequest, RejectionLog, decodedRequest } from './decoded-request.ts';
import { type JsonItemDecoder, walkJsonEnvelope } from './json-envelope.ts';
import { SEVERITY_NUMBER_VALUES, enumField, fixed64TimeField, idTextField } from './json-otlp-fields.ts';
import { LogDraft, logProblem, logRow } from './log-draft.ts';
import { type ItemGroup, LOGS_ENVELOPE } from './otlp-envelope.ts';

export function decodeLogsJson(body: unknown): Result<DecodedRequest> {
  return walkJsonEnvelope(body, LOGS_ENVELOPE, new LogJsonDecoder());
}

class LogJsonDecoder implements JsonItemDecoder {
  private readonly rows: LogRow[] = [];
  private readonly rejections = new RejectionLog();
  private readonly draft = new LogDraft();

  result(): DecodedRequest {
    return decodedRequest('logs', { logs: this.rows }, this.rows.length, this.rejections);
  }

  readItem(record: JsonObject, path: string, group: ItemGroup): void {
    const d = this.draft;
    d.reset();
    d.time = fixed64TimeField(record, 'timeUnixNano', path);
    d.observedTime = fixed64TimeField(record, 'observedTimeUnixNano', path);
    d.severityNumber = enumField(record, 'severityNumber', path, SEVERITY_NUMBER_VALUES);
    d.severityText = stringField(record, 'severityText', path);
    d.body = plainValueToString(readAnyValueJson(field(record, 'body'), `${path}.body`));
    d.attributes = attributesField(record, 'attributes', path);
    intField(record, 'droppedAttributesCount', path);
    d.flags = intField(record, 'flags', path);
    const traceId = idTextField(record, 'traceId', path);
    d.traceId = traceId.hex;
    d.traceIdBytes = traceId.bytes;
    const spanId = idTextField(record, 'spanId', path);
    d.spanId = spanId.hex;
    d.spanIdBytes = spanId.bytes;
    d.eventName = stringField(record, 'eventName', path);

    const problem = logProblem(d);
    if (problem === '') this.rows.push(logRow(d, group));
    else this.rejections.reject(path, problem);
  }
}
