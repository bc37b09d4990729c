/**
 * Pacing of a replay by event time: at `speed` times real time, a line whose
 * earliest time is `t` is sent `(t - t0) / speed` after the first line (time
 * `t0`) was. A sender that falls behind (a slow receiver, retries) sends at
 * once until it has caught up; it never skips lines. Without a speed there
 * is no waiting: as fast as the receiver and the in-flight bound allow.
 */
const MAX_TIMER_MILLIS = 2 ** 31 - 1;

export interface Pacer {
  /** Waits until the line with earliest time `eventNanos` is due (or `abort` fires). */
  wait(eventNanos: bigint, abort?: AbortSignal): Promise<void>;
}

export function createPacer(speed: number | undefined, clock: () => number = () => performance.now()): Pacer {
  if (speed === undefined) return { wait: () => Promise.resolve() };
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be a positive number, got ${speed}`);
  let start: { wallMillis: number; eventNanos: bigint } | undefined;
  return {
    async wait(eventNanos, abort) {
      if (!start) {
        start = { wallMillis: clock(), eventNanos };
        return;
      }
      const dueMillis = start.wallMillis + Number(eventNanos - start.eventNanos) / 1e6 / speed;
      // In steps: a timer cannot wait longer than 2^31 - 1 ms.
      for (let delay = dueMillis - clock(); delay > 0 && !abort?.aborted; delay = dueMillis - clock()) {
        await sleep(Math.min(delay, MAX_TIMER_MILLIS), abort);
      }
    },
  };
}

/** Resolves after `millis`, or at once when `abort` fires. */
export function sleep(millis: number, abort?: AbortSignal): Promise<void> {
  if (abort?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      abort?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, millis);
    abort?.addEventListener('abort', done, { once: true });
  });
}
