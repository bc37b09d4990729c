/**
 * Admission of replayed requests: at most `maxInFlight` at once, and none
 * while a refused request waits to be retried ("held"). Requests are admitted
 * in the order they ask, so a line is overtaken by at most `maxInFlight - 1`
 * later lines, and a retried one by none admitted after its refusal: the
 * receiver sees (almost) the order of the case, which an event-time
 * pipeline with a bounded allowed lateness needs. `maxInFlight: 1` keeps
 * strict order.
 */
export interface SendGate {
  /** Resolves when one more request may start (in call order). */
  acquire(): Promise<void>;
  release(): void;
  /** Blocks admissions until the matching `unhold`. */
  hold(): void;
  unhold(): void;
  /** Resolves once no request is in flight. */
  idle(): Promise<void>;
}

export function createSendGate(maxInFlight: number): SendGate {
  if (!Number.isInteger(maxInFlight) || maxInFlight < 1) throw new RangeError(`maxInFlight must be a positive integer, got ${maxInFlight}`);
  let inFlight = 0;
  let holds = 0;
  const waiting: Array<() => void> = [];
  let idleWaiters: Array<() => void> = [];

  const pump = () => {
    while (holds === 0 && inFlight < maxInFlight && waiting.length > 0) {
      inFlight++;
      waiting.shift()!();
    }
    if (inFlight === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  };

  return {
    acquire() {
      return new Promise((resolve) => {
        waiting.push(resolve);
        pump();
      });
    },
    release() {
      inFlight--;
      pump();
    },
    hold() {
      holds++;
    },
    unhold() {
      holds--;
      pump();
    },
    idle() {
      if (inFlight === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
