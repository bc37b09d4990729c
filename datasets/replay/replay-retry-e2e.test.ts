/**
 * A replay into a Causeway whose in-flight bound admits about one request at
 * a time: the receiver refuses with 503 + Retry-After (HTTP) or UNAVAILABLE
 * + RetryInfo (gRPC), and the replay retries until everything is stored.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMORY_PER_BODY_BYTE } from '../../collector/index.ts';
import { type TestCauseway, startTestCauseway } from '../../test/e2e/test-causeway.ts';
import { SAMPLE_T0, sampleCounts, sampleLines, writeSampleCase } from '../format/testing/sample-case.ts';
import { encodeRequestProto } from './otlp-json-to-proto.ts';
import { replayCase } from './replay-case.ts';

const LINES_PER_SIGNAL = 4;
let cw: TestCauseway;
let dir: string;

beforeAll(async () => {
  // The bound fits the largest protobuf request once, not twice; a slow batch keeps requests in flight.
  const largest = Math.max(...sampleLines('replay-retry-xxxx', SAMPLE_T0, LINES_PER_SIGNAL).map((l) => encodeRequestProto(l.signal, l.request).length));
  cw = await startTestCauseway({
    'retention-traces-days': '0',
    'retention-logs-days': '0',
    'retention-metrics-days': '0',
    'otlp-max-in-flight-bytes': String(Math.ceil(largest * MEMORY_PER_BODY_BYTE * 1.5)),
    'otlp-retry-after-seconds': '1',
    'batch-max-delay-millis': '150',
  });
  dir = mkdtempSync(join(tmpdir(), 'cw-replay-retry-'));
});
afterAll(async () => {
  await cw?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function storedItems(service: string): Promise<number> {
  const tables = ['otel_traces', 'otel_logs', 'otel_metrics_gauge', 'otel_metrics_sum', 'otel_metrics_histogram', 'otel_metrics_exponential_histogram', 'otel_metrics_summary'];
  let total = 0;
  for (const table of tables) {
    const r = await cw.store.queryRows<{ n: string }>(`SELECT count() AS n FROM ${table} WHERE ServiceName = {s:String}`, { s: service });
    if (!r.ok) throw new Error(r.error.message);
    total += Number(r.value[0]!.n);
  }
  return total;
}

describe('replay against retryable refusals', () => {
  it.each([
    ['OTLP/HTTP protobuf', 'replay-retry-http', () => ({ endpoint: cw.httpUrl })],
    ['OTLP/gRPC', 'replay-retry-grpc', () => ({ endpoint: cw.grpcUrl, grpc: true })],
  ])('%s: retries until everything is acknowledged and stored', async (_name, service, options) => {
    const caseDir = join(dir, service);
    await writeSampleCase(caseDir, service, service, SAMPLE_T0, LINES_PER_SIGNAL);
    const result = await replayCase(caseDir, { ...options(), maxInFlight: 4 });
    expect(result.failures).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.total.retries).toBeGreaterThan(0);
    const c = sampleCounts(LINES_PER_SIGNAL);
    const items = c.spans + c.logs + c.gauge + c.sum + c.histogram + c.exponentialHistogram + c.summary;
    expect(result.total).toMatchObject({ lines: 3 * LINES_PER_SIGNAL, itemsSent: items, itemsAcknowledged: items, itemsRejected: 0, requestsFailed: 0 });
    expect(await storedItems(service)).toBe(items);
  });
});
