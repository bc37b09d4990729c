/**
 * Protobuf readers for NumberDataPoint (gauge and sum points) and
 * SummaryDataPoint (opentelemetry/proto/metrics/v1/metrics.proto), reading
 * straight into the shapes of `metrics-points.ts`.
 *
 * Contract: each reader takes the ProtoReader positioned on the message's
 * length prefix and leaves it just after the message. Fields may come in any
 * order and repeat; unknown fields are skipped; a known field with the wrong
 * wire type throws `ProtoDecodeError` naming it.
 */
import { readAttributeInto } from './common-proto.ts';
import { type NumberPoint, type SummaryPoint, newExemplarList } from './metrics-points.ts';
import { readExemplar, sfixed64Number } from './metrics-proto-exemplar.ts';
import { type ProtoReader, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from './proto-reader.ts';

export function readNumberPoint(r: ProtoReader): NumberPoint {
  const outer = r.enter();
  const p: NumberPoint = { attributes: {}, startTimeUnix: '0', timeUnix: '0', flags: 0, value: 0, hasValue: false, exemplars: newExemplarList() };
  let exemplarIndex = 0;
  while (r.pos < r.end) {
    const tag = r.tag();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 7:
        r.expect(wire, WIRE_LEN, 'NumberDataPoint.attributes');
        readAttributeInto(r, p.attributes);
        break;
      case 2:
        r.expect(wire, WIRE_FIXED64, 'NumberDataPoint.start_time_unix_nano');
        p.startTimeUnix = r.fixed64String();
        break;
      case 3:
        r.expect(wire, WIRE_FIXED64, 'NumberDataPoint.time_unix_nano');
        p.timeUnix = r.fixed64String();
        break;
      case 4:
        r.expect(wire, WIRE_FIXED64, 'NumberDataPoint.as_double');
        p.value = r.double();
        p.hasValue = true;
        break;
      case 6:
        r.expect(wire, WIRE_FIXED64, 'NumberDataPoint.as_int');
        p.value = sfixed64Number(r);
        p.hasValue = true;
        break;
      case 5:
        r.expect(wire, WIRE_LEN, 'NumberDataPoint.exemplars');
        readExemplar(r, p.exemplars, exemplarIndex++);
        break;
      case 8:
        r.expect(wire, WIRE_VARINT, 'NumberDataPoint.flags');
        p.flags = r.uint32();
        break;
      default:
        r.skip(wire);
    }
  }
  r.leave(outer);
  return p;
}

function readValueAtQuantile(r: ProtoReader, p: SummaryPoint): void {
  const outer = r.enter();
  let quantile = 0;
  let value = 0;
  while (r.pos < r.end) {
    const tag = r.tag();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        r.expect(wire, WIRE_FIXED64, 'SummaryDataPoint.ValueAtQuantile.quantile');
        quantile = r.double();
        break;
      case 2:
        r.expect(wire, WIRE_FIXED64, 'SummaryDataPoint.ValueAtQuantile.value');
        value = r.double();
        break;
      default:
        r.skip(wire);
    }
  }
  r.leave(outer);
  p.quantiles.push(quantile);
  p.quantileValues.push(value);
}

export function readSummaryPoint(r: ProtoReader): SummaryPoint {
  const outer = r.enter();
  const p: SummaryPoint = { attributes: {}, startTimeUnix: '0', timeUnix: '0', flags: 0, count: 0, sum: 0, quantiles: [], quantileValues: [] };
  while (r.pos < r.end) {
    const tag = r.tag();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 7:
        r.expect(wire, WIRE_LEN, 'SummaryDataPoint.attributes');
        readAttributeInto(r, p.attributes);
        break;
      case 2:
        r.expect(wire, WIRE_FIXED64, 'SummaryDataPoint.start_time_unix_nano');
        p.startTimeUnix = r.fixed64String();
        break;
      case 3:
        r.expect(wire, WIRE_FIXED64, 'SummaryDataPoint.time_unix_nano');
        p.timeUnix = r.fixed64String();
        break;
      case 4:
        r.expect(wire, WIRE_FIXED64, 'SummaryDataPoint.count');
        p.count = r.fixed64Number();
        break;
      case 5:
        r.expect(wire, WIRE_FIXED64, 'SummaryDataPoint.sum');
        p.sum = r.double();
        break;
      case 6:
        r.expect(wire, WIRE_LEN, 'SummaryDataPoint.quantile_values');
        readValueAtQuantile(r, p);
        break;
      case 8:
        r.expect(wire, WIRE_VARINT, 'SummaryDataPoint.flags');
        p.flags = r.uint32();
        break;
      default:
        r.skip(wire);
    }
  }
  r.leave(outer);
  return p;
}
