/**
 * A hand-built ExportMetricsServiceRequest (with its OTLP/JSON twin and the
 * rows both must decode to, written out by hand) covering what the
 * OpenTelemetry JS SDK cannot produce: summaries, exemplars, unpacked
 * repeated fields, out-of-order fields, no-recorded-value points and unknown
 * fields at every level. Used only by `metrics-*.test.ts`.
 */
import * as pb from './proto-writer.ts';
import { jsonKeyValue, keyValue } from './proto-writer.ts';

export const T0 = 1_700_000_000_000_000_000n;
export const T1 = 1_700_000_010_123_456_789n;
export const TRACE_ID = '5b8efff798038103d269b633813fc60c';
export const SPAN_ID = 'eee19b7ec3c1b174';

export interface FixtureOptions {
  /** Insert unknown fields of every wire type into every message. */
  unknown?: boolean;
  /** Encode repeated scalars packed (the default) or one field per element. */
  packed?: boolean;
  /** With `unknown`, also put unknown fields in the request message itself (default true). */
  unknownAtTop?: boolean;
}

/**
 * The hand-built request. One ResourceMetrics (so that cutting the bytes
 * anywhere inside always leaves a malformed message) with one scope and five
 * metrics: a gauge with exemplars, an int sum, a histogram, an exponential
 * histogram and a summary.
 */
export function handBuiltRequest(options: FixtureOptions = {}): Uint8Array {
  const u = options.unknown === true ? pb.unknownFields() : new Uint8Array(0);
  const packed = options.packed !== false;
  const fixed64s = (field: number, vs: number[]) => (packed ? pb.packedFixed64(field, vs) : pb.concat(...vs.map((v) => pb.fixed64(field, v))));
  const doubles = (field: number, vs: number[]) => (packed ? pb.packedDouble(field, vs) : pb.concat(...vs.map((v) => pb.double(field, v))));
  const varints = (field: number, vs: number[]) => (packed ? pb.packedVarint(field, vs) : pb.concat(...vs.map((v) => pb.varint(field, v))));

  const exemplarDouble = pb.message(5, u, keyValue(7, 'user', 'u1'), pb.fixed64(2, T0 + 5n), pb.double(3, 12.5), pb.bytes(4, pb.hex(SPAN_ID)), pb.bytes(5, pb.hex(TRACE_ID)));
  const exemplarInt = pb.message(5, pb.fixed64(2, T0 + 6n), pb.fixed64(6, -3n), u);
  const gauge = pb.message(
    2,
    pb.message(
      5,
      u,
      // data point fields deliberately out of field-number order
      pb.message(1, pb.double(4, 0.75), exemplarDouble, exemplarInt, keyValue(7, 'cpu', 0), pb.fixed64(3, T1), pb.fixed64(2, T0), u),
      // an explicit gap: no value, with DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK
      pb.message(1, keyValue(7, 'cpu', 1), pb.fixed64(3, T1), pb.varint(8, 1)),
    ),
    // name after the data: protobuf fields may come in any order
    pb.string(1, 'system.cpu.utilization'),
    pb.string(3, '1'),
    u,
  );
  const sum = pb.message(
    2,
    pb.string(1, 'http.requests'),
    pb.string(2, 'Requests served'),
    pb.message(
      7,
      pb.message(1, pb.fixed64(2, T0), pb.fixed64(3, T1), pb.fixed64(6, -9007199254740993n), keyValue(7, 'code', 200), u),
      pb.varint(2, 1),
      pb.varint(3, 1),
      u,
    ),
  );
  const histogram = pb.message(
    2,
    pb.string(1, 'http.duration'),
    pb.string(3, 'ms'),
    pb.message(
      9,
      pb.varint(2, 2),
      pb.message(
        1,
        keyValue(9, 'route', '/a'),
        pb.fixed64(2, T0),
        pb.fixed64(3, T1),
        pb.fixed64(4, 6),
        pb.double(5, 123.5),
        fixed64s(6, [1, 2, 3]),
        doubles(7, [10, 100]),
        pb.varint(10, 0),
        pb.double(11, 0.5),
        pb.double(12, 99.5),
        u,
      ),
      u,
    ),
  );
  const expHistogram = pb.message(
    2,
    pb.string(1, 'rpc.latency'),
    pb.message(
      10,
      pb.message(
        1,
        keyValue(1, 'rpc', 'get'),
        pb.fixed64(3, T1),
        pb.fixed64(2, T0),
        pb.fixed64(4, 9),
        pb.double(5, 40.25),
        pb.sint32(6, -2),
        pb.fixed64(7, 1),
        pb.message(8, pb.sint32(1, -3), varints(2, [1, 0, 4]), u),
        pb.message(9, pb.sint32(1, 2), varints(2, [3]), u),
        pb.double(12, -7),
        pb.double(13, 20),
        pb.double(14, 0.001),
        u,
      ),
      pb.varint(2, 1),
    ),
  );
  const summary = pb.message(
    2,
    pb.string(1, 'gc.pause'),
    pb.string(3, 's'),
    pb.message(
      11,
      pb.message(
        1,
        keyValue(7, 'gen', 'old'),
        pb.fixed64(2, T0),
        pb.fixed64(3, T1),
        pb.fixed64(4, 4),
        pb.double(5, 2.5),
        pb.message(6, pb.double(1, 0.5), pb.double(2, 0.4), u),
        pb.message(6, pb.double(1, 0.99), pb.double(2, 1.2)),
        pb.varint(8, 0),
        u,
      ),
    ),
  );
  const scopeMetrics = pb.message(
    2,
    gauge,
    sum,
    histogram,
    expHistogram,
    summary,
    u,
    // schema_url and scope after the metrics
    pb.string(3, 'https://opentelemetry.io/schemas/1.24.0'),
    pb.message(1, pb.string(1, 'checkout-lib'), pb.string(2, '2.1.0'), keyValue(3, 'lib.tier', 'gold'), pb.varint(4, 3), u),
  );
  const resourceMetrics = pb.message(
    1,
    scopeMetrics,
    pb.message(1, keyValue(1, 'service.name', 'checkout'), keyValue(1, 'host.name', 'h1'), pb.varint(2, 0), u),
    pb.string(3, 'https://opentelemetry.io/schemas/1.21.0'),
    u,
  );
  return options.unknownAtTop === false ? resourceMetrics : pb.concat(u, resourceMetrics, u);
}

/** The OTLP/JSON twin of `handBuiltRequest()`, exercising the JSON spellings (strings for 64-bit ints, enum names, snake_case). */
export function handBuiltJson(): Record<string, unknown> {
  const t0 = String(T0);
  const t1 = String(T1);
  return {
    resourceMetrics: [
      {
        resource: { attributes: [jsonKeyValue('service.name', 'checkout'), jsonKeyValue('host.name', 'h1')], droppedAttributesCount: 0 },
        schemaUrl: 'https://opentelemetry.io/schemas/1.21.0',
        scope_metrics: [
          {
            scope: { name: 'checkout-lib', version: '2.1.0', attributes: [jsonKeyValue('lib.tier', 'gold')], dropped_attributes_count: 3 },
            schemaUrl: 'https://opentelemetry.io/schemas/1.24.0',
            metrics: [
              {
                name: 'system.cpu.utilization',
                unit: '1',
                gauge: {
                  dataPoints: [
                    {
                      attributes: [jsonKeyValue('cpu', 0)],
                      startTimeUnixNano: t0,
                      timeUnixNano: t1,
                      asDouble: 0.75,
                      exemplars: [
                        {
                          filteredAttributes: [jsonKeyValue('user', 'u1')],
                          timeUnixNano: String(T0 + 5n),
                          asDouble: 12.5,
                          spanId: SPAN_ID.toUpperCase(),
                          traceId: TRACE_ID,
                        },
                        { time_unix_nano: String(T0 + 6n), as_int: '-3' },
                      ],
                    },
                    { attributes: [jsonKeyValue('cpu', 1)], timeUnixNano: t1, flags: 1 },
                  ],
                },
              },
              {
                name: 'http.requests',
                description: 'Requests served',
                sum: {
                  aggregationTemporality: 'AGGREGATION_TEMPORALITY_DELTA',
                  is_monotonic: true,
                  dataPoints: [{ attributes: [jsonKeyValue('code', 200)], startTimeUnixNano: t0, timeUnixNano: t1, asInt: '-9007199254740993' }],
                },
              },
              {
                name: 'http.duration',
                unit: 'ms',
                histogram: {
                  aggregationTemporality: 2,
                  dataPoints: [
                    {
                      attributes: [jsonKeyValue('route', '/a')],
                      startTimeUnixNano: t0,
                      timeUnixNano: t1,
                      count: '6',
                      sum: 123.5,
                      bucketCounts: ['1', 2, '3'],
                      explicitBounds: [10, 100],
                      flags: 0,
                      min: 0.5,
                      max: 99.5,
                    },
                  ],
                },
              },
              {
                name: 'rpc.latency',
                exponential_histogram: {
                  aggregation_temporality: 1,
                  data_points: [
                    {
                      attributes: [jsonKeyValue('rpc', 'get')],
                      start_time_unix_nano: t0,
                      time_unix_nano: t1,
                      count: 9,
                      sum: 40.25,
                      scale: -2,
                      zero_count: '1',
                      positive: { offset: -3, bucket_counts: ['1', '0', '4'] },
                      negative: { offset: 2, bucketCounts: [3] },
                      min: -7,
                      max: 20,
                      zeroThreshold: 0.001,
                    },
                  ],
                },
              },
              {
                name: 'gc.pause',
                unit: 's',
                summary: {
                  dataPoints: [
                    {
                      attributes: [jsonKeyValue('gen', 'old')],
                      startTimeUnixNano: t0,
                      timeUnixNano: t1,
                      count: '4',
                      sum: 2.5,
                      quantileValues: [{ quantile: 0.5, value: 0.4 }, { quantile: 0.99, value: 1.2 }],
                      flags: 0,
                    },
                  ],
                },
              },
            ],
          },
        ],
      },
    ],
  };
}

const BASE = {
  ResourceAttributes: { 'service.name': 'checkout', 'host.name': 'h1' },
  ResourceSchemaUrl: 'https://opentelemetry.io/schemas/1.21.0',
  ScopeName: 'checkout-lib',
  ScopeVersion: '2.1.0',
  ScopeAttributes: { 'lib.tier': 'gold' },
  ScopeDroppedAttrCount: 3,
  ScopeSchemaUrl: 'https://opentelemetry.io/schemas/1.24.0',
  ServiceName: 'checkout',
};

const NO_EXEMPLARS = {
  'Exemplars.FilteredAttributes': [],
  'Exemplars.TimeUnix': [],
  'Exemplars.Value': [],
  'Exemplars.SpanId': [],
  'Exemplars.TraceId': [],
};

/** The rows `handBuiltRequest()` and `handBuiltJson()` must decode to, written out by hand. */
export function handBuiltRows(): Record<string, unknown[]> {
  return {
    gauge: [
      {
        ...BASE,
        MetricName: 'system.cpu.utilization',
        MetricDescription: '',
        MetricUnit: '1',
        Attributes: { cpu: '0' },
        StartTimeUnix: '1700000000000000000',
        TimeUnix: '1700000010123456789',
        Flags: 0,
        Value: 0.75,
        'Exemplars.FilteredAttributes': [{ user: 'u1' }, {}],
        'Exemplars.TimeUnix': ['1700000000000000005', '1700000000000000006'],
        'Exemplars.Value': [12.5, -3],
        'Exemplars.SpanId': [SPAN_ID, ''],
        'Exemplars.TraceId': [TRACE_ID, ''],
      },
      {
        ...BASE,
        MetricName: 'system.cpu.utilization',
        MetricDescription: '',
        MetricUnit: '1',
        Attributes: { cpu: '1' },
        StartTimeUnix: '0',
        TimeUnix: '1700000010123456789',
        Flags: 1,
        Value: 0,
        ...NO_EXEMPLARS,
      },
    ],
    sum: [
      {
        ...BASE,
        MetricName: 'http.requests',
        MetricDescription: 'Requests served',
        MetricUnit: '',
        Attributes: { code: '200' },
        StartTimeUnix: '1700000000000000000',
        TimeUnix: '1700000010123456789',
        Flags: 0,
        // -(2^53 + 1) rounds (to even) to -(2^53) in the Float64 column
        Value: -9007199254740992,
        AggregationTemporality: 1,
        IsMonotonic: true,
        ...NO_EXEMPLARS,
      },
    ],
    histogram: [
      {
        ...BASE,
        MetricName: 'http.duration',
        MetricDescription: '',
        MetricUnit: 'ms',
        Attributes: { route: '/a' },
        StartTimeUnix: '1700000000000000000',
        TimeUnix: '1700000010123456789',
        Flags: 0,
        Count: 6,
        Sum: 123.5,
        BucketCounts: [1, 2, 3],
        ExplicitBounds: [10, 100],
        Min: 0.5,
        Max: 99.5,
        AggregationTemporality: 2,
        ...NO_EXEMPLARS,
      },
    ],
    exponentialHistogram: [
      {
        ...BASE,
        MetricName: 'rpc.latency',
        MetricDescription: '',
        MetricUnit: '',
        Attributes: { rpc: 'get' },
        StartTimeUnix: '1700000000000000000',
        TimeUnix: '1700000010123456789',
        Flags: 0,
        Count: 9,
        Sum: 40.25,
        Scale: -2,
        ZeroCount: 1,
        PositiveOffset: -3,
        PositiveBucketCounts: [1, 0, 4],
        NegativeOffset: 2,
        NegativeBucketCounts: [3],
        Min: -7,
        Max: 20,
        AggregationTemporality: 1,
        ...NO_EXEMPLARS,
      },
    ],
    summary: [
      {
        ...BASE,
        MetricName: 'gc.pause',
        MetricDescription: '',
        MetricUnit: 's',
        Attributes: { gen: 'old' },
        StartTimeUnix: '1700000000000000000',
        TimeUnix: '1700000010123456789',
        Flags: 0,
        Count: 4,
        Sum: 2.5,
        'ValueAtQuantiles.Quantile': [0.5, 0.99],
        'ValueAtQuantiles.Value': [0.4, 1.2],
      },
    ],
  };
}
