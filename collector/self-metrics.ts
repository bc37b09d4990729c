/**
 * The collector's own metrics, through the OpenTelemetry API. They cost
 * nothing when no SDK is configured (the API's no-op meter) and are exported
 * like any application's when `OTEL_*` variables configure the SDK.
 */
import { metrics } from '@opentelemetry/api';
import type { Signal } from './decode/decoded-request.ts';

export type Transport = 'grpc' | 'http';

export interface IngestMetrics {
  received(signal: Signal, transport: Transport, items: number): void;
  accepted(signal: Signal, transport: Transport, items: number): void;
  refused(signal: Signal, transport: Transport, items: number, reason: string): void;
  inserted(table: string, rows: number, millis: number, ok: boolean): void;
}

export function createIngestMetrics(inFlightBytes: () => number): IngestMetrics {
  const meter = metrics.getMeter('causeway.collector');
  const received = meter.createCounter('causeway.ingest.items.received', { description: 'Spans, data points and log records decoded from requests.' });
  const accepted = meter.createCounter('causeway.ingest.items.accepted', { description: 'Items stored and acknowledged.' });
  const refused = meter.createCounter('causeway.ingest.items.refused', { description: 'Items refused, by reason.' });
  const batchRows = meter.createHistogram('causeway.ingest.batch.rows', { description: 'Rows per insert.', unit: '{row}' });
  const writeLatency = meter.createHistogram('causeway.storage.write.duration', { description: 'Insert latency.', unit: 'ms' });
  meter
    .createObservableGauge('causeway.ingest.inflight.bytes', { description: 'Request bytes received and not yet answered.', unit: 'By' })
    .addCallback((r) => r.observe(inFlightBytes()));
  return {
    received: (signal, transport, n) => received.add(n, { signal, transport }),
    accepted: (signal, transport, n) => accepted.add(n, { signal, transport }),
    refused: (signal, transport, n, reason) => refused.add(n, { signal, transport, reason }),
    inserted(table, rows, millis, ok) {
      batchRows.record(rows, { table });
      writeLatency.record(millis, { table, outcome: ok ? 'ok' : 'error' });
    },
  };
}
