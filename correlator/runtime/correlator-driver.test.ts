import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { causewayError } from '../../core/errors.ts';
import { type Result, fail, ok } from '../../core/result.ts';
import type { IncidentEvent } from '../incidents/incident-events.ts';
import { createCorrelatorDriver } from './correlator-driver.ts';
import type { CorrelatorRuntime } from './correlator-runtime.ts';
import { createIngestWatermark } from './ingest-watermark.ts';

const NOW = Date.UTC(2026, 5, 1, 12);
const STEP = 10_000;

/** A runtime that closes windows instantly and records each call; `script` may make a call fail or throw. */
function fakeRuntime(start: number, script: (call: number) => 'ok' | 'fail' | 'throw' = () => 'ok') {
  let closed = start;
  let flushes = 0;
  const targets: number[] = [];
  const runtime: CorrelatorRuntime = {
    advanceTo(wm): Promise<Result<IncidentEvent[]>> {
      targets.push(wm);
      const what = script(targets.length);
      if (what === 'throw') return Promise.reject(new Error('bug'));
      if (what === 'fail') return Promise.resolve(fail(causewayError('CW_ERR_STORAGE_UNAVAILABLE', 'down')));
      while (closed + STEP <= wm) closed += STEP;
      return Promise.resolve(ok([]));
    },
    closedThroughMillis: () => closed,
    incidents: () => new Map(),
    flush: () => {
      flushes++;
      return Promise.resolve(ok(undefined));
    },
  };
  return { runtime, targets, flushes: () => flushes };
}

function capturingLogger() {
  const lines: Array<{ msg: string; level: number }> = [];
  const logger = pino({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s) as { msg: string; level: number }) });
  return { logger, lines };
}

describe('correlator driver', () => {
  it('starts at the earliest data, bounded by the history, and advances in bounded turns until caught up', async () => {
    const watermark = createIngestWatermark({ allowedLatenessSeconds: 0, maxClockSkewSeconds: 0, nowMillis: () => NOW });
    let made: ReturnType<typeof fakeRuntime> | undefined;
    const starts: number[] = [];
    const { logger } = capturingLogger();
    const driver = createCorrelatorDriver({
      watermark,
      stepSeconds: 10,
      historyMinutes: 1,
      logger,
      tickMillis: 5,
      maxWindowsPerTick: 2,
      createRuntime: (start) => {
        starts.push(start);
        made = fakeRuntime(start);
        return made.runtime;
      },
    });
    await driver.start();
    // Rows from 5 minutes ago to now: the start is bounded by one minute of history.
    watermark.observe(NOW - 300_000 + 3_000, NOW);
    await new Promise((r) => setTimeout(r, 20));
    await driver.caughtUp();
    expect(starts).toEqual([NOW - 60_000]);
    expect(driver.closedThroughMillis()).toBe(NOW);
    // Six windows in turns of at most two.
    expect(made!.targets).toEqual([NOW - 40_000, NOW - 20_000, NOW]);
    // Shutting down writes what the runtime's sources held back.
    expect(made!.flushes()).toBe(0);
    await driver.shutdown();
    expect(made!.flushes()).toBe(1);
  });

  it('logs a failing or throwing turn and tries again, without ever throwing', async () => {
    const watermark = createIngestWatermark({ allowedLatenessSeconds: 0, maxClockSkewSeconds: 0, nowMillis: () => NOW });
    const { logger, lines } = capturingLogger();
    let made: ReturnType<typeof fakeRuntime> | undefined;
    const driver = createCorrelatorDriver({
      watermark,
      stepSeconds: 10,
      historyMinutes: 60,
      logger,
      tickMillis: 5,
      createRuntime: (start) => {
        made = fakeRuntime(start, (call) => (call === 1 ? 'fail' : call === 2 ? 'throw' : 'ok'));
        return made.runtime;
      },
    });
    await driver.start();
    watermark.observe(NOW - 30_000, NOW);
    for (let i = 0; i < 100 && driver.closedThroughMillis() !== NOW; i++) await new Promise((r) => setTimeout(r, 5));
    expect(driver.closedThroughMillis()).toBe(NOW);
    expect(made!.targets.length).toBe(3);
    expect(lines.some((l) => l.msg === 'correlator window failed; retrying')).toBe(true);
    expect(lines.some((l) => l.msg === 'correlator failed unexpectedly; retrying')).toBe(true);
    await driver.shutdown();
  });

  it('stops on shutdown: no turn after it', async () => {
    const watermark = createIngestWatermark({ allowedLatenessSeconds: 0, maxClockSkewSeconds: 0, nowMillis: () => NOW });
    let made: ReturnType<typeof fakeRuntime> | undefined;
    const driver = createCorrelatorDriver({
      watermark,
      stepSeconds: 10,
      historyMinutes: 60,
      logger: capturingLogger().logger,
      tickMillis: 5,
      createRuntime: (start) => {
        made = fakeRuntime(start);
        return made.runtime;
      },
    });
    await driver.start();
    watermark.observe(NOW - 30_000, NOW - 10_000);
    await new Promise((r) => setTimeout(r, 30));
    await driver.shutdown();
    const calls = made!.targets.length;
    watermark.observe(NOW, NOW + 60_000);
    await new Promise((r) => setTimeout(r, 30));
    expect(made!.targets.length).toBe(calls);
    expect(driver.closedThroughMillis()).toBe(NOW - 10_000);
  });
});
