/**
 * The correlator runtime's own metrics, through the OpenTelemetry API: free
 * when no SDK is configured, exported like any application's when `OTEL_*`
 * variables configure one (cli/self-telemetry.ts).
 */
import { metrics } from '@opentelemetry/api';

export interface RuntimeMetrics {
  /** One closed window: its wall-clock cost and what it produced. */
  windowClosed(millis: number, anomalies: number, events: number): void;
}

export function createRuntimeMetrics(): RuntimeMetrics {
  const meter = metrics.getMeter('causeway.correlator');
  const duration = meter.createHistogram('causeway.correlator.window.duration', { description: 'Wall-clock time to close one event-time window.', unit: 'ms' });
  const anomalies = meter.createCounter('causeway.correlator.anomalies', { description: 'Anomalies taken (after warm-up and de-duplication).' });
  const events = meter.createCounter('causeway.correlator.incident.events', { description: 'Incident events emitted.' });
  return {
    windowClosed(millis, taken, emitted) {
      duration.record(millis);
      anomalies.add(taken);
      events.add(emitted);
    },
  };
}

/** Event-time lag of a live correlator: how far the last closed window trails the watermark. */
export function observeCorrelatorLag(lagMillis: () => number | undefined): void {
  metrics
    .getMeter('causeway.correlator')
    .createObservableGauge('causeway.correlator.lag', { description: 'Watermark less the end of the last closed window.', unit: 'ms' })
    .addCallback((r) => {
      const lag = lagMillis();
      if (lag !== undefined) r.observe(lag);
    });
}
