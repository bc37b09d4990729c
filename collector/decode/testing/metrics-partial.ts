/**
 * A request mixing valid and invalid data points, as protobuf and as its
 * OTLP/JSON twin, for the partial-success tests. Used only by
 * `metrics-*.test.ts`.
 */
import { T1, SPAN_ID, TRACE_ID } from './metrics-fixtures.ts';
import * as pb from './proto-writer.ts';

/**
 * A request mixing valid and invalid data points (protobuf), for partial
 * success: 3 valid points and 8 invalid ones, in this order:
 * metrics[0] gauge: [0] valid, [1] exemplar trace id of 15 bytes, [2] time 0,
 *   [3] no value and no flag, [4] exemplar span id of 9 bytes;
 * metrics[1] histogram: [0] 2 bucket counts for 2 bounds, [1] valid (no buckets);
 * metrics[2] without a name: [0] and [1];
 * metrics[3] summary: [0] quantile 1.5, [1] valid.
 */
export function partialRequest(): Uint8Array {
  const t = (field: number) => pb.fixed64(field, T1);
  const gauge = pb.message(
    2,
    pb.string(1, 'g'),
    pb.message(
      5,
      pb.message(1, t(3), pb.double(4, 1)),
      pb.message(1, t(3), pb.double(4, 2), pb.message(5, pb.bytes(5, pb.hex(TRACE_ID.slice(2))))),
      pb.message(1, pb.double(4, 3)),
      pb.message(1, t(3)),
      pb.message(1, t(3), pb.double(4, 5), pb.message(5, pb.bytes(4, pb.hex(SPAN_ID + 'aa')))),
    ),
  );
  const histogram = pb.message(
    2,
    pb.string(1, 'h'),
    pb.message(9, pb.message(1, t(3), pb.packedFixed64(6, [1, 2]), pb.packedDouble(7, [1, 2])), pb.message(1, t(3), pb.fixed64(4, 2), pb.double(5, 3))),
  );
  const nameless = pb.message(2, pb.message(7, pb.message(1, t(3), pb.double(4, 1)), pb.message(1, t(3), pb.double(4, 2))));
  const summary = pb.message(
    2,
    pb.string(1, 's'),
    pb.message(
      11,
      pb.message(1, t(3), pb.message(6, pb.double(1, 1.5), pb.double(2, 1))),
      pb.message(1, t(3), pb.fixed64(4, 1), pb.message(6, pb.double(1, 1), pb.double(2, 9))),
    ),
  );
  return pb.message(1, pb.message(2, gauge, histogram, nameless, summary));
}

/** The OTLP/JSON twin of `partialRequest()`. */
export function partialJson(): Record<string, unknown> {
  const t = String(T1);
  return {
    resourceMetrics: [
      {
        scopeMetrics: [
          {
            metrics: [
              {
                name: 'g',
                gauge: {
                  dataPoints: [
                    { timeUnixNano: t, asDouble: 1 },
                    { timeUnixNano: t, asDouble: 2, exemplars: [{ traceId: TRACE_ID.slice(2) }] },
                    { asDouble: 3 },
                    { timeUnixNano: t },
                    { timeUnixNano: t, asDouble: 5, exemplars: [{ spanId: SPAN_ID + 'aa' }] },
                  ],
                },
              },
              {
                name: 'h',
                histogram: {
                  dataPoints: [
                    { timeUnixNano: t, bucketCounts: [1, 2], explicitBounds: [1, 2] },
                    { timeUnixNano: t, count: 2, sum: 3 },
                  ],
                },
              },
              { sum: { dataPoints: [{ timeUnixNano: t, asDouble: 1 }, { timeUnixNano: t, asDouble: 2 }] } },
              {
                name: 's',
                summary: {
                  dataPoints: [
                    { timeUnixNano: t, quantileValues: [{ quantile: 1.5, value: 1 }] },
                    { timeUnixNano: t, count: 1, quantileValues: [{ quantile: 1, value: 9 }] },
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
