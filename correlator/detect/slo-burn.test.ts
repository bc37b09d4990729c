import { describe, expect, it } from 'vitest';
import { createSloBurnDetector } from './slo-burn.ts';
import { T0, input, seededRandom } from './test-series.ts';

const MIN = 60_000;
const HOURS = 12;

/** Error ratio per minute: a background rate with jitter, plus `extra` inside [from, to). */
function errorRatio(background: number, extra: number, from: number, to: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  return Float64Array.from({ length: HOURS * 60 }, (_, i) => background * (0.5 + random()) + (i >= from && i < to ? extra : 0));
}

const availability = createSloBurnDetector({ objective: 0.999 });

describe('SLO burn rate', () => {
  it('does not alert on a healthy service burning under budget', () => {
    expect(availability.detect(input(errorRatio(0.0005, 0, 0, 0, 21), 'errors'))).toEqual([]);
  });

  it('pages on a fast burn (2% errors = 20x) once the 1 h window has absorbed it, and inhibits the ticket', () => {
    // From 8 h: 2% errors for 90 minutes. 1 h burn crosses 14.4 after ~43 min.
    const found = availability.detect(input(errorRatio(0.0005, 0.02, 480, 570, 22), 'errors'));
    expect(found.map((a) => [a.severity, a.evidence.tier])).toEqual([['critical', 'page']]);
    const page = found[0]!;
    expect(page.onsetMillis).toBeGreaterThan(T0 + 480 * MIN + 35 * MIN);
    expect(page.onsetMillis).toBeLessThan(T0 + 480 * MIN + 50 * MIN);
    expect(page.score).toBeGreaterThanOrEqual(1);
    // Stops within the short window (5 min) of recovery.
    expect(page.evidence.endMillis).toBeLessThanOrEqual(T0 + 575 * MIN);
  });

  it('tickets (but does not page) a slow burn of 8x sustained for hours', () => {
    const found = availability.detect(input(errorRatio(0.0005, 0.0075, 240, 720, 23), 'errors'));
    expect(found.map((a) => [a.severity, a.evidence.tier])).toEqual([['warning', 'ticket']]);
    expect(found[0]!.evidence.longBurnRate).toBeGreaterThan(6);
  });

  it('does not alert on a short spike the long window dilutes', () => {
    // 10 minutes at 5%: 5 m burn is 50x, but 1 h burn only ~9x.
    expect(availability.detect(input(errorRatio(0.0005, 0.05, 300, 310, 24), 'errors'))).toEqual([]);
  });

  it('applies to latency objectives on the share of slow requests, with scaled windows', () => {
    // 99% of requests under 300 ms; windows scaled down 12x (1 h -> 5 min, 5 min -> 25 s).
    const latency = createSloBurnDetector({ objective: 0.99, kind: 'latency', latencyThresholdMillis: 300, windowScale: 1 / 12 });
    const values = errorRatio(0.002, 0.3, 100, 115, 25);
    const found = latency.detect(input(values, 'latency', 60, 'slow_ratio_300ms'));
    expect(found.length).toBe(1);
    expect(found[0]!.evidence.kind).toBe('latency');
    expect(found[0]!.severity).toBe('critical');
    expect(Math.abs(found[0]!.onsetMillis - (T0 + 100 * MIN))).toBeLessThanOrEqual(5 * MIN);
  });
});
