/**
 * Runs the correlator runtime on live traffic: every `tickMillis` it looks
 * at the ingest watermark and, when the watermark has passed the end of the
 * next window, advances the runtime (at most `maxWindowsPerTick` windows per
 * turn; while behind, the next turn follows at once). Failures are logged
 * and retried on the next turn; nothing here throws into the service.
 *
 * The runtime is created on the first turn that has a watermark, starting
 * at the earliest event time stored (so live windows and warm-up follow the
 * data as an evaluation of the same data does), but no earlier than one
 * history before the watermark: older windows would only be read to be
 * forgotten.
 *
 * Lifecycle: `shutdown()` stops the turns and waits for the one running.
 */
import type { Lifecycle } from '../../core/lifecycle.ts';
import type { Logger } from '../../core/logger.ts';
import type { CorrelatorRuntime } from './correlator-runtime.ts';
import type { IngestWatermark } from './ingest-watermark.ts';
import { observeCorrelatorLag } from './runtime-metrics.ts';
import { CORRELATOR_RUNTIME_DEFAULTS } from './runtime-options.ts';

export interface CorrelatorDriverOptions {
  readonly watermark: IngestWatermark;
  readonly createRuntime: (startMillis: number) => CorrelatorRuntime;
  readonly stepSeconds: number;
  readonly historyMinutes: number;
  readonly logger: Logger;
  readonly tickMillis?: number;
  readonly maxWindowsPerTick?: number;
}

export interface CorrelatorDriver extends Lifecycle {
  /** End of the last window closed; undefined before the runtime exists. */
  closedThroughMillis(): number | undefined;
  /** Resolves once the runtime has closed every window the watermark allows (or the driver stopped). */
  caughtUp(): Promise<void>;
}

export function createCorrelatorDriver(options: CorrelatorDriverOptions): CorrelatorDriver {
  const tickMillis = options.tickMillis ?? CORRELATOR_RUNTIME_DEFAULTS.tickMillis;
  const maxWindows = options.maxWindowsPerTick ?? CORRELATOR_RUNTIME_DEFAULTS.maxWindowsPerTick;
  const stepMillis = options.stepSeconds * 1000;
  const historyMillis = options.historyMinutes * 60_000;
  let runtime: CorrelatorRuntime | undefined;
  let timer: NodeJS.Timeout | undefined;
  let turn: Promise<void> | undefined;
  let stopped = true;
  let waiters: Array<() => void> = [];
  let lastFailure = '';

  observeCorrelatorLag(() => {
    const wm = options.watermark.watermarkMillis();
    return wm === undefined || runtime === undefined ? undefined : Math.max(0, wm - runtime.closedThroughMillis());
  });

  const behind = (): boolean => {
    const wm = options.watermark.watermarkMillis();
    return wm !== undefined && (runtime === undefined || runtime.closedThroughMillis() + stepMillis <= wm);
  };

  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = undefined;
      let succeeded = false;
      turn = once()
        .then((ok) => {
          succeeded = ok;
        })
        .finally(() => {
          turn = undefined;
          if (!behind()) {
            for (const w of waiters) w();
            waiters = [];
          }
          // Behind and going well: on at once. After a failure: wait a tick, never spin.
          schedule(succeeded && behind() ? 0 : tickMillis);
        });
    }, delay);
  };

  /** One turn; false when it failed. A bug (a throw) is logged like a failure: the service keeps running. */
  async function once(): Promise<boolean> {
    try {
      const wm = options.watermark.watermarkMillis();
      if (wm === undefined) return true;
      if (!runtime) {
        const earliest = options.watermark.earliestMillis() ?? wm;
        const start = Math.max(Math.floor(earliest / stepMillis), Math.floor((wm - historyMillis) / stepMillis)) * stepMillis;
        runtime = options.createRuntime(start);
        options.logger.info({ startMillis: start }, 'correlator started');
      }
      const target = Math.min(wm, runtime.closedThroughMillis() + maxWindows * stepMillis);
      if (runtime.closedThroughMillis() + stepMillis > target) return true;
      const r = await runtime.advanceTo(target);
      if (!r.ok) {
        // The same failure every turn is logged once until it clears.
        if (r.error.message !== lastFailure) options.logger.warn({ code: r.error.code, message: r.error.message }, 'correlator window failed; retrying');
        lastFailure = r.error.message;
        return false;
      }
      lastFailure = '';
      if (r.value.length > 0) options.logger.debug({ events: r.value.length, closedThroughMillis: runtime.closedThroughMillis() }, 'incident events');
      return true;
    } catch (err) {
      options.logger.error({ err }, 'correlator failed unexpectedly; retrying');
      return false;
    }
  }

  return {
    closedThroughMillis: () => runtime?.closedThroughMillis(),
    caughtUp() {
      if (stopped || !behind()) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    start() {
      stopped = false;
      schedule(tickMillis);
      return Promise.resolve();
    },
    async shutdown() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await turn;
      const flushed = await runtime?.flush();
      if (flushed && !flushed.ok) options.logger.warn({ code: flushed.error.code, message: flushed.error.message }, 'correlator could not write what it held back');
      for (const w of waiters) w();
      waiters = [];
    },
  };
}
