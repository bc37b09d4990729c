import { describe, expect, it } from 'vitest';
import type { DecodedRequest } from './decoded-request.ts';
import { decodeMetricsJson } from './metrics-json.ts';
import { decodeMetricsProto } from './metrics-proto.ts';
import { T1, handBuiltJson, handBuiltRequest, handBuiltRows } from './testing/metrics-fixtures.ts';
import { partialJson, partialRequest } from './testing/metrics-partial.ts';
import * as pb from './testing/proto-writer.ts';

function decoded(body: unknown): DecodedRequest {
  const result = decodeMetricsJson(body);
  if (!result.ok) throw new Error(`expected success, got ${result.error.message}`);
  return result.value;
}

function errorMessage(body: unknown): string {
  const result = decodeMetricsJson(body);
  if (result.ok) throw new Error('expected a decode error, got success');
  expect(result.error.code).toBe('CW_ERR_INGEST_BAD_REQUEST');
  return result.error.message;
}

function protoDecoded(body: Uint8Array): DecodedRequest {
  const result = decodeMetricsProto(body);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** A request with one metric (given as JSON) in one scope in one resource. */
function oneMetric(metric: Record<string, unknown>): unknown {
  return { resourceMetrics: [{ scopeMetrics: [{ metrics: [metric] }] }] };
}

function gaugePoint(point: Record<string, unknown>): unknown {
  return oneMetric({ name: 'g', gauge: { dataPoints: [{ timeUnixNano: String(T1), ...point }] } });
}

const POINT = 'resourceMetrics[0].scopeMetrics[0].metrics[0]';

describe('decodeMetricsJson', () => {
  it('decodes every metric kind into the expected rows, identical to the protobuf decoder', () => {
    const out = decoded(handBuiltJson());
    expect(out.rows).toEqual(handBuiltRows());
    expect(out).toEqual(protoDecoded(handBuiltRequest()));
  });

  it('survives a JSON text round trip (the receiver parses the body)', () => {
    expect(decoded(JSON.parse(JSON.stringify(handBuiltJson())))).toEqual(protoDecoded(handBuiltRequest()));
  });

  it('rejects the same points with the same message as the protobuf decoder', () => {
    const json = decoded(partialJson());
    expect(json.acceptedItems).toBe(3);
    expect(json.rejectedItems).toBe(8);
    expect(json).toEqual(protoDecoded(partialRequest()));
  });

  it('succeeds with no rows for an empty request', () => {
    for (const body of [{}, { resourceMetrics: [] }, { resourceMetrics: null }, { resource_metrics: [{}] }]) {
      const out = decoded(body);
      expect(out.rows).toEqual({});
      expect(out.acceptedItems + out.rejectedItems).toBe(0);
    }
  });

  it('refuses a body that is not a request object', () => {
    for (const body of [null, undefined, [], 'x', 42, true]) {
      expect(errorMessage(body)).toContain('invalid ExportMetricsServiceRequest (JSON): request body: expected an object');
    }
    expect(errorMessage({ resourceMetrics: {} })).toContain('resourceMetrics: expected an array');
  });

  it('accepts 64-bit integers as strings or numbers and special doubles as strings', () => {
    const out = decoded(
      oneMetric({
        name: 'h',
        histogram: {
          dataPoints: [{ timeUnixNano: Number(T1 / 1000n) * 1000, count: 7, sum: 'NaN', min: '-Infinity', max: 'Infinity', bucketCounts: [3, '4'], explicitBounds: ['1.5'] }],
        },
      }),
    );
    const row = out.rows.histogram?.[0];
    expect(row?.TimeUnix).toBe(String(Number(T1 / 1000n) * 1000));
    expect(row?.Count).toBe(7);
    expect(row?.Sum).toBeNaN();
    expect([row?.Min, row?.Max]).toEqual([-Infinity, Infinity]);
    expect(row?.BucketCounts).toEqual([3, 4]);
    expect(row?.ExplicitBounds).toEqual([1.5]);
  });

  it('accepts AggregationTemporality as an integer or a name', () => {
    const temporality = (v: unknown) =>
      decoded(oneMetric({ name: 's', sum: { aggregationTemporality: v, dataPoints: [{ timeUnixNano: '1', asInt: 1 }] } })).rows.sum?.[0]
        ?.AggregationTemporality;
    expect(temporality(2)).toBe(2);
    expect(temporality('1')).toBe(1);
    expect(temporality('AGGREGATION_TEMPORALITY_CUMULATIVE')).toBe(2);
    expect(temporality('delta')).toBe(1);
    expect(temporality(undefined)).toBe(0);
    expect(() => temporality('SOMETIMES')).toThrow(/sum\.aggregationTemporality: expected an AggregationTemporality/);
  });

  it('names the JSON path of a malformed value', () => {
    const histogram = (point: Record<string, unknown>) => oneMetric({ name: 'h', histogram: { dataPoints: [point] } });
    expect(errorMessage(histogram({ bucketCounts: [1, 'x'] }))).toContain(`${POINT}.histogram.dataPoints[0].bucketCounts[1]: expected a decimal integer`);
    expect(errorMessage(histogram({ count: -1 }))).toContain(`${POINT}.histogram.dataPoints[0].count: expected an unsigned 64-bit integer`);
    expect(errorMessage(histogram({ count: '18446744073709551616' }))).toContain('expected an unsigned 64-bit integer');
    expect(errorMessage(histogram({ flags: 2 ** 32 }))).toContain('dataPoints[0].flags: expected an unsigned 32-bit integer');
    expect(errorMessage(histogram({ explicitBounds: [true] }))).toContain('explicitBounds[0]: expected a number');
    expect(errorMessage(gaugePoint({ asInt: '9223372036854775808' }))).toContain('gauge.dataPoints[0].asInt: expected a signed 64-bit integer');
    expect(errorMessage(gaugePoint({ asDouble: 1, asInt: 1 }))).toContain('both asDouble and asInt are set');
    expect(errorMessage(gaugePoint({ exemplars: [{ traceId: 7 }] }))).toContain('exemplars[0].traceId: expected hex text');
    expect(errorMessage(gaugePoint({ startTimeUnixNano: '-5' }))).toContain('startTimeUnixNano: expected a non-negative timestamp');
    expect(errorMessage(oneMetric({ name: 'x', gauge: { dataPoints: [] }, sum: { dataPoints: [] } }))).toContain(
      `${POINT}: both gauge and sum are set`,
    );
    expect(errorMessage(oneMetric({ name: 'x', exponentialHistogram: { dataPoints: [{ scale: 2 ** 31 }] } }))).toContain(
      'exponentialHistogram.dataPoints[0].scale: expected a signed 32-bit integer',
    );
    expect(errorMessage({ resourceMetrics: [{ scopeMetrics: [{ metrics: [7] }] }] })).toContain(`${POINT}: expected an object`);
  });

  it('rejects a point whose exemplar id is not hex or has the wrong length, keeping the request', () => {
    const out = decoded(gaugePoint({ asDouble: 1, exemplars: [{ spanId: 'zz00000000000000' }] }));
    expect(out.rejectedItems).toBe(1);
    expect(out.rejectionMessage).toContain(`${POINT}.dataPoints[0]: exemplars[0].span_id is not hex text`);
    const ok = decoded(gaugePoint({ asDouble: 1, exemplars: [{ spanId: '0000000000000000', traceId: '' }] }));
    expect(ok.acceptedItems).toBe(1);
    expect(ok.rows.gauge?.[0]?.['Exemplars.SpanId']).toEqual(['']);
  });

  it('ignores unknown fields and metadata, and skips a metric with no data', () => {
    const withExtras = decoded({
      resourceMetrics: [
        {
          futureField: { a: [1, 2] },
          scopeMetrics: [{ metrics: [{ name: 'g', metadata: [{ key: 'k', value: { stringValue: 'v' } }], gauge: { dataPoints: [{ timeUnixNano: '5', asInt: 3, extra: true }], more: 1 } }] }],
        },
      ],
    });
    expect(withExtras.rows.gauge?.map((r) => [r.TimeUnix, r.Value])).toEqual([['5', 3]]);
    const noData = decoded(oneMetric({ name: 'empty', unit: 'ms' }));
    expect(noData.rows).toEqual({});
  });

  it('agrees with the protobuf decoder on extreme values', () => {
    const t = (1n << 64n) - 1n;
    const json = decoded(gaugePoint({ startTimeUnixNano: String(t), asInt: String(-(1n << 63n)) }));
    const proto = protoDecoded(pb.message(1, pb.message(2, pb.message(2, pb.string(1, 'g'), pb.message(5, pb.message(1, pb.fixed64(3, T1), pb.fixed64(2, t), pb.fixed64(6, -(1n << 63n))))))));
    expect(json).toEqual(proto);
    expect(json.rows.gauge?.[0]?.StartTimeUnix).toBe('18446744073709551615');
    expect(errorMessage(gaugePoint({ timeUnixNano: String(t + 1n) }))).toContain('expected an unsigned 64-bit timestamp');
  });
});
