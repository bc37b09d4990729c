import { describe, expect, it } from 'vitest';
import type { DecodedRequest } from './decoded-request.ts';
import { decodeMetricsProto } from './metrics-proto.ts';
import { T1, handBuiltRequest, handBuiltRows } from './testing/metrics-fixtures.ts';
import { partialRequest } from './testing/metrics-partial.ts';
import * as pb from './testing/proto-writer.ts';
import { keyValue } from './testing/proto-writer.ts';

function decoded(body: Uint8Array): DecodedRequest {
  const result = decodeMetricsProto(body);
  if (!result.ok) throw new Error(`expected success, got ${result.error.message}`);
  return result.value;
}

function errorMessage(body: Uint8Array): string {
  const result = decodeMetricsProto(body);
  if (result.ok) throw new Error('expected a decode error, got success');
  expect(result.error.code).toBe('CW_ERR_INGEST_BAD_REQUEST');
  expect(result.error.httpStatus).toBe(400);
  return result.error.message;
}

/** A request with one metric in one scope in one resource. */
function oneMetric(...metricFields: Uint8Array[]): Uint8Array {
  return pb.message(1, pb.message(2, pb.message(2, ...metricFields)));
}

describe('decodeMetricsProto', () => {
  it('decodes every metric kind into the expected rows', () => {
    const out = decoded(handBuiltRequest());
    expect(out.signal).toBe('metrics');
    expect(out.rows).toEqual(handBuiltRows());
    expect(out.acceptedItems).toBe(6);
    expect(out.rejectedItems).toBe(0);
    expect(out.rejectionMessage).toBe('');
  });

  it('reads repeated scalars the same packed or unpacked', () => {
    const packed = decoded(handBuiltRequest({ packed: true }));
    const unpacked = decoded(handBuiltRequest({ packed: false }));
    expect(handBuiltRequest({ packed: false })).not.toEqual(handBuiltRequest({ packed: true }));
    expect(unpacked).toEqual(packed);
    expect(unpacked.rows.histogram?.[0]?.BucketCounts).toEqual([1, 2, 3]);
    expect(unpacked.rows.exponentialHistogram?.[0]?.PositiveBucketCounts).toEqual([1, 0, 4]);
  });

  it('skips unknown fields of every wire type at every level', () => {
    expect(decoded(handBuiltRequest({ unknown: true }))).toEqual(decoded(handBuiltRequest()));
    expect(decoded(handBuiltRequest({ unknown: true, packed: false }))).toEqual(decoded(handBuiltRequest()));
  });

  it('succeeds with no rows for an empty request', () => {
    const out = decoded(new Uint8Array(0));
    expect(out.rows).toEqual({});
    expect(out.acceptedItems).toBe(0);
    expect(decoded(pb.message(1, pb.message(2))).rows).toEqual({});
  });

  it('returns an error for a cut at every byte offset, naming the byte', () => {
    for (const body of [handBuiltRequest(), handBuiltRequest({ unknown: true, packed: false, unknownAtTop: false })]) {
      // One top-level field: every cut inside it leaves a length prefix promising more than there is.
      for (let cut = 1; cut < body.length; cut++) {
        const result = decodeMetricsProto(body.subarray(0, cut));
        expect(result.ok, `cut at ${cut}`).toBe(false);
        if (!result.ok) expect(result.error.message).toMatch(/at byte \d+/);
      }
    }
  });

  it('names the field and the item when a known field has the wrong wire type', () => {
    const countAsVarint = oneMetric(pb.string(1, 'h'), pb.message(9, pb.message(1, pb.fixed64(3, T1), pb.varint(4, 5))));
    const message = errorMessage(countAsVarint);
    expect(message).toContain('HistogramDataPoint.count has wire type 0, expected 1');
    expect(message).toContain('resourceMetrics[0].scopeMetrics[0].metrics[0].dataPoints[0]');

    expect(errorMessage(oneMetric(pb.varint(1, 3)))).toContain('Metric.name has wire type 0');
    expect(errorMessage(oneMetric(pb.string(1, 'x'), pb.varint(7, 1)))).toContain('Metric.sum has wire type 0');
    const boundsAsFixed32 = oneMetric(pb.string(1, 'h'), pb.message(9, pb.message(1, pb.fixed32(7, 1))));
    expect(errorMessage(boundsAsFixed32)).toContain('HistogramDataPoint.explicit_bounds has wire type 5, expected 1 or 2 (packed)');
    const temporalityAsLen = oneMetric(pb.string(1, 's'), pb.message(7, pb.string(2, 'x')));
    expect(errorMessage(temporalityAsLen)).toContain('Metric.sum.aggregation_temporality has wire type 2');
    expect(errorMessage(pb.varint(1, 1))).toContain('ExportMetricsServiceRequest.resource_metrics');
  });

  it('refuses group wire types and packed fields of a bad length', () => {
    expect(errorMessage(pb.concat(pb.tag(9, 3), pb.tag(9, 4)))).toContain('unsupported wire type 3');
    const badPacked = oneMetric(pb.string(1, 'h'), pb.message(9, pb.message(1, pb.bytes(6, new Uint8Array(12)))));
    expect(errorMessage(badPacked)).toMatch(/truncated field.*dataPoints\[0\]/);
  });

  it('skips a metric with no data field', () => {
    const out = decoded(oneMetric(pb.string(1, 'nothing'), pb.string(3, 'ms')));
    expect(out.rows).toEqual({});
    expect(out.acceptedItems + out.rejectedItems).toBe(0);
  });

  it('stores valid points and rejects invalid ones one by one', () => {
    const out = decoded(partialRequest());
    expect(out.acceptedItems).toBe(3);
    expect(out.rejectedItems).toBe(8);
    expect(out.rows.gauge?.map((r) => r.Value)).toEqual([1]);
    expect(out.rows.histogram?.map((r) => [r.Count, r.Sum])).toEqual([[2, 3]]);
    expect(out.rows.summary?.map((r) => r['ValueAtQuantiles.Value'])).toEqual([[9]]);
    expect(out.rows.sum).toBeUndefined();
    const m = 'resourceMetrics[0].scopeMetrics[0].metrics';
    expect(out.rejectionMessage).toBe(
      `rejected 8 item(s): ${m}[0].dataPoints[1]: exemplars[0].trace_id is 15 bytes, expected 16; ` +
        `${m}[0].dataPoints[2]: time_unix_nano is 0; ` +
        `${m}[0].dataPoints[3]: no value (neither as_double nor as_int) and the no-recorded-value flag is not set; ` +
        `${m}[0].dataPoints[4]: exemplars[0].span_id is 9 bytes, expected 8; ` +
        `${m}[1].dataPoints[0]: 2 bucket_counts for 2 explicit_bounds (need 3) (and 3 more)`,
    );
  });

  it('rejects every point of a metric without a name, and quantiles outside [0, 1]', () => {
    const nameless = oneMetric(pb.message(5, pb.message(1, pb.fixed64(3, T1), pb.double(4, 1)), pb.message(1, pb.fixed64(3, T1))));
    const out = decoded(nameless);
    expect(out.rejectedItems).toBe(2);
    expect(out.rejectionMessage).toContain('metrics[0].dataPoints[1]: metric has no name');
    const summary = oneMetric(pb.string(1, 's'), pb.message(11, pb.message(1, pb.fixed64(3, T1), pb.message(6, pb.double(1, NaN)))));
    expect(decoded(summary).rejectionMessage).toContain('quantile_values[0].quantile NaN is outside [0, 1]');
  });

  it('merges repeated singular messages and keeps the last oneof member, as protobuf does', () => {
    const body = pb.message(
      1,
      pb.message(1, keyValue(1, 'service.name', 'a'), keyValue(1, 'k', 'v')),
      pb.message(
        2,
        pb.message(
          2,
          pb.string(1, 'x'),
          pb.message(5, pb.message(1, pb.fixed64(3, T1), pb.double(4, 1))),
          pb.message(10, pb.message(1, pb.fixed64(3, T1), pb.message(8, pb.packedVarint(2, [1])), pb.message(8, pb.sint32(1, 4), pb.packedVarint(2, [2])))),
        ),
      ),
      pb.message(1, keyValue(1, 'service.name', 'b')),
    );
    const out = decoded(body);
    expect(out.rows.gauge).toBeUndefined();
    const row = out.rows.exponentialHistogram?.[0];
    expect(row?.ResourceAttributes).toEqual({ 'service.name': 'b', k: 'v' });
    expect(row?.ServiceName).toBe('b');
    expect(row?.PositiveOffset).toBe(4);
    expect(row?.PositiveBucketCounts).toEqual([1, 2]);
  });

  it('keeps 64-bit timestamps exact and int values as the nearest double', () => {
    const body = oneMetric(
      pb.string(1, 'g'),
      pb.message(5, pb.message(1, pb.fixed64(2, (1n << 64n) - 1n), pb.fixed64(3, (1n << 63n) + 1n), pb.fixed64(6, -(1n << 63n)))),
    );
    const row = decoded(body).rows.gauge?.[0];
    expect(row?.StartTimeUnix).toBe('18446744073709551615');
    expect(row?.TimeUnix).toBe('9223372036854775809');
    expect(row?.Value).toBe(-9223372036854775808);
  });
});
