import { describe, expect, it } from 'vitest';
import { millisPerLatencyUnit } from './latency-unit.ts';

describe('millisPerLatencyUnit', () => {
  it('converts UCUM time units to milliseconds, taking an empty or unknown unit as milliseconds', () => {
    expect(['s', 'ms', 'us', 'ns', 'min', '', '{request}'].map(millisPerLatencyUnit)).toEqual([1000, 1, 1e-3, 1e-6, 60_000, 1, 1]);
  });
});
