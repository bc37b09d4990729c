/**
 * OTLP/protobuf ExportTraceServiceRequest -> SpanRow[], straight from the
 * bytes (the ingest hot path: one reader narrowed in place, one reused
 * draft, no intermediate message objects, no per-field closures).
 *
 * Field numbers: opentelemetry/proto/trace/v1/trace.proto. Spans with invalid
 * ids are refused one by one and reported as partial success
 * (https://opentelemetry.io/docs/specs/otlp/#partial-success); a malformed
 * request fails as a whole with CW_ERR_INGEST_BAD_REQUEST. Never throws.
 */
import type { SpanRow } from '../../storage/otel-rows.ts';
import type { Result } from '../../core/result.ts';
import { readAttribute } from './common-proto.ts';
import { type DecodedRequest, RejectionLog, decodedRequest } from './decoded-request.ts';
import { TRACES_ENVELOPE } from './otlp-envelope.ts';
import { type ProtoCursor, type ProtoItemDecoder, walkProtoEnvelope } from './proto-envelope.ts';
import {
  type ProtoReader,
  type Uint64Halves,
  WIRE_FIXED32,
  WIRE_FIXED64,
  WIRE_LEN,
  WIRE_VARINT,
  bytesToIdHex,
  joinUnsigned64,
} from './proto-reader.ts';
import { SpanDraft, spanProblem, spanRow } from './span-draft.ts';
import { readEvent, readLink, readStatus } from './span-parts-proto.ts';

export function decodeTracesProto(body: Uint8Array): Result<DecodedRequest> {
  return walkProtoEnvelope(body, TRACES_ENVELOPE, new SpanProtoDecoder());
}

const TWO_POW_32 = 4294967296;

class SpanProtoDecoder implements ProtoItemDecoder {
  private readonly rows: SpanRow[] = [];
  private readonly rejections = new RejectionLog();
  private readonly draft = new SpanDraft();
  private readonly start: Uint64Halves = { lo: 0, hi: 0 };
  private readonly end: Uint64Halves = { lo: 0, hi: 0 };

  result(): DecodedRequest {
    return decodedRequest('traces', { traces: this.rows }, this.rows.length, this.rejections);
  }

  /** Span message; fields may come in any order, unknown ones are skipped. */
  readItem(r: ProtoReader, at: ProtoCursor): void {
    const d = this.draft;
    d.reset();
    const start = this.start;
    const end = this.end;
    start.lo = start.hi = end.lo = end.hi = 0;
    let attributeIndex = 0;
    let eventIndex = 0;
    let linkIndex = 0;
    while (r.hasMore()) {
      const tag = r.tag();
      const wire = tag & 7;
      switch (tag >>> 3) {
        case 1: {
          r.expect(wire, WIRE_LEN, 'Span.trace_id');
          const [s, e] = r.lengthDelimited();
          d.traceIdBytes = e - s;
          d.traceId = bytesToIdHex(r.buf, s, e);
          break;
        }
        case 2: {
          r.expect(wire, WIRE_LEN, 'Span.span_id');
          const [s, e] = r.lengthDelimited();
          d.spanIdBytes = e - s;
          d.spanId = bytesToIdHex(r.buf, s, e);
          break;
        }
        case 3:
          r.expect(wire, WIRE_LEN, 'Span.trace_state');
          d.traceState = r.string();
          break;
        case 4: {
          r.expect(wire, WIRE_LEN, 'Span.parent_span_id');
          const [s, e] = r.lengthDelimited();
          d.parentSpanIdBytes = e - s;
          d.parentSpanId = bytesToIdHex(r.buf, s, e);
          break;
        }
        case 5:
          r.expect(wire, WIRE_LEN, 'Span.name');
          d.name = r.string();
          break;
        case 6:
          r.expect(wire, WIRE_VARINT, 'Span.kind');
          d.kind = r.int32();
          break;
        case 7:
          r.expect(wire, WIRE_FIXED64, 'Span.start_time_unix_nano');
          r.fixed64Into(start);
          break;
        case 8:
          r.expect(wire, WIRE_FIXED64, 'Span.end_time_unix_nano');
          r.fixed64Into(end);
          break;
        case 9:
          r.expect(wire, WIRE_LEN, 'Span.attributes');
          at.part = 'attributes';
          at.partIndex = attributeIndex++;
          readAttribute(r, d.attributes);
          at.part = '';
          break;
        case 11: {
          r.expect(wire, WIRE_LEN, 'Span.events');
          at.part = 'events';
          at.partIndex = eventIndex++;
          const outer = r.enter();
          readEvent(r, d);
          r.leave(outer);
          at.part = '';
          break;
        }
        case 13: {
          r.expect(wire, WIRE_LEN, 'Span.links');
          at.part = 'links';
          at.partIndex = linkIndex++;
          const outer = r.enter();
          readLink(r, d);
          r.leave(outer);
          at.part = '';
          break;
        }
        case 15: {
          r.expect(wire, WIRE_LEN, 'Span.status');
          at.part = 'status';
          at.partIndex = -1;
          const outer = r.enter();
          readStatus(r, d);
          r.leave(outer);
          at.part = '';
          break;
        }
        case 10:
          r.expect(wire, WIRE_VARINT, 'Span.dropped_attributes_count');
          r.skip(wire);
          break;
        case 12:
          r.expect(wire, WIRE_VARINT, 'Span.dropped_events_count');
          r.skip(wire);
          break;
        case 14:
          r.expect(wire, WIRE_VARINT, 'Span.dropped_links_count');
          r.skip(wire);
          break;
        case 16: // flags: W3C trace flags and is-remote bits; not stored
          r.expect(wire, WIRE_FIXED32, 'Span.flags');
          r.skip(wire);
          break;
        default:
          r.skip(wire);
      }
    }
    d.startTime = joinUnsigned64(start.lo, start.hi);
    d.durationNanos = durationNanos(start, end);
    const problem = spanProblem(d);
    if (problem === '') this.rows.push(spanRow(d, at));
    else this.rejections.reject(at.itemPath(), problem);
  }
}

/**
 * end - start in ns, exact whenever the result is below 2^53 (both terms are
 * exact doubles then). 0 when the end precedes the start, or when either time
 * is missing (0): a duration measured from or to "unknown" would be decades
 * long and wreck every latency statistic.
 */
function durationNanos(start: Uint64Halves, end: Uint64Halves): number {
  if ((start.lo === 0 && start.hi === 0) || end.hi < start.hi || (end.hi === start.hi && end.lo <= start.lo)) return 0;
  return (end.hi - start.hi) * TWO_POW_32 + (end.lo - start.lo);
}
