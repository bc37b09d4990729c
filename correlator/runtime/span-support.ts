/**
 * How many spans back a latency percentile anomaly. A percentile read from
 * traces is computed per bucket from that bucket's spans; on a service that
 * answers a request or two per bucket, its 95th percentile is simply its
 * slowest span, and one slow request moves it as far as a real shift
 * would. The incident grouper (opening-evidence.ts) therefore needs the
 * sample size behind such an anomaly, which only the frame knows.
 *
 * Each anomaly on a trace latency percentile gets `evidence.quantile` and
 * `evidence.spansPerBucket`: the median spans per bucket of its entity over
 * the run so far (from the anomaly's onset to the newest bucket). Other
 * anomalies pass unchanged.
 */
import type { Anomaly } from '../detect/anomaly.ts';
import { medianOf } from '../detect/robust-stats.ts';
import { TRACE_LATENCY_QUANTILES, TRACE_REQUEST_RATE } from '../signals/index.ts';
import type { RollingFrame } from './rolling-frame.ts';

export function withSpanSupport(anomalies: readonly Anomaly[], frame: RollingFrame): Anomaly[] {
  if (!anomalies.some((a) => TRACE_LATENCY_QUANTILES.has(a.signal))) return [...anomalies];
  const rates = new Map<string, Float64Array>();
  for (const s of frame.series()) if (s.source === 'traces' && s.name === TRACE_REQUEST_RATE) rates.set(s.entity, s.values);
  const stepMillis = frame.stepSeconds * 1000;
  return anomalies.map((a) => {
    const quantile = TRACE_LATENCY_QUANTILES.get(a.signal);
    const values = rates.get(a.entity);
    if (quantile === undefined || values === undefined) return a;
    const first = Math.max(0, Math.floor((a.onsetMillis - frame.fromMillis()) / stepMillis));
    const perSecond = medianOf(values.subarray(first, frame.buckets()));
    if (Number.isNaN(perSecond)) return a;
    return { ...a, evidence: { ...a.evidence, quantile, spansPerBucket: perSecond * frame.stepSeconds } };
  });
}
