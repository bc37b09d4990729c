import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../detect/anomaly.ts';
import type { SignalFrame } from '../signals/signal-frame.ts';
import { createRollingFrame } from './rolling-frame.ts';
import { withSpanSupport } from './span-support.ts';

const T0 = Date.UTC(2026, 0, 1);
const STEP = 10_000;

/** One bucket: `web`'s request rate from its spans, and a CPU metric. */
function column(at: number, requestsPerSecond: number): SignalFrame {
  return {
    fromMillis: at,
    stepSeconds: 10,
    buckets: 1,
    series: [
      { entity: 'web', indicator: 'traffic', name: 'request_rate', source: 'traces', values: Float64Array.of(requestsPerSecond) },
      { entity: 'web', indicator: 'cpu', name: 'container.cpu.utilization', source: 'metrics', values: Float64Array.of(0.2) },
    ],
  };
}

const anomaly = (entity: string, signal: string, onsetBucket: number): Anomaly => ({
  entity, indicator: signal.startsWith('latency') ? 'latency' : 'cpu', signal, detector: 'robust-baseline',
  onsetMillis: T0 + onsetBucket * STEP, score: 5, severity: 'critical', direction: 'up', evidence: { baseline: 20, observed: 180 },
});

describe('span support', () => {
  // web: 5 spans per bucket for six buckets, then 0.3/s (3 per bucket), with one empty bucket.
  const frame = createRollingFrame(10, 20, T0);
  [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.3, NaN, 0.3, 0.4].forEach((rate, i) => frame.append(T0 + i * STEP, column(T0 + i * STEP, rate)));

  it('gives a trace latency percentile the quantile and the median spans per bucket of its run so far', () => {
    const [p95, p50] = withSpanSupport([anomaly('web', 'latency_p95_ms', 6), anomaly('web', 'latency_p50_ms', 4)], frame);
    expect(p95!.evidence).toEqual({ baseline: 20, observed: 180, quantile: 0.95, spansPerBucket: 3 });
    // Buckets 4-9 hold 5, 5, 3, (none), 3, 4 spans: the median of the five with data is 4.
    expect(p50!.evidence).toMatchObject({ quantile: 0.5, spansPerBucket: 4 });
  });

  it('leaves other anomalies, and percentiles of an entity without span traffic, as they were', () => {
    const cpu = anomaly('web', 'container.cpu.utilization', 6);
    const elsewhere = anomaly('db', 'latency_p95_ms', 6);
    expect(withSpanSupport([cpu, elsewhere], frame)).toEqual([cpu, elsewhere]);
  });
});
