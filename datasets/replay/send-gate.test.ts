import { describe, expect, it } from 'vitest';
import { createPacer } from './pacing.ts';
import { createSendGate } from './send-gate.ts';

const tick = () => new Promise((r) => setImmediate(r));

describe('send gate', () => {
  it('admits at most maxInFlight, in call order, and nothing while held', async () => {
    const gate = createSendGate(2);
    const admitted: number[] = [];
    const asks = [1, 2, 3, 4].map((n) => gate.acquire(BigInt(n)).then(() => admitted.push(n)));
    await tick();
    expect(admitted).toEqual([1, 2]);
    gate.hold();
    gate.release(1n);
    await tick();
    expect(admitted).toEqual([1, 2]);
    gate.unhold();
    await tick();
    expect(admitted).toEqual([1, 2, 3]);
    gate.release(2n);
    await Promise.all(asks);
    expect(admitted).toEqual([1, 2, 3, 4]);
    let idle = false;
    void gate.idle().then(() => (idle = true));
    gate.release(3n);
    await tick();
    expect(idle).toBe(false);
    gate.release(4n);
    await tick();
    expect(idle).toBe(true);
  });

  it('admits nothing more than maxAheadNanos past the oldest request in flight, whatever finishes first', async () => {
    const gate = createSendGate(10, 10n);
    const admitted: number[] = [];
    const asks = [0, 4, 10, 11, 25].map((at) => gate.acquire(BigInt(at)).then(() => admitted.push(at)));
    await tick();
    // 11 is 11 past the oldest in flight (0); 25 waits behind it, in call order.
    expect(admitted).toEqual([0, 4, 10]);
    gate.release(4n);
    await tick();
    expect(admitted).toEqual([0, 4, 10]);
    gate.release(0n);
    await tick();
    // Oldest in flight is now 10: 11 goes, 25 is 15 past it.
    expect(admitted).toEqual([0, 4, 10, 11]);
    gate.release(10n);
    await tick();
    expect(admitted).toEqual([0, 4, 10, 11]);
    gate.release(11n);
    await Promise.all(asks);
    expect(admitted).toEqual([0, 4, 10, 11, 25]);
    expect(() => gate.release(99n)).toThrow(/no request in flight at 99/);
  });

  it('refuses a bound below 1, and a negative reach', () => {
    expect(() => createSendGate(0)).toThrow(RangeError);
    expect(() => createSendGate(1, -1n)).toThrow(RangeError);
  });
});

describe('pacer', () => {
  it('waits by event-time gaps divided by the speed', async () => {
    let now = 0;
    const pacer = createPacer(60, () => now);
    await pacer.wait(1_000_000_000_000n);
    const started = performance.now();
    now = 10; // 10 ms of wall time passed; 60 s of event time at speed 60 is due at 1000 ms
    await pacer.wait(1_000_000_000_000n + 60_000_000_000n / 1000n); // 60 ms of event time -> due at 1 ms: no wait
    expect(performance.now() - started).toBeLessThan(50);
    const clockless = createPacer(1000);
    await clockless.wait(0n);
    const t0 = performance.now();
    await clockless.wait(200_000_000_000n); // 200 s at 1000x = 200 ms
    expect(performance.now() - t0).toBeGreaterThanOrEqual(190);
  });

  it('does not wait without a speed', async () => {
    const pacer = createPacer(undefined);
    const t0 = performance.now();
    await pacer.wait(0n);
    await pacer.wait(3_600_000_000_000n);
    expect(performance.now() - t0).toBeLessThan(50);
  });
});
