/**
 * A fresh migrated embedded store in its own temporary folder, for tests
 * that insert exporter-shaped rows and read them back (scorers, deploy
 * markers), and a gauge point builder for resource-attribute fixtures.
 * Failures throw: a test cannot go on without its store.
 */
import type { GaugeRow } from '../otel-rows.ts';
import { KEEP_FOREVER } from '../schema/ttl.ts';
import type { Store } from '../store.ts';
import { metricRowOf } from './metric-row.ts';
import { openMigratedStore, storeOptions, tempDir } from './test-store.ts';

export interface FixtureStore {
  readonly store: Store;
  insert(table: 'otel_traces' | 'otel_logs' | 'otel_metrics_gauge', rows: readonly object[]): Promise<void>;
  close(): Promise<void>;
}

/** Fixture times are fixed dates: the store keeps everything, since a TTL counted from today would drop them as they are inserted. */
export async function openFixtureStore(prefix: string): Promise<FixtureStore> {
  const dir = tempDir(prefix);
  const store = await openMigratedStore(storeOptions({ dataDir: dir.path, retention: KEEP_FOREVER }));
  return {
    store,
    async insert(table, rows) {
      const r = await store.insertRows(table, rows);
      if (!r.ok) throw new Error(r.error.message);
    },
    async close() {
      await store.close();
      dir.remove();
    },
  };
}

/** Nanoseconds since the epoch as the exporter's decimal string. */
export const nanosOf = (millis: number): string => (BigInt(Math.round(millis * 1000)) * 1000n).toString();

/** One CPU gauge point of `service` at `timeMillis` whose resource also carries `resource` (deploy markers, pod names). */
export function gaugeRowAt(service: string, timeMillis: number, resource: Record<string, string>, value = 0.5): GaugeRow {
  return {
    ...metricRowOf({
      ServiceName: service,
      MetricName: 'container.cpu.utilization',
      MetricUnit: '1',
      ResourceAttributes: { 'service.name': service, ...resource },
      StartTimeUnix: nanosOf(timeMillis - 60_000),
      TimeUnix: nanosOf(timeMillis),
    }),
    Value: value,
  };
}
