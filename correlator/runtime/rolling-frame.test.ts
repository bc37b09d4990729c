import { describe, expect, it } from 'vitest';
import type { SignalFrame } from '../signals/signal-frame.ts';
import { createRollingFrame } from './rolling-frame.ts';

const T0 = Date.UTC(2026, 0, 1);
const STEP = 10_000;

/** One bucket holding `values` (series name -> value) for entity `svc`. */
function column(at: number, values: Record<string, number>): SignalFrame {
  return {
    fromMillis: at,
    stepSeconds: 10,
    buckets: 1,
    series: Object.entries(values).map(([name, v]) => ({ entity: 'svc', indicator: 'latency' as const, name, source: 'traces' as const, values: Float64Array.of(v) })),
  };
}

const valuesOf = (frame: ReturnType<typeof createRollingFrame>, name: string) => [...(frame.series().find((s) => s.name === name)?.values ?? [])];

describe('rolling frame', () => {
  it('keeps the newest buckets up to its capacity, oldest first, through many slides', () => {
    const frame = createRollingFrame(10, 4, T0);
    for (let i = 0; i < 23; i++) frame.append(T0 + i * STEP, column(T0 + i * STEP, { a: i }));
    expect(frame.buckets()).toBe(4);
    expect(frame.fromMillis()).toBe(T0 + 19 * STEP);
    expect(valuesOf(frame, 'a')).toEqual([19, 20, 21, 22]);
  });

  it('gives a series that appears later NaN before it, and series missing from a bucket NaN there', () => {
    const frame = createRollingFrame(10, 5, T0);
    frame.append(T0, column(T0, { a: 1 }));
    frame.append(T0 + STEP, column(T0 + STEP, { a: 2, b: 7 }));
    frame.append(T0 + 2 * STEP, column(T0 + 2 * STEP, { b: 8 }));
    expect(valuesOf(frame, 'a')).toEqual([1, 2, NaN]);
    expect(valuesOf(frame, 'b')).toEqual([NaN, 7, 8]);
    const copy = frame.snapshot();
    expect(copy.buckets).toBe(3);
    expect(copy.series.map((s) => s.name)).toEqual(['a', 'b']);
    frame.append(T0 + 3 * STEP, column(T0 + 3 * STEP, { a: 9 }));
    expect([...copy.series[0]!.values]).toEqual([1, 2, NaN]);
  });

  it('drops a series once the whole history holds no data of it', () => {
    const frame = createRollingFrame(10, 3, T0);
    frame.append(T0, column(T0, { a: 1, b: 1 }));
    for (let i = 1; i <= 3; i++) frame.append(T0 + i * STEP, column(T0 + i * STEP, { a: 1 }));
    expect(frame.series().map((s) => s.name)).toEqual(['a']);
  });

  it('refuses a bucket that does not follow the previous one', () => {
    const frame = createRollingFrame(10, 3, T0);
    frame.append(T0, column(T0, { a: 1 }));
    expect(() => frame.append(T0 + 2 * STEP, column(T0 + 2 * STEP, { a: 1 }))).toThrow(RangeError);
  });
});
