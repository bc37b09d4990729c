/**
 * OTLP/protobuf ExportLogsServiceRequest -> LogRow[], straight from the bytes
 * (the ingest hot path: one reader narrowed in place, one reused draft, no
 * intermediate message objects, no per-field closures).
 *
 * Field numbers: opentelemetry/proto/logs/v1/logs.proto (field 4 is reserved
 * and skipped like any unknown field). Records with trace or span ids of the
 * wrong length are refused one by one and reported as partial success
 * (https://opentelemetry.io/docs/specs/otlp/#partial-success); a malformed
 * request fails as a whole with CW_ERR_INGEST_BAD_REQUEST. Never throws.
 */
import type { LogRow } from '../../storage/otel-rows.ts';
import type { Result } from '../../core/result.ts';
import { plainValueToString } from './any-value.ts';
import { readAnyValue, readAttribute } from './common-proto.ts';
import { type DecodedRequest, RejectionLog, decodedRequest } from './decoded-request.ts';
import { LogDraft, logProblem, logRow } from './log-draft.ts';
import { LOGS_ENVELOPE } from './otlp-envelope.ts';
import { type ProtoCursor, type ProtoItemDecoder, walkProtoEnvelope } from './proto-envelope.ts';
import { type ProtoReader, WIRE_FIXED32, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT, bytesToIdHex } from './proto-reader.ts';

export function decodeLogsProto(body: Uint8Array): Result<DecodedRequest> {
  return walkProtoEnvelope(body, LOGS_ENVELOPE, new LogProtoDecoder());
}

class LogProtoDecoder implements ProtoItemDecoder {
  private readonly rows: LogRow[] = [];
  private readonly rejections = new RejectionLog();
  private readonly draft = new LogDraft();

  result(): DecodedRequest {
    return decodedRequest('logs', { logs: this.rows }, this.rows.length, this.rejections);
  }

  /** LogRecord message; fields may come in any order, unknown ones are skipped. */
  readItem(r: ProtoReader, at: ProtoCursor): void {
    const d = this.draft;
    d.reset();
    let attributeIndex = 0;
    while (r.hasMore()) {
      const tag = r.tag();
      const wire = tag & 7;
      switch (tag >>> 3) {
        case 1:
          r.expect(wire, WIRE_FIXED64, 'LogRecord.time_unix_nano');
          d.time = r.fixed64String();
          break;
        case 2:
          r.expect(wire, WIRE_VARINT, 'LogRecord.severity_number');
          d.severityNumber = r.int32();
          break;
        case 3:
          r.expect(wire, WIRE_LEN, 'LogRecord.severity_text');
          d.severityText = r.string();
          break;
        case 5: {
          r.expect(wire, WIRE_LEN, 'LogRecord.body');
          at.part = 'body';
          at.partIndex = -1;
          const outer = r.enter();
          d.body = plainValueToString(readAnyValue(r));
          r.leave(outer);
          at.part = '';
          break;
        }
        case 6:
          r.expect(wire, WIRE_LEN, 'LogRecord.attributes');
          at.part = 'attributes';
          at.partIndex = attributeIndex++;
          readAttribute(r, d.attributes);
          at.part = '';
          break;
        case 7:
          r.expect(wire, WIRE_VARINT, 'LogRecord.dropped_attributes_count');
          r.skip(wire);
          break;
        case 8:
          r.expect(wire, WIRE_FIXED32, 'LogRecord.flags');
          d.flags = r.fixed32();
          break;
        case 9: {
          r.expect(wire, WIRE_LEN, 'LogRecord.trace_id');
          const [s, e] = r.lengthDelimited();
          d.traceIdBytes = e - s;
          d.traceId = bytesToIdHex(r.buf, s, e);
          break;
        }
        case 10: {
          r.expect(wire, WIRE_LEN, 'LogRecord.span_id');
          const [s, e] = r.lengthDelimited();
          d.spanIdBytes = e - s;
          d.spanId = bytesToIdHex(r.buf, s, e);
          break;
        }
        case 11:
          r.expect(wire, WIRE_FIXED64, 'LogRecord.observed_time_unix_nano');
          d.observedTime = r.fixed64String();
          break;
        case 12:
          r.expect(wire, WIRE_LEN, 'LogRecord.event_name');
          d.eventName = r.string();
          break;
        default:
          r.skip(wire);
      }
    }
    const problem = logProblem(d);
    if (problem === '') this.rows.push(logRow(d, at));
    else this.rejections.reject(at.itemPath(), problem);
  }
}
