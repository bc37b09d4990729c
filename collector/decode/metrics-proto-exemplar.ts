/**
 * Protobuf reading helpers shared by the metric data point readers, and the
 * Exemplar message (opentelemetry/proto/metrics/v1/metrics.proto).
 *
 * Contract: readers take the ProtoReader positioned on the message's length
 * prefix and leave it just after the message. Nested messages are read in
 * place (`r.enter()` / `r.leave()`) instead of through a sub-reader per point.
 */
import type { AttributeMap } from '../../storage/otel-rows.ts';
import { readAttribute } from './common-proto.ts';
import { type ExemplarList, addExemplar } from './metrics-points.ts';
import { SPAN_ID_BYTES, TRACE_ID_BYTES, idProblem } from './otlp-ids.ts';
import { type ProtoReader, ProtoDecodeError, WIRE_FIXED64, WIRE_LEN, bytesToIdHex } from './proto-reader.ts';

const TWO_POW_32 = 4294967296;

/** sfixed64 as a number (one rounding, the same as `Number(decimal text)`); `as_int` values are stored in Float64 columns. */
export function sfixed64Number(r: ProtoReader): number {
  const lo = r.fixed32();
  const hi = r.fixed32() | 0;
  return hi * TWO_POW_32 + lo;
}

/** Throws unless `wire` is the element's wire type or LEN (packed). */
export function expectRepeated(r: ProtoReader, wire: number, elementWire: number, field: string): void {
  if (wire !== WIRE_LEN && wire !== elementWire) {
    throw new ProtoDecodeError(`field ${field} has wire type ${wire}, expected ${elementWire} or ${WIRE_LEN} (packed)`, r.pos);
  }
}

/**
 * Exemplar{filtered_attributes=7, time_unix_nano=2, as_double=3, as_int=6,
 * span_id=4, trace_id=5}, appended to `list`.
 */
export function readExemplar(r: ProtoReader, list: ExemplarList): void {
  const index = list.columns['Exemplars.TimeUnix'].length;
  const outer = r.enter();
  const attributes: AttributeMap = {};
  let time = '0';
  let value = 0;
  let spanId = '';
  let traceId = '';
  let spanProblem = '';
  let traceProblem = '';
  while (r.hasMore()) {
    const tag = r.tag();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 7:
        r.expect(wire, WIRE_LEN, 'Exemplar.filtered_attributes');
        readAttribute(r, attributes);
        break;
      case 2:
        r.expect(wire, WIRE_FIXED64, 'Exemplar.time_unix_nano');
        time = r.fixed64String();
        break;
      case 3:
        r.expect(wire, WIRE_FIXED64, 'Exemplar.as_double');
        value = r.double();
        break;
      case 6:
        r.expect(wire, WIRE_FIXED64, 'Exemplar.as_int');
        value = sfixed64Number(r);
        break;
      case 4: {
        r.expect(wire, WIRE_LEN, 'Exemplar.span_id');
        const [s, e] = r.lengthDelimited();
        spanId = bytesToIdHex(r.buf, s, e);
        spanProblem = idProblem(`exemplars[${index}].span_id`, e - s, SPAN_ID_BYTES, spanId, false);
        break;
      }
      case 5: {
        r.expect(wire, WIRE_LEN, 'Exemplar.trace_id');
        const [s, e] = r.lengthDelimited();
        traceId = bytesToIdHex(r.buf, s, e);
        traceProblem = idProblem(`exemplars[${index}].trace_id`, e - s, TRACE_ID_BYTES, traceId, false);
        break;
      }
      default:
        r.skip(wire);
    }
  }
  r.leave(outer);
  // Span id first, then trace id, whatever the byte order: the JSON path reports in the same order.
  if (list.problem === '') list.problem = spanProblem !== '' ? spanProblem : traceProblem;
  addExemplar(list, attributes, time, value, spanId, traceId);
}
