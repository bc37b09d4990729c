/**
 * Golden round trips: metrics recorded with the OpenTelemetry JS SDK,
 * serialized by its own OTLP serializers (protobuf and JSON), decoded by both
 * decoders. The rows must be identical across the two formats and equal to
 * values written out by hand.
 */
import { ValueType } from '@opentelemetry/api';
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  AggregationType,
  MeterProvider,
  MetricReader,
  type MetricReaderOptions,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import type { DecodedRequest } from './decoded-request.ts';
import { decodeMetricsJson } from './metrics-json.ts';
import { decodeMetricsProto } from './metrics-proto.ts';

/** A reader the test collects from on demand. */
class CollectingReader extends MetricReader {
  constructor(options?: MetricReaderOptions) {
    super(options);
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const ATTRS_A = { route: '/a', code: 200, ok: true, ratio: 0.5, tags: ['x', 'y'] };
const STORED_A = { route: '/a', code: '200', ok: 'true', ratio: '0.5', tags: '["x","y"]' };

async function record(temporality: AggregationTemporality): Promise<ResourceMetrics> {
  const reader = new CollectingReader({ aggregationTemporalitySelector: () => temporality });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'golden-svc', 'deployment.environment.name': 'test' }),
    readers: [reader],
    views: [{ instrumentName: 'rpc.payload', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
  });
  const meter = provider.getMeter('golden-meter', '1.2.3', { schemaUrl: 'https://opentelemetry.io/schemas/1.27.0' });

  const requests = meter.createCounter('http.server.requests', { description: 'Requests served', unit: '{request}', valueType: ValueType.INT });
  requests.add(3, ATTRS_A);
  requests.add(2, ATTRS_A);
  requests.add(1, { route: '/b', code: 500 });
  const bytes = meter.createCounter('bytes.sent', { unit: 'By' });
  bytes.add(1.5);
  bytes.add(2.25);
  const depth = meter.createUpDownCounter('queue.depth', { valueType: ValueType.INT });
  depth.add(5);
  depth.add(-8);
  const temperature = meter.createGauge('room.temperature', { unit: 'Cel' });
  temperature.record(21.5, { room: 'a' });
  temperature.record(22.5, { room: 'a' });
  meter
    .createObservableGauge('process.memory.used', { unit: 'By', valueType: ValueType.INT })
    .addCallback((result) => result.observe(1024, { pool: 'heap' }));
  const duration = meter.createHistogram('http.server.duration', { unit: 'ms', advice: { explicitBucketBoundaries: [10, 100, 1000] } });
  for (const v of [5, 50, 500, 5000, 50]) duration.record(v, { route: '/a' });
  const payload = meter.createHistogram('rpc.payload', { unit: 'By' });
  for (const v of [0, 1, 2, 4]) payload.record(v);

  const { resourceMetrics, errors } = await reader.collect();
  expect(errors).toEqual([]);
  await provider.shutdown();
  return resourceMetrics;
}

function decodeBoth(resourceMetrics: ResourceMetrics): { proto: DecodedRequest; json: DecodedRequest } {
  const protoBytes = ProtobufMetricsSerializer.serializeRequest(resourceMetrics);
  const jsonBytes = JsonMetricsSerializer.serializeRequest(resourceMetrics);
  if (protoBytes === undefined || jsonBytes === undefined) throw new Error('the SDK serializer returned nothing');
  const proto = decodeMetricsProto(protoBytes);
  const json = decodeMetricsJson(JSON.parse(new TextDecoder().decode(jsonBytes)));
  if (!proto.ok) throw new Error(proto.error.message);
  if (!json.ok) throw new Error(json.error.message);
  return { proto: proto.value, json: json.value };
}

function hrTimeToNanos([seconds, nanos]: [number, number]): string {
  return (BigInt(seconds) * 1_000_000_000n + BigInt(nanos)).toString();
}

/** What the rows say, without the timestamps (checked separately against the SDK's). */
function summarize(out: DecodedRequest): Record<string, unknown[]> {
  const result: Record<string, unknown[]> = {};
  for (const [table, rows] of Object.entries(out.rows)) {
    result[table] = (rows as Array<Record<string, unknown>>).map(({ StartTimeUnix: _s, TimeUnix: _t, ...rest }) => rest);
  }
  return result;
}

const RESOURCE = {
  ResourceAttributes: { 'service.name': 'golden-svc', 'deployment.environment.name': 'test' },
  ResourceSchemaUrl: '',
  ScopeName: 'golden-meter',
  ScopeVersion: '1.2.3',
  ScopeAttributes: {},
  ScopeDroppedAttrCount: 0,
  ScopeSchemaUrl: 'https://opentelemetry.io/schemas/1.27.0',
  ServiceName: 'golden-svc',
  Flags: 0,
  'Exemplars.FilteredAttributes': [],
  'Exemplars.TimeUnix': [],
  'Exemplars.Value': [],
  'Exemplars.SpanId': [],
  'Exemplars.TraceId': [],
};

function expectedRows(temporality: number): Record<string, unknown[]> {
  const positive = new Array<number>(129).fill(0);
  positive[0] = positive[64] = positive[128] = 1; // 1, 2 and 4 at scale 6: indexes -1, 63, 127 from offset -1
  const sum = (name: string, description: string, unit: string, attributes: object, value: number, monotonic: boolean) => ({
    ...RESOURCE,
    MetricName: name,
    MetricDescription: description,
    MetricUnit: unit,
    Attributes: attributes,
    Value: value,
    AggregationTemporality: temporality,
    IsMonotonic: monotonic,
  });
  const gauge = (name: string, unit: string, attributes: object, value: number) => ({
    ...RESOURCE,
    MetricName: name,
    MetricDescription: '',
    MetricUnit: unit,
    Attributes: attributes,
    Value: value,
  });
  return {
    sum: [
      sum('http.server.requests', 'Requests served', '{request}', STORED_A, 5, true),
      sum('http.server.requests', 'Requests served', '{request}', { route: '/b', code: '500' }, 1, true),
      sum('bytes.sent', '', 'By', {}, 3.75, true),
      sum('queue.depth', '', '', {}, -3, false),
    ],
    gauge: [gauge('room.temperature', 'Cel', { room: 'a' }, 22.5), gauge('process.memory.used', 'By', { pool: 'heap' }, 1024)],
    histogram: [
      {
        ...RESOURCE,
        MetricName: 'http.server.duration',
        MetricDescription: '',
        MetricUnit: 'ms',
        Attributes: { route: '/a' },
        Count: 5,
        Sum: 5605,
        BucketCounts: [1, 2, 1, 1],
        ExplicitBounds: [10, 100, 1000],
        Min: 5,
        Max: 5000,
        AggregationTemporality: temporality,
      },
    ],
    exponentialHistogram: [
      {
        ...RESOURCE,
        MetricName: 'rpc.payload',
        MetricDescription: '',
        MetricUnit: 'By',
        Attributes: {},
        Count: 4,
        Sum: 7,
        Scale: 6,
        ZeroCount: 1,
        PositiveOffset: -1,
        PositiveBucketCounts: positive,
        NegativeOffset: 0,
        NegativeBucketCounts: [],
        Min: 0,
        Max: 4,
        AggregationTemporality: temporality,
      },
    ],
  };
}

describe('metrics decoders against the OpenTelemetry JS SDK', () => {
  for (const [label, sdkTemporality, otlpTemporality] of [
    ['cumulative', AggregationTemporality.CUMULATIVE, 2],
    ['delta', AggregationTemporality.DELTA, 1],
  ] as const) {
    it(`decodes ${label} SDK output identically from protobuf and JSON, as expected`, async () => {
      const resourceMetrics = await record(sdkTemporality);
      const { proto, json } = decodeBoth(resourceMetrics);

      expect(json).toEqual(proto);
      expect(proto.acceptedItems).toBe(8);
      expect(proto.rejectedItems).toBe(0);
      const rows = summarize(proto);
      // The SDK's metric order is its own; compare each table as a set keyed by name and attributes.
      const key = (r: unknown) => JSON.stringify([(r as { MetricName: string }).MetricName, (r as { Attributes: unknown }).Attributes]);
      const expected = expectedRows(otlpTemporality);
      for (const table of Object.keys(expected)) {
        expect([...(rows[table] ?? [])].sort((a, b) => key(a).localeCompare(key(b))), table).toEqual(
          [...expected[table]!].sort((a, b) => key(a).localeCompare(key(b))),
        );
      }
      expect(Object.keys(rows).sort()).toEqual(Object.keys(expected).sort());

      // Timestamps: exactly the SDK's, point by point.
      const sdkTimes = resourceMetrics.scopeMetrics.flatMap((s) =>
        s.metrics.flatMap((m) => m.dataPoints.map((p) => `${m.descriptor.name} ${hrTimeToNanos(p.startTime)} ${hrTimeToNanos(p.endTime)}`)),
      );
      const rowTimes = Object.values(proto.rows).flatMap((table) =>
        (table as Array<{ MetricName: string; StartTimeUnix: string; TimeUnix: string }>).map((r) => `${r.MetricName} ${r.StartTimeUnix} ${r.TimeUnix}`),
      );
      expect(rowTimes.sort()).toEqual(sdkTimes.sort());
      expect(sdkTimes.length).toBe(8);
    });
  }
});
