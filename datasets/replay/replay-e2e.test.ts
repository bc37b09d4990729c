/**
 * Replays a small hand-made case (traces, metrics of every kind, logs)
 * through a real Causeway over each OTLP transport, and checks that what is
 * stored equals what was sent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCauseway, startTestCauseway } from '../../test/e2e/test-causeway.ts';
import { SAMPLE_T0, type SampleCounts, sampleCounts, writeSampleCase } from '../format/testing/sample-case.ts';
import { replayCase } from './replay-case.ts';
import type { ReplayOptions } from './replay-types.ts';

let cw: TestCauseway;
let dir: string;

beforeAll(async () => {
  // Retention 0 keeps rows of any age: the sample case is from 2023.
  cw = await startTestCauseway({ 'retention-traces-days': '0', 'retention-logs-days': '0', 'retention-metrics-days': '0' });
  dir = mkdtempSync(join(tmpdir(), 'cw-replay-e2e-'));
});
afterAll(async () => {
  await cw?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function count(table: string, service: string): Promise<number> {
  const r = await cw.store.queryRows<{ n: string }>(`SELECT count() AS n FROM ${table} WHERE ServiceName = {s:String}`, { s: service });
  if (!r.ok) throw new Error(r.error.message);
  return Number(r.value[0]!.n);
}

async function stored(service: string): Promise<SampleCounts> {
  return {
    spans: await count('otel_traces', service),
    logs: await count('otel_logs', service),
    gauge: await count('otel_metrics_gauge', service),
    sum: await count('otel_metrics_sum', service),
    histogram: await count('otel_metrics_histogram', service),
    exponentialHistogram: await count('otel_metrics_exponential_histogram', service),
    summary: await count('otel_metrics_summary', service),
  };
}

describe('replay into a running Causeway', () => {
  const transports: Array<[string, () => ReplayOptions]> = [
    ['OTLP/HTTP protobuf', () => ({ endpoint: cw.httpUrl })],
    ['OTLP/HTTP JSON', () => ({ endpoint: cw.httpUrl, json: true })],
    ['OTLP/gRPC', () => ({ endpoint: cw.grpcUrl, grpc: true })],
  ];

  it.each(transports)('%s: everything sent is acknowledged and stored', async (name, options) => {
    const service = `replay-${name.replace(/\W+/g, '-').toLowerCase()}`;
    const caseDir = join(dir, service);
    await writeSampleCase(caseDir, service, service, SAMPLE_T0, 4);
    const result = await replayCase(caseDir, options());
    expect(result.failures).toEqual([]);
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    const expected = sampleCounts(4);
    const points = expected.gauge + expected.sum + expected.histogram + expected.exponentialHistogram + expected.summary;
    expect(result.signals.traces).toMatchObject({ lines: 4, itemsSent: expected.spans, itemsAcknowledged: expected.spans, requestsFailed: 0 });
    expect(result.signals.metrics).toMatchObject({ lines: 4, itemsSent: points, itemsAcknowledged: points, requestsFailed: 0 });
    expect(result.signals.logs).toMatchObject({ lines: 4, itemsSent: expected.logs, itemsAcknowledged: expected.logs, requestsFailed: 0 });
    expect(await stored(service)).toEqual(expected);
  });

  it('with `now`, stores every time shifted by exactly the same offset', async () => {
    const service = 'replay-shifted';
    const caseDir = join(dir, service);
    await writeSampleCase(caseDir, service, service);
    const now = 1_760_000_000_123_456_789n;
    const result = await replayCase(caseDir, { endpoint: cw.grpcUrl, grpc: true, now });
    expect(result.ok).toBe(true);
    const r = await cw.store.queryRows<{ spans: string; events: string; logs: string; points: string; starts: string; exemplars: string }>(
      `SELECT
         (SELECT toString(toUnixTimestamp64Nano(min(Timestamp))) FROM otel_traces WHERE ServiceName = {s:String}) AS spans,
         (SELECT toString(toUnixTimestamp64Nano(min(arrayJoin(Events.Timestamp)))) FROM otel_traces WHERE ServiceName = {s:String}) AS events,
         (SELECT toString(toUnixTimestamp64Nano(min(Timestamp))) FROM otel_logs WHERE ServiceName = {s:String}) AS logs,
         (SELECT toString(toUnixTimestamp64Nano(min(TimeUnix))) FROM otel_metrics_histogram WHERE ServiceName = {s:String}) AS points,
         (SELECT toString(toUnixTimestamp64Nano(min(StartTimeUnix))) FROM otel_metrics_histogram WHERE ServiceName = {s:String}) AS starts,
         (SELECT toString(toUnixTimestamp64Nano(min(arrayJoin(Exemplars.TimeUnix)))) FROM otel_metrics_sum WHERE ServiceName = {s:String}) AS exemplars`,
      { s: service },
    );
    if (!r.ok) throw new Error(r.error.message);
    const s = 1_000_000_000n;
    // The sample's times relative to its t0 (= the window start, which lands on `now`).
    expect(r.value[0]).toEqual({
      spans: (now + 1n * s).toString(),
      events: (now + 1n * s + 2_000_001n).toString(),
      logs: (now + 3n * s).toString(),
      points: (now + 2n * s).toString(),
      starts: (now + 2n * s - 3600n * s).toString(),
      exemplars: (now + 2n * s - 1_000_001n).toString(),
    });
  });
});
