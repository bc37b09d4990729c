import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../detect/anomaly.ts';
import { createReportedAnomalies } from './reported-anomalies.ts';

const T0 = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;
const run = (onsetMinutes: number, severity: Anomaly['severity'], score = severity === 'critical' ? 4 : 2): Anomaly => ({
  entity: 'payment',
  indicator: 'log',
  signal: 'log_error_rate',
  detector: 'event-burst',
  onsetMillis: T0 + onsetMinutes * MINUTE,
  score,
  severity,
  direction: 'up',
  evidence: {},
});

describe('reported anomalies', () => {
  it('passes the first report of a run, and a later one only when it turned critical', () => {
    const reported = createReportedAnomalies(30 * MINUTE);
    expect(reported.fresh([run(0, 'warning')], T0 + MINUTE)).toHaveLength(1);
    expect(reported.fresh([run(0, 'warning', 2.5)], T0 + 2 * MINUTE)).toEqual([]);
    expect(reported.fresh([run(0, 'critical')], T0 + 3 * MINUTE)).toEqual([run(0, 'critical')]);
    expect(reported.fresh([run(0, 'critical', 6)], T0 + 4 * MINUTE)).toEqual([]);
    // A run critical from its first report is passed once.
    expect(reported.fresh([run(5, 'critical'), run(5, 'critical')], T0 + 6 * MINUTE)).toHaveLength(1);
    // Another onset of the same series is another run.
    expect(reported.fresh([run(8, 'warning')], T0 + 9 * MINUTE)).toHaveLength(1);
  });

  it('forgets a run nothing reported for the retention period', () => {
    const reported = createReportedAnomalies(10 * MINUTE);
    reported.fresh([run(0, 'critical')], T0);
    reported.fresh([run(15, 'warning')], T0 + 15 * MINUTE);
    expect(reported.size).toBe(1);
    expect(reported.fresh([run(0, 'critical')], T0 + 16 * MINUTE)).toHaveLength(1);
  });
});
