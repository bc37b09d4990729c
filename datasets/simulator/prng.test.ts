import { describe, expect, it } from 'vitest';
import { createRng } from './prng.ts';

describe('createRng', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = createRng('seed-1');
    const b = createRng('seed-1');
    const c = createRng('seed-2');
    const xs = Array.from({ length: 50 }, () => a.next());
    expect(Array.from({ length: 50 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 50 }, () => c.next())).not.toEqual(xs);
  });

  it('forks streams from the seed and label only, not from draws made before', () => {
    const a = createRng('s');
    const b = createRng('s');
    for (let i = 0; i < 100; i++) b.next();
    expect(a.fork('x').hex(16)).toBe(b.fork('x').hex(16));
    expect(a.fork('x').hex(16)).not.toBe(a.fork('y').hex(16));
  });

  it('draws within range and with the requested distribution', () => {
    const r = createRng('dist');
    const n = 20_000;
    let sum = 0;
    let poisson = 0;
    const ints = new Set<number>();
    for (let i = 0; i < n; i++) {
      const x = r.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      sum += r.normal();
      poisson += r.poisson(3.5);
      ints.add(r.int(6));
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.05);
    expect(poisson / n).toBeGreaterThan(3.3);
    expect(poisson / n).toBeLessThan(3.7);
    expect([...ints].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(r.logNormal(10, 0)).toBe(10);
  });

  it('makes hex ids of the requested length that are never all zero', () => {
    const r = createRng('ids');
    for (let i = 0; i < 100; i++) {
      expect(r.hex(16)).toMatch(/^[0-9a-f]{32}$/);
      expect(r.hex(8)).toMatch(/^[0-9a-f]{16}$/);
    }
  });
});
