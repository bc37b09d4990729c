import { describe, expect, it } from 'vitest';
import { createBatchWriter, createInFlightLimiter, createIngestMetrics, createIngestService } from '../../collector/index.ts';
import { eventTimeRange } from '../../collector/ingest-service.ts';
import { ok } from '../../core/result.ts';
import { defaultConfig } from '../../storage/testing/test-store.ts';
import { CORRELATOR_RUNTIME_DEFAULTS } from './runtime-options.ts';

describe('correlator runtime settings', () => {
  it('has the defaults of the configuration keys correlator.*', () => {
    const c = defaultConfig().correlator;
    const d = CORRELATOR_RUNTIME_DEFAULTS;
    expect([c.stepSeconds, c.allowedLatenessSeconds, c.historyMinutes, c.enabled]).toEqual([d.stepSeconds, d.allowedLatenessSeconds, d.historyMinutes, true]);
  });
});

describe('the ingest hook the watermark follows', () => {
  const ns = (millis: number) => (BigInt(millis) * 1_000_000n + 123_456n).toString();

  it('reports the earliest and newest event time of every stored request, whatever the signal', async () => {
    const writer = createBatchWriter({ prepareRows: (_table, rows) => ok({ rows: rows.length }), insertPrepared: () => Promise.resolve(ok(undefined)) }, { maxRows: 10, maxBytes: 1 << 20, maxDelayMillis: 1, lingerMillis: 0, maxConcurrentInserts: 1 });
    const limiter = createInFlightLimiter(1 << 24);
    const seen: Array<[number, number]> = [];
    const service = createIngestService({ writer, limiter, metrics: createIngestMetrics(() => 0), retryAfterSeconds: 1, onStored: (a, b) => seen.push([a, b]) });
    const logs = {
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
          scopeLogs: [{ logRecords: [{ timeUnixNano: ns(9_000_000_000_000), body: { stringValue: 'b' } }, { timeUnixNano: ns(1_000_000_000_000), body: { stringValue: 'a' } }] }],
        },
      ],
    };
    const r = await service.ingest({ signal: 'logs', encoding: 'json', transport: 'http', body: Buffer.from(JSON.stringify(logs)) });
    expect(r.ok).toBe(true);
    expect(seen).toEqual([[1_000_000_000_000, 9_000_000_000_000]]);
    await writer.shutdown();
  });

  it('compares nanosecond strings by value, skips unset times, and gives nothing without times', () => {
    const row = (t: string) => ({ Timestamp: t }) as never;
    expect(eventTimeRange({ traces: [row('999000000'), row('1000000000'), row('0')] })).toEqual({ oldestMillis: 999, newestMillis: 1000 });
    expect(eventTimeRange({ traces: [row('0')] })).toBeUndefined();
    expect(eventTimeRange({})).toBeUndefined();
  });
});
