import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../detect/anomaly.ts';
import { isEnoughToOpen, isFounding } from './opening-evidence.ts';

const OPTIONS = { minAnomalies: 2, statisticalDetectors: ['robust-baseline', 'cusum'], corroboratingDetectors: ['cusum'], loneFoldChange: 3, memoryLoneFoldChange: 2 };

const latency = (signal: string, evidence: Anomaly['evidence'], detector = 'robust-baseline'): Anomaly => ({
  entity: 'web', indicator: 'latency', signal, detector, onsetMillis: 0, score: 9, severity: 'critical', direction: 'up', evidence,
});

describe('opening evidence', () => {
  it('opens on one critical statistical anomaly only when the value moved loneFoldChange-fold', () => {
    expect(isEnoughToOpen([latency('latency_p95_ms', { baseline: 24, observed: 180 })], OPTIONS)).toBe(true);
    expect(isEnoughToOpen([latency('latency_p95_ms', { baseline: 24, observed: 60 })], OPTIONS)).toBe(false);
    expect(isEnoughToOpen([latency('latency_p95_ms', { baseline: 24, observed: 180 }, 'cusum')], OPTIONS)).toBe(false);
  });

  it("opens on a corroborating detector's critical anomaly once another detector saw the same series move the same way", () => {
    // A service that logged no errors logs 18 a minute: the change point is critical, the robust baseline only warns (its spread is floored).
    const errorLogs = (detector: string, severity: Anomaly['severity'], direction: Anomaly['direction'] = 'up', signal = 'log_error_rate'): Anomaly => ({
      entity: 'email', indicator: 'log', signal, detector, onsetMillis: 0, score: severity === 'critical' ? 8.7 : 2.5, severity, direction, evidence: { baseline: 0, observed: 0.3 },
    });
    expect(isEnoughToOpen([errorLogs('cusum', 'critical')], OPTIONS)).toBe(false);
    expect(isEnoughToOpen([errorLogs('robust-baseline', 'warning')], OPTIONS)).toBe(false);
    expect(isEnoughToOpen([errorLogs('cusum', 'critical'), errorLogs('robust-baseline', 'warning')], OPTIONS)).toBe(true);
    // Not confirmed by a move the other way, nor by another series of the service.
    expect(isEnoughToOpen([errorLogs('cusum', 'critical'), errorLogs('robust-baseline', 'warning', 'down')], OPTIONS)).toBe(false);
    expect(isEnoughToOpen([errorLogs('cusum', 'critical'), errorLogs('robust-baseline', 'warning', 'up', 'log_records_rate')], OPTIONS)).toBe(false);
    // Confirmed, it still has to pass the fold change a lone statistical anomaly needs.
    const small = { ...errorLogs('cusum', 'critical'), evidence: { baseline: 0.2, observed: 0.3 } };
    expect(isEnoughToOpen([small, errorLogs('robust-baseline', 'warning')], OPTIONS)).toBe(false);
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

  it("opens on a critical rise of errors right after the service's own deployment, whatever the detector or fold", () => {
    const deployed = { deployedAtMillis: -60_000, deployChange: 'service.version 2.0 -> 2.1' };
    // A few more errors a minute on a service that had some, found by the change point alone: nothing confirms it but the deployment.
    const errors = (evidence: Anomaly['evidence'], severity: Anomaly['severity'] = 'critical'): Anomaly => ({
      entity: 'billing', indicator: 'errors', signal: 'error_rate', detector: 'cusum', onsetMillis: 0, score: 5, severity, direction: 'up', evidence,
    });
    expect(isEnoughToOpen([errors({ baseline: 0.02, observed: 0.05 })], OPTIONS)).toBe(false);
    expect(isEnoughToOpen([errors({ baseline: 0.02, observed: 0.05, ...deployed })], OPTIONS)).toBe(true);
    expect(isEnoughToOpen([errors({ baseline: 0.02, observed: 0.05, ...deployed }, 'warning')], OPTIONS)).toBe(false);
    // An error rate 2.5 times as high after a release, seen by the robust baseline: short of the fold a lone finding needs (3 here), enough after a deployment.
    const robust = (evidence: Anomaly['evidence']): Anomaly => ({ ...errors(evidence), detector: 'robust-baseline' });
    expect(isEnoughToOpen([robust({ baseline: 0.02, observed: 0.05 })], OPTIONS)).toBe(false);
    expect(isEnoughToOpen([robust({ baseline: 0.02, observed: 0.05, ...deployed })], OPTIONS)).toBe(true);
    // Marked or not, a tail percentile of a few spans is still their slowest one.
    expect(isEnoughToOpen([latency('latency_p95_ms', { baseline: 15, observed: 180, quantile: 0.95, spansPerBucket: 4, ...deployed })], OPTIONS)).toBe(false);
    expect(isFounding(errors({ ...deployed }), OPTIONS)).toBe(true);
    expect(isFounding(errors({}), OPTIONS)).toBe(false);
  });

  it('opens on memory that doubled: a container seldom has room to triple it', () => {
    const memory = (observed: number): Anomaly => ({
      entity: 'cart', indicator: 'mem', signal: 'container.memory.usage', detector: 'robust-baseline', onsetMillis: 0, score: 6, severity: 'critical', direction: 'up', evidence: { baseline: 370e6, observed },
    });
    expect(isEnoughToOpen([memory(740e6)], OPTIONS)).toBe(true);
    expect(isEnoughToOpen([memory(600e6)], OPTIONS)).toBe(false);
    // Other indicators keep loneFoldChange.
    expect(isEnoughToOpen([{ ...memory(740e6), indicator: 'cpu', signal: 'container.cpu.utilization' }], OPTIONS)).toBe(false);
  });
});
