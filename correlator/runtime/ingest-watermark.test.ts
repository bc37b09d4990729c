import { describe, expect, it } from 'vitest';
import { createIngestWatermark } from './ingest-watermark.ts';

const NOW = Date.UTC(2026, 5, 1, 12);

describe('ingest watermark', () => {
  it('is the newest event time stored less the allowed lateness, and never goes back', () => {
    const w = createIngestWatermark({ allowedLatenessSeconds: 30, maxClockSkewSeconds: 10, nowMillis: () => NOW });
    expect(w.watermarkMillis()).toBeUndefined();
    w.observe(NOW - 120_000, NOW - 60_000);
    expect(w.watermarkMillis()).toBe(NOW - 90_000);
    w.observe(NOW - 300_000, NOW - 200_000);
    expect(w.watermarkMillis()).toBe(NOW - 90_000);
    expect(w.earliestMillis()).toBe(NOW - 300_000);
  });

  it('caps event time at the wall clock plus the allowed skew when rows arrive', () => {
    let now = NOW;
    const w = createIngestWatermark({ allowedLatenessSeconds: 30, maxClockSkewSeconds: 10, nowMillis: () => now });
    // A client whose clock is a year ahead.
    const future = NOW + 365 * 86_400_000;
    w.observe(future, future);
    expect(w.watermarkMillis()).toBe(NOW + 10_000 - 30_000);
    expect(w.earliestMillis()).toBe(NOW + 10_000);
    // Time passing does not let that row push further; new rows do, up to the new bound.
    now = NOW + 60_000;
    expect(w.watermarkMillis()).toBe(NOW + 10_000 - 30_000);
    w.observe(NOW + 50_000, NOW + 55_000);
    expect(w.watermarkMillis()).toBe(NOW + 55_000 - 30_000);
    w.observe(future, future);
    expect(w.watermarkMillis()).toBe(NOW + 70_000 - 30_000);
  });

  it('ignores times that are not numbers', () => {
    const w = createIngestWatermark({ allowedLatenessSeconds: 0, maxClockSkewSeconds: 0, nowMillis: () => NOW });
    w.observe(NaN, NaN);
    expect(w.watermarkMillis()).toBeUndefined();
  });
});
