import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../detect/anomaly.ts';
import { isEnoughToOpen } from './opening-evidence.ts';

const OPTIONS = { minAnomalies: 2, statisticalDetectors: ['robust-baseline', 'cusum'], corroboratingDetectors: ['cusum'], loneFoldChange: 3 };

const latency = (signal: string, evidence: Anomaly['evidence'], detector = 'robust-baseline'): Anomaly => ({
  entity: 'web', indicator: 'latency', signal, detector, onsetMillis: 0, score: 9, severity: 'critical', direction: 'up', evidence,
});

describe('opening evidence', () => {
  it('opens on one critical statistical anomaly only when the value moved loneFoldChange-fold', () => {
    expect(isEnoughToOpen([latency('latency_p95_ms', { baseline: 24, observed: 180 })], OPTIONS)).toBe(true);
    expect(isEnoughToOpen([latency('latency_p95_ms', { baseline: 24, observed: 60 })], OPTIONS)).toBe(false);
    expect(isEnoughToOpen([latency('latency_p95_ms', { baseline: 24, observed: 180 }, 'cusum')], OPTIONS)).toBe(false);
  });

  it('does not open on a tail percentile of so few spans that it is their slowest one', () => {
    const moved = { baseline: 24, observed: 180 };
    // A 95th percentile needs 20 spans per bucket, a 99th 100, a median 2, to be more than the maximum.
    expect(isEnoughToOpen([latency('latency_p95_ms', { ...moved, quantile: 0.95, spansPerBucket: 4 })], OPTIONS)).toBe(false);
    expect(isEnoughToOpen([latency('latency_p95_ms', { ...moved, quantile: 0.95, spansPerBucket: 20 })], OPTIONS)).toBe(true);
    expect(isEnoughToOpen([latency('latency_p99_ms', { ...moved, quantile: 0.99, spansPerBucket: 40 })], OPTIONS)).toBe(false);
    expect(isEnoughToOpen([latency('latency_p50_ms', { ...moved, quantile: 0.5, spansPerBucket: 4 })], OPTIONS)).toBe(true);
    expect(isEnoughToOpen([latency('latency_p50_ms', { ...moved, quantile: 0.5, spansPerBucket: 1 })], OPTIONS)).toBe(false);
    // With a second finding the group opens as any other would.
    const other: Anomaly = { ...latency('error_rate', { baseline: 0, observed: 0.2 }), entity: 'api', indicator: 'errors', severity: 'warning' };
    expect(isEnoughToOpen([latency('latency_p95_ms', { ...moved, quantile: 0.95, spansPerBucket: 4 }), other], OPTIONS)).toBe(true);
  });
});
