/**
 * Protobuf reader for the four data point messages (NumberDataPoint,
 * HistogramDataPoint, ExponentialHistogramDataPoint, SummaryDataPoint of
 * opentelemetry/proto/metrics/v1/metrics.proto), into a `PointDraft`.
 *
 * The messages share most of their fields (attributes, times, flags, count,
 * sum, min, max, exemplars) under different field numbers, so one reader
 * serves all four: a table per message says what each of its field numbers
 * means, and the reader decodes by meaning.
 *
 * Contract: the reader takes the ProtoReader positioned on the message's
 * length prefix and leaves it just after the message. Fields may come in any
 * order and repeat; repeated scalars accept packed and unpacked encodings, as
 * the protobuf spec requires of parsers
 * (https://protobuf.dev/programming-guides/encoding/#packed); unknown fields
 * are skipped; a known field with the wrong wire type throws
 * `ProtoDecodeError` naming it.
 */
import { readAttribute } from './common-proto.ts';
import { EXPONENTIAL_HISTOGRAM, GAUGE, HISTOGRAM, type MetricKind, type PointDraft, SUM, SUMMARY } from './metrics-points.ts';
import { expectRepeated, readExemplar, sfixed64Number } from './metrics-proto-exemplar.ts';
import { type ProtoReader, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from './proto-reader.ts';

// What a field means, whatever its number in its message.
const ATTRIBUTES = 1;
const START_TIME = 2;
const TIME = 3;
const FLAGS = 4;
const EXEMPLARS = 5;
const AS_DOUBLE = 6;
const AS_INT = 7;
const COUNT = 8;
const SUM_VALUE = 9;
const MIN = 10;
const MAX = 11;
const BUCKET_COUNTS = 12;
const EXPLICIT_BOUNDS = 13;
const SCALE = 14;
const ZERO_COUNT = 15;
const POSITIVE = 16;
const NEGATIVE = 17;
const ZERO_THRESHOLD = 18;
const QUANTILE_VALUES = 19;

interface PointMessage {
  /** Meaning of each field number (the index); 0 for fields that are skipped. */
  readonly meanings: Uint8Array;
  /** `Message.field` by field number, for wire-type errors. */
  readonly names: readonly string[];
}

/** A message's fields: field number -> [proto field name, meaning]. */
function pointMessage(message: string, fields: Record<number, readonly [string, number]>): PointMessage {
  const numbers = Object.keys(fields).map(Number);
  const meanings = new Uint8Array(Math.max(...numbers) + 1);
  const names: string[] = [];
  for (const n of numbers) {
    const [name, meaning] = fields[n]!;
    meanings[n] = meaning;
    names[n] = `${message}.${name}`;
  }
  return { meanings, names };
}

const NUMBER_DATA_POINT = pointMessage('NumberDataPoint', {
  2: ['start_time_unix_nano', START_TIME],
  3: ['time_unix_nano', TIME],
  4: ['as_double', AS_DOUBLE],
  5: ['exemplars', EXEMPLARS],
  6: ['as_int', AS_INT],
  7: ['attributes', ATTRIBUTES],
  8: ['flags', FLAGS],
});

const POINT_MESSAGES: Readonly<Record<MetricKind, PointMessage>> = {
  [GAUGE]: NUMBER_DATA_POINT,
  [SUM]: NUMBER_DATA_POINT,
  [HISTOGRAM]: pointMessage('HistogramDataPoint', {
    2: ['start_time_unix_nano', START_TIME],
    3: ['time_unix_nano', TIME],
    4: ['count', COUNT],
    5: ['sum', SUM_VALUE],
    6: ['bucket_counts', BUCKET_COUNTS],
    7: ['explicit_bounds', EXPLICIT_BOUNDS],
    8: ['exemplars', EXEMPLARS],
    9: ['attributes', ATTRIBUTES],
    10: ['flags', FLAGS],
    11: ['min', MIN],
    12: ['max', MAX],
  }),
  [EXPONENTIAL_HISTOGRAM]: pointMessage('ExponentialHistogramDataPoint', {
    1: ['attributes', ATTRIBUTES],
    2: ['start_time_unix_nano', START_TIME],
    3: ['time_unix_nano', TIME],
    4: ['count', COUNT],
    5: ['sum', SUM_VALUE],
    6: ['scale', SCALE],
    7: ['zero_count', ZERO_COUNT],
    8: ['positive', POSITIVE],
    9: ['negative', NEGATIVE],
    10: ['flags', FLAGS],
    11: ['exemplars', EXEMPLARS],
    12: ['min', MIN],
    13: ['max', MAX],
    14: ['zero_threshold', ZERO_THRESHOLD],
  }),
  [SUMMARY]: pointMessage('SummaryDataPoint', {
    2: ['start_time_unix_nano', START_TIME],
    3: ['time_unix_nano', TIME],
    4: ['count', COUNT],
    5: ['sum', SUM_VALUE],
    6: ['quantile_values', QUANTILE_VALUES],
    7: ['attributes', ATTRIBUTES],
    8: ['flags', FLAGS],
  }),
};

/** Resets `d` for `kind` and reads the data point message of that kind into it. */
export function readPoint(r: ProtoReader, kind: MetricKind, d: PointDraft): void {
  const { meanings, names } = POINT_MESSAGES[kind];
  d.reset(kind);
  const outer = r.enter();
  while (r.hasMore()) {
    const tag = r.tag();
    const wire = tag & 7;
    const field = tag >>> 3;
    switch (field < meanings.length ? meanings[field] : 0) {
      case ATTRIBUTES:
        r.expect(wire, WIRE_LEN, names[field]!);
        readAttribute(r, d.attributes);
        break;
      case START_TIME:
        r.expect(wire, WIRE_FIXED64, names[field]!);
        d.startTimeUnix = r.fixed64String();
        break;
      case TIME:
        r.expect(wire, WIRE_FIXED64, names[field]!);
        d.timeUnix = r.fixed64String();
        break;
      case FLAGS:
        r.expect(wire, WIRE_VARINT, names[field]!);
        d.flags = r.uint32();
        break;
      case EXEMPLARS:
        r.expect(wire, WIRE_LEN, names[field]!);
        readExemplar(r, d.exemplars);
        break;
      case AS_DOUBLE:
        r.expect(wire, WIRE_FIXED64, names[field]!);
        d.value = r.double();
        d.hasValue = true;
        break;
      case AS_INT:
        r.expect(wire, WIRE_FIXED64, names[field]!);
        d.value = sfixed64Number(r);
        d.hasValue = true;
        break;
      case COUNT:
        r.expect(wire, WIRE_FIXED64, names[field]!);
        d.count = r.fixed64Number();
        break;
      case SUM_VALUE:
        r.expect(wire, WIRE_FIXED64, names[field]!);
        d.sum = r.double();
        break;
      case MIN:
        r.expect(wire, WIRE_FIXED64, names[field]!);
        d.min = r.double();
        break;
      case MAX:
        r.expect(wire, WIRE_FIXED64, names[field]!);
        d.max = r.double();
        break;
      case BUCKET_COUNTS: {
        expectRepeated(r, wire, WIRE_FIXED64, names[field]!);
        const counts = d.bucketCounts;
        r.repeated(wire, () => counts.push(r.fixed64Number()));
        break;
      }
      case EXPLICIT_BOUNDS: {
        expectRepeated(r, wire, WIRE_FIXED64, names[field]!);
        const bounds = d.explicitBounds;
        r.repeated(wire, () => bounds.push(r.double()));
        break;
      }
      case SCALE:
        r.expect(wire, WIRE_VARINT, names[field]!);
        d.scale = r.sint32();
        break;
      case ZERO_COUNT:
        r.expect(wire, WIRE_FIXED64, names[field]!);
        d.zeroCount = r.fixed64Number();
        break;
      case POSITIVE:
        r.expect(wire, WIRE_LEN, names[field]!);
        d.positiveOffset = readBuckets(r, d.positiveBucketCounts, d.positiveOffset, POSITIVE_BUCKETS);
        break;
      case NEGATIVE:
        r.expect(wire, WIRE_LEN, names[field]!);
        d.negativeOffset = readBuckets(r, d.negativeBucketCounts, d.negativeOffset, NEGATIVE_BUCKETS);
        break;
      case ZERO_THRESHOLD:
        // zero_threshold has no column in the exporter schema; checked, then dropped.
        r.expect(wire, WIRE_FIXED64, names[field]!);
        r.skip(wire);
        break;
      case QUANTILE_VALUES:
        r.expect(wire, WIRE_LEN, names[field]!);
        readValueAtQuantile(r, d);
        break;
      default:
        r.skip(wire);
    }
  }
  r.leave(outer);
}

interface BucketsNames {
  readonly offset: string;
  readonly bucketCounts: string;
}

const POSITIVE_BUCKETS: BucketsNames = {
  offset: 'ExponentialHistogramDataPoint.positive.offset',
  bucketCounts: 'ExponentialHistogramDataPoint.positive.bucket_counts',
};
const NEGATIVE_BUCKETS: BucketsNames = {
  offset: 'ExponentialHistogramDataPoint.negative.offset',
  bucketCounts: 'ExponentialHistogramDataPoint.negative.bucket_counts',
};

/**
 * ExponentialHistogramDataPoint.Buckets{offset=1, bucket_counts=2}: appends
 * to `counts` and returns the offset (`offset` unchanged when absent), so a
 * repeated Buckets field merges as protobuf requires for a singular message
 * field.
 */
function readBuckets(r: ProtoReader, counts: number[], offset: number, names: BucketsNames): number {
  const outer = r.enter();
  while (r.hasMore()) {
    const tag = r.tag();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        r.expect(wire, WIRE_VARINT, names.offset);
        offset = r.sint32();
        break;
      case 2:
        expectRepeated(r, wire, WIRE_VARINT, names.bucketCounts);
        r.repeated(wire, () => counts.push(r.uint64Number()));
        break;
      default:
        r.skip(wire);
    }
  }
  r.leave(outer);
  return offset;
}

/** SummaryDataPoint.ValueAtQuantile{quantile=1, value=2}, appended to the point's two quantile columns. */
function readValueAtQuantile(r: ProtoReader, d: PointDraft): void {
  const outer = r.enter();
  let quantile = 0;
  let value = 0;
  while (r.hasMore()) {
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
  d.quantiles.push(quantile);
  d.quantileValues.push(value);
}
