/**
 * The replay's sending logic against a scripted transport: order, the
 * in-flight bound, retries and holding, partial success, refusals, giving up,
 * the time shift and progress. (Real receivers: replay-e2e.test.ts.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SignalFile } from '../format/index.ts';
import { SAMPLE_T0, logsRequest, sampleCounts, writeSampleCase } from '../format/testing/sample-case.ts';
import type { ExportOutcome, OtlpTransport } from './otlp-transport.ts';
import { replayCase } from './replay-case.ts';
import type { ReplayProgress } from './replay-types.ts';

let dir: string;
let caseDir: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cw-replay-'));
  caseDir = join(dir, 'case-1');
  await writeSampleCase(caseDir, 'case-1', 'carts');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface Call {
  readonly signal: SignalFile;
  readonly body: string | Uint8Array;
  readonly startedInFlight: number;
}

/** A transport answering from `script(callIndex, signal)` after a short delay, recording calls and concurrency. */
function scriptedTransport(script: (call: number, signal: SignalFile) => ExportOutcome, encoding: 'json' | 'protobuf' = 'json') {
  const calls: Call[] = [];
  let inFlight = 0;
  let peak = 0;
  const transport: OtlpTransport = {
    encoding,
    description: 'scripted',
    async export(signal, body) {
      inFlight++;
      peak = Math.max(peak, inFlight);
      const n = calls.length;
      calls.push({ signal, body, startedInFlight: inFlight });
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
      return script(n, signal);
    },
    close() {},
  };
  return { transport, calls, peak: () => peak };
}

const accepted: ExportOutcome = { kind: 'accepted', rejectedItems: 0, errorMessage: '' };
/** Most tests here are about requests; one line per request keeps them countable (coalescing has its own test). */
const ONE_REQUEST_PER_LINE = { coalesceItems: 1 } as const;

describe('replayCase', () => {
  it('sends every line in merged time order and counts items per signal', async () => {
    const { transport, calls, peak } = scriptedTransport(() => accepted);
    const progress: ReplayProgress[] = [];
    const result = await replayCase(caseDir, { ...ONE_REQUEST_PER_LINE, transport, maxInFlight: 2, onProgress: (p) => progress.push(p) });
    const counts = sampleCounts();
    expect(calls.map((c) => c.signal)).toEqual(['traces', 'metrics', 'logs', 'traces', 'metrics', 'logs', 'traces', 'metrics', 'logs']);
    expect(peak()).toBeLessThanOrEqual(2);
    expect(result.ok).toBe(true);
    expect(result.caseId).toBe('case-1');
    expect(result.signals.traces).toEqual({ lines: 3, requests: 3, itemsSent: counts.spans, itemsAcknowledged: counts.spans, itemsRejected: 0, requestsFailed: 0, retries: 0 });
    expect(result.signals.metrics.itemsAcknowledged).toBe(18);
    expect(result.signals.logs.itemsAcknowledged).toBe(counts.logs);
    expect(result.total.itemsAcknowledged).toBe(counts.spans + 18 + counts.logs);
    expect(progress.at(-1)).toMatchObject({ linesDone: 9, linesTotal: 9, itemsAcknowledged: result.total.itemsAcknowledged });
  });

  it('coalesces consecutive lines of a signal into one request carrying every item, oldest group first', async () => {
    const { transport, calls } = scriptedTransport(() => accepted);
    // The sample's lines are 10 s apart: a bound of a minute lets each signal's three lines join.
    const result = await replayCase(caseDir, { transport, maxInFlight: 1, coalesceSeconds: 60 });
    const counts = sampleCounts();
    expect(calls.map((c) => c.signal)).toEqual(['traces', 'metrics', 'logs']);
    const spans = (JSON.parse(calls[0]!.body as string) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: unknown[] }> }> }).resourceSpans
      .flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)).length;
    expect(spans).toBe(counts.spans);
    expect(result.signals.traces).toMatchObject({ lines: 3, requests: 1, itemsAcknowledged: counts.spans });
    expect(result.total).toMatchObject({ lines: 9, requests: 3, itemsAcknowledged: counts.spans + 18 + counts.logs });

    const small = scriptedTransport(() => accepted);
    await replayCase(caseDir, { transport: small.transport, maxInFlight: 1, coalesceItems: 4, coalesceSeconds: 60 });
    expect(small.calls.length).toBeGreaterThan(3);
    expect(small.calls.length).toBeLessThan(9);
  });

  it('joins no lines more than coalesceSeconds of event time apart, so a sparse signal is not held behind the others', async () => {
    const requests = async (coalesceSeconds?: number) => {
      const { transport, calls } = scriptedTransport(() => accepted);
      await replayCase(caseDir, { transport, maxInFlight: 1, ...(coalesceSeconds === undefined ? {} : { coalesceSeconds }) });
      return calls.map((c) => {
        const body = JSON.parse(c.body as string) as Record<string, unknown[]>;
        return `${c.signal} x${Object.values(body)[0]!.length}`;
      });
    };
    // Lines at +1, +11, +21 s (traces), +2, +12, +22 s (metrics), +3, +13, +23 s (logs).
    expect(await requests(5)).toEqual(['traces x1', 'metrics x1', 'logs x1', 'traces x1', 'metrics x1', 'logs x1', 'traces x1', 'metrics x1', 'logs x1']);
    // Within the default 10 s: each signal's first two lines join, and go (oldest first) when the line at +21 s comes in.
    expect(await requests()).toEqual(['traces x2', 'metrics x2', 'logs x2', 'traces x1', 'metrics x1', 'logs x1']);
    const { transport } = scriptedTransport(() => accepted);
    await expect(replayCase(caseDir, { transport, coalesceSeconds: -1 })).rejects.toThrow('coalesceSeconds must be 0 or more, got -1');
    await expect(replayCase(caseDir, { transport, maxAheadSeconds: Number.NaN })).rejects.toThrow('maxAheadSeconds must be 0 or more, got NaN');
  });

  it('retries retryable refusals, holding back later lines until the refused one is through', async () => {
    const { transport, calls } = scriptedTransport((n) => (n === 1 || n === 2 ? { kind: 'retryable', message: 'busy', retryAfterMillis: 20 } : accepted));
    const result = await replayCase(caseDir, { ...ONE_REQUEST_PER_LINE, transport, maxInFlight: 1 });
    expect(result.ok).toBe(true);
    expect(result.total.retries).toBe(2);
    expect(result.total.itemsAcknowledged).toBe(result.total.itemsSent);
    // With one in flight, the refused metrics line is retried before the logs line is sent.
    expect(calls.map((c) => c.signal).slice(0, 5)).toEqual(['traces', 'metrics', 'metrics', 'metrics', 'logs']);
  });

  it('counts partial rejections and refusals, and goes on after a refusal for good', async () => {
    const { transport } = scriptedTransport((n, signal) => {
      if (n === 0) return { kind: 'accepted', rejectedItems: 2, errorMessage: 'bad spans' };
      if (signal === 'logs') return { kind: 'refused', message: 'HTTP 400: nope' };
      return accepted;
    });
    const result = await replayCase(caseDir, { ...ONE_REQUEST_PER_LINE, transport });
    expect(result.ok).toBe(false);
    expect(result.error).toBeUndefined();
    expect(result.signals.traces).toMatchObject({ itemsSent: 9, itemsAcknowledged: 7, itemsRejected: 2 });
    expect(result.signals.logs).toMatchObject({ lines: 3, itemsSent: 6, itemsAcknowledged: 0, requestsFailed: 3 });
    expect(result.failures.map((f) => `${f.code} ${f.message}`)).toEqual([
      'CW_ERR_DATASET_REPLAY_REFUSED case-1/traces.jsonl.gz: line 1: 2 item(s) rejected: bad spans',
      'CW_ERR_DATASET_REPLAY_REFUSED case-1/logs.jsonl.gz: line 1: HTTP 400: nope',
      'CW_ERR_DATASET_REPLAY_REFUSED case-1/logs.jsonl.gz: line 2: HTTP 400: nope',
      'CW_ERR_DATASET_REPLAY_REFUSED case-1/logs.jsonl.gz: line 3: HTTP 400: nope',
    ]);
  });

  it('stops when a request is still refused after every attempt', async () => {
    const { transport, calls } = scriptedTransport((_n, signal) => (signal === 'metrics' ? { kind: 'retryable', message: 'HTTP 503', retryAfterMillis: undefined } : accepted));
    const result = await replayCase(caseDir, { ...ONE_REQUEST_PER_LINE, transport, maxAttempts: 3, initialBackoffMillis: 1, maxInFlight: 1 });
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('CW_ERR_DATASET_REPLAY_UNAVAILABLE');
    expect(result.error?.message).toBe('case-1/metrics.jsonl.gz: line 1: still refused after 3 attempt(s): HTTP 503');
    expect(calls.map((c) => c.signal)).toEqual(['traces', 'metrics', 'metrics', 'metrics']);
    expect(result.signals.metrics).toMatchObject({ lines: 1, requestsFailed: 1, retries: 2 });
  });

  it('shifts every time so the window start lands on `now`, exactly', async () => {
    const { transport, calls } = scriptedTransport(() => accepted);
    const now = 1_750_000_000_123_456_789n;
    const result = await replayCase(caseDir, { ...ONE_REQUEST_PER_LINE, transport, now, maxInFlight: 1 });
    expect(result.offsetNanos).toBe(now - SAMPLE_T0);
    const first = JSON.parse(calls[0]!.body as string) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ startTimeUnixNano: string }> }> }> };
    // The sample's first span starts 1 s after the window start.
    expect(first.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.startTimeUnixNano).toBe((now + 1_000_000_000n).toString());
  });

  it('sends the stored line text unchanged over JSON without a shift', async () => {
    const { transport, calls } = scriptedTransport(() => accepted);
    await replayCase(caseDir, { ...ONE_REQUEST_PER_LINE, transport, maxInFlight: 1 });
    expect(typeof calls[0]!.body).toBe('string');
    expect(JSON.parse(calls[0]!.body as string)).toHaveProperty('resourceSpans');
  });

  it('stops at a format error and reports it, after sending the lines before it', async () => {
    const { transport } = scriptedTransport(() => accepted);
    rmSync(join(caseDir, 'logs.jsonl.gz'));
    writeFileSync(join(caseDir, 'logs.jsonl'), `${JSON.stringify(logsRequest('carts', SAMPLE_T0 + 3_000_000_000n, 1))}\n{"resourceLogs": 5}\n`);
    const result = await replayCase(caseDir, { ...ONE_REQUEST_PER_LINE, transport });
    expect(result.error?.message).toMatch(/^case-1\/logs\.jsonl: line 2: invalid ExportLogsServiceRequest \(JSON\): resourceLogs: expected an array/);
    expect(result.total.lines).toBe(3);
    expect(result.ok).toBe(false);
  });

  it('fails on a missing case folder, and replays a folder of signal files without case.json from its first line', async () => {
    const { transport, calls } = scriptedTransport(() => accepted);
    const missing = await replayCase(join(dir, 'missing'), { ...ONE_REQUEST_PER_LINE, transport });
    expect(missing.error?.code).toBe('CW_ERR_DATASET_NOT_FOUND');
    rmSync(join(caseDir, 'case.json'));
    const now = 1_750_000_000_000_000_000n;
    const result = await replayCase(caseDir, { ...ONE_REQUEST_PER_LINE, transport, now, maxInFlight: 1 });
    expect(result.ok).toBe(true);
    expect(result.caseId).toBe('case-1');
    // Anchored on the earliest line (the first span, 1 s after the sample's t0).
    expect(result.offsetNanos).toBe(now - (SAMPLE_T0 + 1_000_000_000n));
    expect(calls).toHaveLength(9);
  });

  it('ends early when aborted, waiting for requests in flight', async () => {
    const controller = new AbortController();
    const { transport, calls } = scriptedTransport((n) => {
      if (n === 2) controller.abort();
      return accepted;
    });
    const result = await replayCase(caseDir, { ...ONE_REQUEST_PER_LINE, transport, maxInFlight: 1, abortSignal: controller.signal });
    expect(result.aborted).toBe(true);
    expect(result.ok).toBe(false);
    expect(calls.length).toBe(3);
    expect(result.total.lines).toBe(3);
  });
});
