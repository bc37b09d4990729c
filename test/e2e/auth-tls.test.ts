/**
 * Optional ingest authentication and TLS on both receivers, exercised with
 * real clients: the OpenTelemetry gRPC exporter and HTTPS requests.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter as GrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createRawGrpcClient } from './grpc-raw-client.ts';
import { tracesRequestJson } from './otlp-json-builders.ts';
import { type TestCauseway, startTestCauseway } from './test-causeway.ts';

let cw: TestCauseway | undefined;
afterEach(async () => {
  await cw?.stop();
  cw = undefined;
});

function someSpans(service: string): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': service }), spanProcessors: [new SimpleSpanProcessor(memory)] });
  provider.getTracer('t').startSpan('op').end();
  return memory.getFinishedSpans();
}

function exportWith(exporter: GrpcTraceExporter, spans: ReadableSpan[]): Promise<number> {
  return new Promise((resolve) => exporter.export(spans, (r) => resolve(r.code)));
}

async function spanCount(service: string): Promise<number> {
  const r = await cw!.store.queryRows<{ n: number }>('SELECT count() AS n FROM otel_traces WHERE ServiceName = {s:String}', { s: service });
  if (!r.ok) throw new Error(r.error.message);
  return r.value[0]!.n;
}

describe('ingest authentication', () => {
  it('requires the bearer token on OTLP/HTTP and OTLP/gRPC', async () => {
    cw = await startTestCauseway({ 'otlp-auth-bearer-token': 's3cret' });
    const body = JSON.stringify(tracesRequestJson('auth-http', 1, 2));
    const denied = await fetch(`${cw.httpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(denied.status).toBe(401);
    expect(await denied.text()).toMatch(/CW_ERR_INGEST_UNAUTHENTICATED/);
    const allowed = await fetch(`${cw.httpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer s3cret' }, body });
    expect(allowed.status).toBe(200);
    expect(await spanCount('auth-http')).toBe(2);

    const noToken = await exportWith(new GrpcTraceExporter({ url: cw.grpcUrl }), someSpans('auth-grpc'));
    expect(noToken).toBe(ExportResultCode.FAILED);
    const metadata = new grpc.Metadata();
    metadata.set('authorization', 'Bearer s3cret');
    const withToken = await exportWith(new GrpcTraceExporter({ url: cw.grpcUrl, metadata }), someSpans('auth-grpc'));
    expect(withToken).toBe(ExportResultCode.SUCCESS);
    expect(await spanCount('auth-grpc')).toBe(1);

    const raw = createRawGrpcClient(cw.grpcUrl);
    expect((await raw.export('traces', new Uint8Array(0))).code).toBe(grpc.status.UNAUTHENTICATED);
    raw.close();
  });

  it('checks a configured header', async () => {
    cw = await startTestCauseway({ 'otlp-auth-header-name': 'X-Api-Key', 'otlp-auth-header-value': 'k-123' });
    const post = (headers: Record<string, string>) =>
      fetch(`${cw!.httpUrl}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' }).then((r) => r.status);
    expect(await post({})).toBe(401);
    expect(await post({ 'x-api-key': 'wrong' })).toBe(401);
    expect(await post({ 'x-api-key': 'k-123' })).toBe(200);
  });
});

describe('TLS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'causeway-tls-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves both receivers over TLS when a certificate and key are configured', async () => {
    const [cert, key] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    cw = await startTestCauseway({ 'otlp-tls-cert-file': cert, 'otlp-tls-key-file': key });
    const ca = readFileSync(cert);

    const status = await new Promise<number>((resolve, reject) => {
      const req = https.request(
        { host: '127.0.0.1', port: cw!.ports.otlpHttp, path: '/v1/traces', method: 'POST', ca, headers: { 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify(tracesRequestJson('tls-http', 7, 3)));
    });
    expect(status).toBe(200);
    expect(await spanCount('tls-http')).toBe(3);

    const exporter = new GrpcTraceExporter({ url: `https://127.0.0.1:${cw.ports.otlpGrpc}`, credentials: grpc.credentials.createSsl(ca) });
    expect(await exportWith(exporter, someSpans('tls-grpc'))).toBe(ExportResultCode.SUCCESS);
    expect(await spanCount('tls-grpc')).toBe(1);

    const plaintext = await fetch(`http://127.0.0.1:${cw.ports.otlpHttp}/v1/traces`, { method: 'POST', body: '{}' }).then(
      () => 'answered',
      () => 'refused',
    );
    expect(plaintext).toBe('refused');
  });
});
