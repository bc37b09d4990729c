import { describe, expect, it } from 'vitest';
import { createInFlightLimiter } from './in-flight-limiter.ts';

describe('in-flight limiter', () => {
  it('admits up to the limit and refuses beyond it without taking anything', () => {
    const l = createInFlightLimiter(100);
    expect(l.tryAcquire(60)).toBe(true);
    expect(l.wouldFit(40)).toBe(true);
    expect(l.tryAcquire(41)).toBe(false);
    expect(l.inFlightBytes).toBe(60);
    expect(l.tryAcquire(40)).toBe(true);
    l.release(60);
    l.release(40);
    expect(l.inFlightBytes).toBe(0);
  });

  it('admits one request larger than the whole limit when nothing else is in flight, and nothing beside it', () => {
    const l = createInFlightLimiter(100);
    expect(l.wouldFit(250)).toBe(true);
    expect(l.tryAcquire(250)).toBe(true);
    expect(l.wouldFit(1)).toBe(false);
    expect(l.tryAcquire(1)).toBe(false);
    l.release(250);
    expect(l.tryAcquire(60)).toBe(true);
    expect(l.tryAcquire(250)).toBe(false);
  });

  it('throws on a release without an acquire (a bug, not an input error)', () => {
    const l = createInFlightLimiter(10);
    expect(() => l.release(1)).toThrow(/negative/);
  });
});
