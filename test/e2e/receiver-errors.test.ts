/**
 * Bad input at the receivers: every case gets the status the OTLP
 * specification asks for and a message naming the problem, and the process
 * keeps serving (and keeps what it had already accepted).
 */
import { gzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRawGrpcClient } from './grpc-raw-client.ts';
import { nowNanos } from './otlp-json-builders.ts';
import { type TestCauseway, startTestCauseway } from './test-causeway.ts';

let cw: TestCauseway;
const MAX_REQUEST = 64 * 1024;
const MAX_DECOMPRESSED = 256 * 1024;

beforeAll(async () => {
  cw = await startTestCauseway({ 'otlp-max-request-bytes': String(MAX_REQUEST), 'otlp-max-decompressed-bytes': String(MAX_DECOMPRESSED) });
});
afterAll(async () => {
  await cw?.stop();
});

function goodJsonTrace(service: string, traceByte = 'ab') {
  const start = nowNanos();
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [
          {
            spans: [
              { traceId: traceByte.repeat(16), spanId: '01'.repeat(8), name: 'ok', kind: 2, startTimeUnixNano: String(start), endTimeUnixNano: String(start + 500_000_000n) },
            ],
          },
        ],
      },
    ],
  };
}

async function post(path: string, body: Uint8Array | string, headers: Record<string, string>) {
  const res = await fetch(`${cw.httpUrl}${path}`, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, text, retryAfter: res.headers.get('retry-after') };
}

async function spanCount(service: string): Promise<number> {
  const r = await cw.store.queryRows<{ n: string }>('SELECT count() AS n FROM otel_traces WHERE ServiceName = {s:String}', { s: service });
  if (!r.ok) throw new Error(r.error.message);
  return Number(r.value[0]!.n);
}

describe('OTLP/HTTP bad input', () => {
  it('accepts an empty request as success', async () => {
    expect((await post('/v1/traces', new Uint8Array(0), { 'content-type': 'application/x-protobuf' })).status).toBe(200);
    expect((await post('/v1/logs', '{}', { 'content-type': 'application/json' })).status).toBe(200);
  });

  it('refuses malformed protobuf with 400 naming the offset', async () => {
    const r = await post('/v1/traces', Uint8Array.from([0x0a, 0x7f, 0x01]), { 'content-type': 'application/x-protobuf' });
    expect(r.status).toBe(400);
    expect(r.text).toMatch(/CW_ERR_INGEST_BAD_REQUEST/);
    expect(r.text).toMatch(/byte/);
  });

  it('refuses invalid JSON and wrong shapes with 400 naming the path', async () => {
    const broken = await post('/v1/traces', '{"resourceSpans": [', { 'content-type': 'application/json' });
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.text).message).toMatch(/not valid UTF-8 JSON/);
    const shape = await post('/v1/traces', JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'xyz', spanId: '01'.repeat(8) }] }] }] }), { 'content-type': 'application/json' });
    expect([200, 400]).toContain(shape.status);
    expect(shape.text).toMatch(/resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]/);
  });

  it('reports individually invalid spans as partial success and stores the rest', async () => {
    const body = goodJsonTrace('partial-svc');
    const spans = body.resourceSpans[0]!.scopeSpans[0]!.spans as Array<Record<string, unknown>>;
    spans.push({ traceId: 'ab'.repeat(15), spanId: '02'.repeat(8), name: 'short id' });
    const r = await post('/v1/traces', JSON.stringify(body), { 'content-type': 'application/json' });
    expect(r.status).toBe(200);
    const parsed = JSON.parse(r.text) as { partialSuccess: { rejectedSpans: string; errorMessage: string } };
    expect(parsed.partialSuccess.rejectedSpans).toBe('1');
    expect(parsed.partialSuccess.errorMessage).toMatch(/spans\[1\]/);
    expect(await spanCount('partial-svc')).toBe(1);
  });

  it('refuses unsupported content types with 415', async () => {
    const r = await post('/v1/traces', 'hello', { 'content-type': 'text/plain' });
    expect(r.status).toBe(415);
    expect(r.text).toMatch(/CW_ERR_INGEST_CONTENT_TYPE/);
  });

  it('refuses oversize bodies with 413, before and after decompression (gzip bomb)', async () => {
    const big = await post('/v1/traces', new Uint8Array(MAX_REQUEST + 1), { 'content-type': 'application/x-protobuf' });
    expect(big.status).toBe(413);
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(MAX_REQUEST);
    const r = await post('/v1/traces', bomb, { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' });
    expect(r.status).toBe(413);
    expect(r.text).toMatch(/inflates/);
  });

  it('accepts gzip bodies', async () => {
    const r = await post('/v1/traces', gzipSync(JSON.stringify(goodJsonTrace('gzip-svc', 'cd'))), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(r.status).toBe(200);
    expect(await spanCount('gzip-svc')).toBe(1);
  });

  it('answers 404 for other paths and keeps serving after all of the above', async () => {
    expect((await post('/v1/profiles', '{}', { 'content-type': 'application/json' })).status).toBe(404);
    const ok = await post('/v1/traces', JSON.stringify(goodJsonTrace('after-errors', 'ef')), { 'content-type': 'application/json' });
    expect(ok.status).toBe(200);
    expect(await spanCount('after-errors')).toBe(1);
    expect(await spanCount('partial-svc')).toBe(1);
  });
});

describe('OTLP/gRPC bad input', () => {
  it('maps malformed messages to INVALID_ARGUMENT and oversize ones to RESOURCE_EXHAUSTED', async () => {
    const client = createRawGrpcClient(cw.grpcUrl);
    const bad = await client.export('metrics', Uint8Array.from([0x0a, 0x05, 0x01]));
    expect(bad.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(bad.details).toMatch(/CW_ERR_INGEST_BAD_REQUEST/);
    const huge = await client.export('traces', new Uint8Array(MAX_DECOMPRESSED + 10));
    expect(huge.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    const empty = await client.export('logs', new Uint8Array(0));
    expect(empty.code).toBe(grpc.status.OK);
    client.close();
  });

  it('refuses a gzip message that inflates past the limit', async () => {
    const client = createRawGrpcClient(cw.grpcUrl, { 'grpc.default_compression_algorithm': 2 });
    const r = await client.export('traces', new Uint8Array(4 * MAX_DECOMPRESSED));
    expect(r.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    client.close();
  });
});
