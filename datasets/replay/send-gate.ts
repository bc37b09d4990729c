/**
 * Admission of replayed requests: at most `maxInFlight` at once, none whose
 * event time is more than `maxAheadNanos` past the oldest request still in
 * flight, and none while a refused request waits to be retried ("held").
 * Requests are admitted in the order they ask, so a line is overtaken by at
 * most `maxInFlight - 1` later lines, none more than `maxAheadNanos` newer,
 * and a retried one by none admitted after its refusal: the receiver sees
 * the order of the case to within that much event time, which an
 * event-time pipeline with a bounded allowed lateness needs (a receiver
 * that stored a request more than its lateness ahead of one still in
 * flight would close the older one's windows first). `maxInFlight: 1`
 * keeps strict order.
 */
export interface SendGate {
  /** Resolves when the request whose items start at `atNanos` may start (in call order). */
  acquire(atNanos: bigint): Promise<void>;
  /** The request admitted at `atNanos` is done. */
  release(atNanos: bigint): void;
  /** Blocks admissions until the matching `unhold`. */
  hold(): void;
  unhold(): void;
  /** Resolves once no request is in flight. */
  idle(): Promise<void>;
}

export function createSendGate(maxInFlight: number, maxAheadNanos?: bigint): SendGate {
  if (!Number.isInteger(maxInFlight) || maxInFlight < 1) throw new RangeError(`maxInFlight must be a positive integer, got ${maxInFlight}`);
  if (maxAheadNanos !== undefined && maxAheadNanos < 0n) throw new RangeError(`maxAheadNanos must be 0 or more, got ${maxAheadNanos}`);
  /** Event times of the requests in flight, in admission order (a request may finish before older ones). */
  const inFlight: bigint[] = [];
  let holds = 0;
  const waiting: Array<{ atNanos: bigint; admit: () => void }> = [];
  let idleWaiters: Array<() => void> = [];

  const oldestInFlight = () => inFlight.reduce((min, t) => (t < min ? t : min), inFlight[0]!);
  const withinReach = (atNanos: bigint) => maxAheadNanos === undefined || inFlight.length === 0 || atNanos - oldestInFlight() <= maxAheadNanos;

  const pump = () => {
    while (holds === 0 && inFlight.length < maxInFlight && waiting.length > 0 && withinReach(waiting[0]!.atNanos)) {
      const next = waiting.shift()!;
      inFlight.push(next.atNanos);
      next.admit();
    }
    if (inFlight.length === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  };

  return {
    acquire(atNanos) {
      return new Promise((admit) => {
        waiting.push({ atNanos, admit });
        pump();
      });
    },
    release(atNanos) {
      const at = inFlight.indexOf(atNanos);
      if (at < 0) throw new Error(`send gate: no request in flight at ${atNanos}`);
      inFlight.splice(at, 1);
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
      if (inFlight.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
