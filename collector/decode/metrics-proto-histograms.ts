/**
 * Protobuf readers for HistogramDataPoint and ExponentialHistogramDataPoint
 * (opentelemetry/proto/metrics/v1/metrics.proto), reading straight into the
 * shapes of `metrics-points.ts`.
 *
 * Contract: each reader takes the ProtoReader positioned on the message's
 * length prefix and leaves it just after the message. Fields may come in any
 * order and repeat; repeated scalars accept packed and unpacked encodings, as
 * the protobuf spec requires of parsers
 * (https://protobuf.dev/programming-guides/encoding/#packed); unknown fields
 * are skipped; a known field with the wrong wire type throws
 * `ProtoDecodeError` naming it.
 */
import { readAttributeInto } from './common-proto.ts';
import { type ExponentialHistogramPoint, type HistogramPoint, newExemplarList } from './metrics-points.ts';
import { expectRepeated, readExemplar } from './metrics-proto-exemplar.ts';
import { type ProtoReader, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from './proto-reader.ts';

export function readHistogramPoint(r: ProtoReader): HistogramPoint {
  const outer = r.enter();
  const p: HistogramPoint = {
    attributes: {},
    startTimeUnix: '0',
    timeUnix: '0',
    flags: 0,
    count: 0,
    sum: 0,
    bucketCounts: [],
    explicitBounds: [],
    min: 0,
    max: 0,
    exemplars: newExemplarList(),
  };
  const readCount = (): void => {
    p.bucketCounts.push(r.fixed64Number());
  };
  const readBound = (): void => {
    p.explicitBounds.push(r.double());
  };
  let exemplarIndex = 0;
  while (r.pos < r.end) {
    const tag = r.tag();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 9:
        r.expect(wire, WIRE_LEN, 'HistogramDataPoint.attributes');
        readAttributeInto(r, p.attributes);
        break;
      case 2:
        r.expect(wire, WIRE_FIXED64, 'HistogramDataPoint.start_time_unix_nano');
        p.startTimeUnix = r.fixed64String();
        break;
      case 3:
        r.expect(wire, WIRE_FIXED64, 'HistogramDataPoint.time_unix_nano');
        p.timeUnix = r.fixed64String();
        break;
      case 4:
        r.expect(wire, WIRE_FIXED64, 'HistogramDataPoint.count');
        p.count = r.fixed64Number();
        break;
      case 5:
        r.expect(wire, WIRE_FIXED64, 'HistogramDataPoint.sum');
        p.sum = r.double();
        break;
      case 6:
        expectRepeated(r, wire, WIRE_FIXED64, 'HistogramDataPoint.bucket_counts');
        r.repeated(wire, readCount);
        break;
      case 7:
        expectRepeated(r, wire, WIRE_FIXED64, 'HistogramDataPoint.explicit_bounds');
        r.repeated(wire, readBound);
        break;
      case 8:
        r.expect(wire, WIRE_LEN, 'HistogramDataPoint.exemplars');
        readExemplar(r, p.exemplars, exemplarIndex++);
        break;
      case 10:
        r.expect(wire, WIRE_VARINT, 'HistogramDataPoint.flags');
        p.flags = r.uint32();
        break;
      case 11:
        r.expect(wire, WIRE_FIXED64, 'HistogramDataPoint.min');
        p.min = r.double();
        break;
      case 12:
        r.expect(wire, WIRE_FIXED64, 'HistogramDataPoint.max');
        p.max = r.double();
        break;
      default:
        r.skip(wire);
    }
  }
  r.leave(outer);
  return p;
}

/**
 * ExponentialHistogramDataPoint.Buckets: appends to `counts` and returns the
 * offset (`offset` unchanged when absent), so a repeated Buckets field merges
 * as protobuf requires for a singular message field.
 */
function readBuckets(r: ProtoReader, counts: number[], offset: number, field: string): number {
  const outer = r.enter();
  const readCount = (): void => {
    counts.push(r.uint64Number());
  };
  while (r.pos < r.end) {
    const tag = r.tag();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        r.expect(wire, WIRE_VARINT, `${field}.offset`);
        offset = r.sint32();
        break;
      case 2:
        expectRepeated(r, wire, WIRE_VARINT, `${field}.bucket_counts`);
        r.repeated(wire, readCount);
        break;
      default:
        r.skip(wire);
    }
  }
  r.leave(outer);
  return offset;
}

export function readExponentialHistogramPoint(r: ProtoReader): ExponentialHistogramPoint {
  const outer = r.enter();
  const p: ExponentialHistogramPoint = {
    attributes: {},
    startTimeUnix: '0',
    timeUnix: '0',
    flags: 0,
    count: 0,
    sum: 0,
    scale: 0,
    zeroCount: 0,
    positiveOffset: 0,
    positiveBucketCounts: [],
    negativeOffset: 0,
    negativeBucketCounts: [],
    min: 0,
    max: 0,
    exemplars: newExemplarList(),
  };
  let exemplarIndex = 0;
  while (r.pos < r.end) {
    const tag = r.tag();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        r.expect(wire, WIRE_LEN, 'ExponentialHistogramDataPoint.attributes');
        readAttributeInto(r, p.attributes);
        break;
      case 2:
        r.expect(wire, WIRE_FIXED64, 'ExponentialHistogramDataPoint.start_time_unix_nano');
        p.startTimeUnix = r.fixed64String();
        break;
      case 3:
        r.expect(wire, WIRE_FIXED64, 'ExponentialHistogramDataPoint.time_unix_nano');
        p.timeUnix = r.fixed64String();
        break;
      case 4:
        r.expect(wire, WIRE_FIXED64, 'ExponentialHistogramDataPoint.count');
        p.count = r.fixed64Number();
        break;
      case 5:
        r.expect(wire, WIRE_FIXED64, 'ExponentialHistogramDataPoint.sum');
        p.sum = r.double();
        break;
      case 6:
        r.expect(wire, WIRE_VARINT, 'ExponentialHistogramDataPoint.scale');
        p.scale = r.sint32();
        break;
      case 7:
        r.expect(wire, WIRE_FIXED64, 'ExponentialHistogramDataPoint.zero_count');
        p.zeroCount = r.fixed64Number();
        break;
      case 8:
        r.expect(wire, WIRE_LEN, 'ExponentialHistogramDataPoint.positive');
        p.positiveOffset = readBuckets(r, p.positiveBucketCounts, p.positiveOffset, 'ExponentialHistogramDataPoint.positive');
        break;
      case 9:
        r.expect(wire, WIRE_LEN, 'ExponentialHistogramDataPoint.negative');
        p.negativeOffset = readBuckets(r, p.negativeBucketCounts, p.negativeOffset, 'ExponentialHistogramDataPoint.negative');
        break;
      case 10:
        r.expect(wire, WIRE_VARINT, 'ExponentialHistogramDataPoint.flags');
        p.flags = r.uint32();
        break;
      case 11:
        r.expect(wire, WIRE_LEN, 'ExponentialHistogramDataPoint.exemplars');
        readExemplar(r, p.exemplars, exemplarIndex++);
        break;
      case 12:
        r.expect(wire, WIRE_FIXED64, 'ExponentialHistogramDataPoint.min');
        p.min = r.double();
        break;
      case 13:
        r.expect(wire, WIRE_FIXED64, 'ExponentialHistogramDataPoint.max');
        p.max = r.double();
        break;
      case 14:
        // zero_threshold has no column in the exporter schema; checked, then dropped.
        r.expect(wire, WIRE_FIXED64, 'ExponentialHistogramDataPoint.zero_threshold');
        r.skip(wire);
        break;
      default:
        r.skip(wire);
    }
  }
  r.leave(outer);
  return p;
}
