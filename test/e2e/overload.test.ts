/**
 * Overload: with a tiny in-flight bound and many concurrent senders, the
 * receivers refuse only with the specification's retryable signals, the
 * bound holds, and every acknowledged item is stored.
 */
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { createRawGrpcClient } from './grpc-raw-client.ts';
import { tracesRequestJson } from './otlp-json-builders.ts';
import { type TestCauseway, startTestCauseway } from './test-causeway.ts';

const IN_FLIGHT_BYTES = 256 * 1024;
const SPANS_PER_REQUEST = 50;
let cw: TestCauseway;

beforeAll(async () => {
  // A slow batch delay keeps requests in flight long enough to fill the bound.
  cw = await startTestCauseway({ 'otlp-max-in-flight-bytes': String(IN_FLIGHT_BYTES), 'batch-max-delay-millis': '100', 'batch-linger-millis': '100', 'batch-max-rows': '100000' });
});
afterAll(async () => {
  await cw?.stop();
});

async function storedSpans(service: string): Promise<number> {
  const r = await cw.store.queryRows<{ n: string }>('SELECT count() AS n FROM otel_traces WHERE ServiceName = {s:String}', { s: service });
  if (!r.ok) throw new Error(r.error.message);
  return Number(r.value[0]!.n);
}

describe('overload', () => {
  it('HTTP: refuses with 503 + Retry-After only, and stores every acknowledged span', async () => {
    const statuses = new Map<number, number>();
    let acked = 0;
    let peakInFlight = 0;
    const rssBefore = process.memoryUsage().rss;
    const sender = async (worker: number) => {
      for (let i = 0; i < 25; i++) {
        const no = worker * 1000 + i;
        const res = await fetch(`${cw.httpUrl}/v1/traces`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(tracesRequestJson('overload-http', no, SPANS_PER_REQUEST)),
        });
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 200) acked += SPANS_PER_REQUEST;
        else expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
        peakInFlight = Math.max(peakInFlight, cw.inFlightBytes());
      }
    };
    await Promise.all(Array.from({ length: 40 }, (_, w) => sender(w)));
    expect([...statuses.keys()].sort()).toEqual([200, 503]);
    expect(statuses.get(503)).toBeGreaterThan(0);
    expect(peakInFlight).toBeLessThanOrEqual(IN_FLIGHT_BYTES);
    expect(await storedSpans('overload-http')).toBe(acked);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(300 * 1024 * 1024);
  });

  it('gRPC: refuses with UNAVAILABLE carrying RetryInfo only, and stores every acknowledged span', async () => {
    const client = createRawGrpcClient(cw.grpcUrl);
    const codes = new Map<number, number>();
    let acked = 0;
    const sender = async (worker: number) => {
      for (let i = 0; i < 25; i++) {
        const body = jsonToProto(tracesRequestJson('overload-grpc', 100_000 + worker * 1000 + i, SPANS_PER_REQUEST));
        const r = await client.export('traces', body);
        codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
        if (r.code === grpc.status.OK) acked += SPANS_PER_REQUEST;
        else expect(r.statusDetails?.toString('latin1')).toContain('type.googleapis.com/google.rpc.RetryInfo');
      }
    };
    await Promise.all(Array.from({ length: 40 }, (_, w) => sender(w)));
    client.close();
    expect([...codes.keys()].sort()).toEqual([grpc.status.OK, grpc.status.UNAVAILABLE].sort());
    expect(await storedSpans('overload-grpc')).toBe(acked);
  });
});

/** The protobuf twin of a JSON request, via the SDK's serializer on equivalent spans. */
function jsonToProto(req: ReturnType<typeof tracesRequestJson>): Uint8Array {
  const rs = req.resourceSpans[0]!;
  const service = rs.resource.attributes[0]!.value.stringValue;
  const spans = rs.scopeSpans[0]!.spans.map((s) => fakeReadableSpan(service, s));
  return ProtobufTraceSerializer.serializeRequest(spans as never)!;
}

function fakeReadableSpan(service: string, s: ReturnType<typeof tracesRequestJson>['resourceSpans'][0]['scopeSpans'][0]['spans'][0]) {
  const toHr = (n: string): [number, number] => [Number(BigInt(n) / 1_000_000_000n), Number(BigInt(n) % 1_000_000_000n)];
  return {
    name: s.name,
    kind: 1,
    spanContext: () => ({ traceId: s.traceId, spanId: s.spanId, traceFlags: 1 }),
    parentSpanContext: undefined,
    startTime: toHr(s.startTimeUnixNano),
    endTime: toHr(s.endTimeUnixNano),
    status: { code: 0 },
    attributes: { 'http.route': '/load' },
    links: [],
    events: [],
    duration: [0, 1_000_000],
    ended: true,
    resource: { attributes: { 'service.name': service }, droppedAttributesCount: 0 },
    instrumentationScope: { name: 'overload-test' },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}
