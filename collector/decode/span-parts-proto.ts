/**
 * The nested messages of a protobuf Span (Span.Event, Span.Link, Status),
 * read in place into the span's draft. Each reader gets `r` narrowed to
 * exactly the message's bytes (see ProtoReader.enter) and throws
 * ProtoDecodeError naming the field on a wrong wire type.
 *
 * Field numbers: opentelemetry/proto/trace/v1/trace.proto.
 */
import type { AttributeMap } from '../../storage/otel-rows.ts';
import { readAttribute } from './common-proto.ts';
import { type ProtoReader, WIRE_FIXED32, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT, bytesToIdHex } from './proto-reader.ts';
import type { SpanDraft } from './span-draft.ts';

/** Span.Event; `r` spans exactly its bytes. */
export function readEvent(r: ProtoReader, d: SpanDraft): void {
  let time = '0';
  let name = '';
  const attributes: AttributeMap = {};
  while (r.hasMore()) {
    const tag = r.tag();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        r.expect(wire, WIRE_FIXED64, 'Span.Event.time_unix_nano');
        time = r.fixed64String();
        break;
      case 2:
        r.expect(wire, WIRE_LEN, 'Span.Event.name');
        name = r.string();
        break;
      case 3:
        r.expect(wire, WIRE_LEN, 'Span.Event.attributes');
        readAttribute(r, attributes);
        break;
      case 4:
        r.expect(wire, WIRE_VARINT, 'Span.Event.dropped_attributes_count');
        r.skip(wire);
        break;
      default:
        r.skip(wire);
    }
  }
  d.addEvent(time, name, attributes);
}

/** Span.Link; `r` spans exactly its bytes. */
export function readLink(r: ProtoReader, d: SpanDraft): void {
  let traceId = '';
  let traceIdBytes = 0;
  let spanId = '';
  let spanIdBytes = 0;
  let traceState = '';
  const attributes: AttributeMap = {};
  while (r.hasMore()) {
    const tag = r.tag();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1: {
        r.expect(wire, WIRE_LEN, 'Span.Link.trace_id');
        const [s, e] = r.lengthDelimited();
        traceIdBytes = e - s;
        traceId = bytesToIdHex(r.buf, s, e);
        break;
      }
      case 2: {
        r.expect(wire, WIRE_LEN, 'Span.Link.span_id');
        const [s, e] = r.lengthDelimited();
        spanIdBytes = e - s;
        spanId = bytesToIdHex(r.buf, s, e);
        break;
      }
      case 3:
        r.expect(wire, WIRE_LEN, 'Span.Link.trace_state');
        traceState = r.string();
        break;
      case 4:
        r.expect(wire, WIRE_LEN, 'Span.Link.attributes');
        readAttribute(r, attributes);
        break;
      case 5:
        r.expect(wire, WIRE_VARINT, 'Span.Link.dropped_attributes_count');
        r.skip(wire);
        break;
      case 6:
        r.expect(wire, WIRE_FIXED32, 'Span.Link.flags');
        r.skip(wire);
        break;
      default:
        r.skip(wire);
    }
  }
  d.addLink(traceId, traceIdBytes, spanId, spanIdBytes, traceState, attributes);
}

/**
 * Status; `r` spans exactly its bytes. Field 1 is reserved (the removed
 * deprecated_code) and skipped like any unknown field. Only fields present
 * overwrite, so repeated status fields merge as protobuf requires.
 */
export function readStatus(r: ProtoReader, d: SpanDraft): void {
  while (r.hasMore()) {
    const tag = r.tag();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 2:
        r.expect(wire, WIRE_LEN, 'Status.message');
        d.statusMessage = r.string();
        break;
      case 3:
        r.expect(wire, WIRE_VARINT, 'Status.code');
        d.statusCode = r.int32();
        break;
      default:
        r.skip(wire);
    }
  }
}
