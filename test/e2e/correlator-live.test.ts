/**
 * Live and eval give the same incidents (DESIGN.md, event time): a generated
 * case replayed over OTLP/HTTP into a running Causeway, whose correlator
 * closes windows as the ingest watermark passes them, opens exactly the
 * incidents (same ids, times, anomalies and rankings) that
 * `causeway eval --method causeway` finds on the same case.
 *
 * The live correlator is given the evaluation's runtime settings (the
 * built-in baseline detectors with the case's short-case baselines, no
 * extra sources) and an in-memory event sink; everything else is the
 * service as `causeway start` runs it: receivers, batch writer, ingest
 * watermark, the driver's timer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCauseway } from '../../cli/index.ts';
import { loadConfig } from '../../config/index.ts';
import { silentLogger } from '../../core/logger.ts';
import type { Anomaly } from '../../correlator/index.ts';
import { createChangePointDetector, createRobustBaselineDetector } from '../../correlator/index.ts';
import { CORRELATOR_RUNTIME_DEFAULTS, createMemoryIncidentSink } from '../../correlator/runtime/index.ts';
import { createCauseRanker } from '../../rca/index.ts';
import { type MethodOutput, runEval } from '../../datasets/eval/index.ts';
import { methodOutputOf, shortCaseOptions } from '../../datasets/eval/methods/causeway-method.ts';
import { readCaseTruth } from '../../datasets/format/index.ts';
import { replayCase } from '../../datasets/replay/index.ts';
import { ROOT } from './causeway-process.ts';

const SUITE = join(ROOT, 'datasets/generated/suite');
const CASE_ID = 'sock-shop-001-slow-database-session-db';
const STEP_MILLIS = 10_000;
/**
 * The live correlator takes a window's data as complete once newer data has
 * been stored LATENESS_SECONDS later in event time: the configured default.
 * An unpaced replay joins lines into requests (COALESCE_ITEMS per signal,
 * spanning at most 10 s of event time) with several in flight (none 10 s
 * past the oldest), so rows arrive at most 20 s out of order, inside that
 * lateness. (Joined without a time bound, the case's few log records went as
 * one request at its end, after the windows they belonged to had closed.)
 */
const LATENESS_SECONDS = CORRELATOR_RUNTIME_DEFAULTS.allowedLatenessSeconds;
const COALESCE_ITEMS = 200;

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the correlator on live traffic', () => {
  it('opens the same incidents as causeway eval on the same case', async () => {
    const truth = await readCaseTruth(join(SUITE, CASE_ID));
    if (!truth.ok) throw new Error(truth.error.message);
    const windowStart = Date.parse(truth.value.window.start);
    const windowEnd = Date.parse(truth.value.window.end);
    const lastEnd = Math.ceil(windowEnd / STEP_MILLIS) * STEP_MILLIS;

    // The evaluation: the real `causeway eval` path on its own store.
    let expected: MethodOutput | undefined;
    const evaluated = await runEval(SUITE, { method: 'causeway', cases: CASE_ID, onCaseDone: (_done, _total, scored) => (expected = scored.output) });
    if (!evaluated.ok || !expected) throw new Error(evaluated.ok ? 'no case evaluated' : evaluated.error.message);

    // The live service, with the evaluation's runtime settings.
    const short = shortCaseOptions(windowEnd - windowStart);
    const sink = createMemoryIncidentSink();
    const anomalies: Anomaly[] = [];
    const dataDir = mkdtempSync(join(tmpdir(), 'cw-live-'));
    dirs.push(dataDir);
    const config = loadConfig({
      flags: {
        'data-dir': dataDir,
        'otlp-grpc-host': '127.0.0.1',
        'otlp-grpc-port': '0',
        'otlp-http-host': '127.0.0.1',
        'otlp-http-port': '0',
        'api-host': '127.0.0.1',
        'api-port': '0',
        // The case is months old: keep it (a TTL would drop it on insert).
        'retention-traces-days': '0',
        'retention-logs-days': '0',
        'retention-metrics-days': '0',
        'correlator-allowed-lateness-seconds': String(LATENESS_SECONDS),
      },
      env: {},
    });
    if (!config.ok) throw new Error(config.error.message);
    const running = await startCauseway(config.value, silentLogger(), {
      correlator: {
        sink,
        ranker: createCauseRanker(),
        detectors: [createRobustBaselineDetector(short.robustBaseline), createChangePointDetector(short.changePoint)],
        sources: [],
        grouper: {},
        ...(short.warmupMillis !== undefined ? { warmupMillis: short.warmupMillis } : {}),
        onAnomalies: (taken) => anomalies.push(...taken),
      },
    });
    try {
      const httpUrl = `http://127.0.0.1:${running.ports.otlpHttp}`;
      const replayed = await replayCase(join(SUITE, CASE_ID), { endpoint: httpUrl, coalesceItems: COALESCE_ITEMS });
      expect(replayed.ok).toBe(true);
      // Event time moves on as telemetry keeps coming: one later record closes the case's last window.
      const clockNanos = (BigInt(lastEnd + LATENESS_SECONDS * 1000) * 1_000_000n).toString();
      const clock = await fetch(`${httpUrl}/v1/logs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          resourceLogs: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'e2e-clock' } }] }, scopeLogs: [{ logRecords: [{ timeUnixNano: clockNanos, body: { stringValue: 'tick' } }] }] }],
        }),
      });
      expect(clock.status).toBe(200);
      const deadline = Date.now() + 120_000;
      while ((running.correlator?.closedThroughMillis() ?? 0) < lastEnd && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(running.correlator?.closedThroughMillis()).toBe(lastEnd);
    } finally {
      await running.shutdown();
    }

    const live = methodOutputOf(sink.events(), anomalies);
    expect(expected!.incidents.length).toBeGreaterThan(0);
    expect(live.incidents).toEqual(expected!.incidents);
    expect(live.alerts).toEqual(expected!.alerts);
  }, 240_000);
});
