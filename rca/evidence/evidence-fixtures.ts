/**
 * Test helpers for the store-backed scorers: a fresh migrated embedded
 * store per test file, row builders for spans, log records and gauge
 * points in the OTel exporter's shape, and a ScorerInput around them.
 */
import type { Anomaly, IncidentState, Indicator } from '../../correlator/index.ts';
import { KEEP_FOREVER, type Store } from '../../storage/index.ts';
import type { GaugeRow, LogRow, SpanRow } from '../../storage/otel-rows.ts';
import { logRowOf } from '../../storage/testing/log-row.ts';
import { spanRowOf } from '../../storage/testing/span-row.ts';
import { metricRowOf } from '../../storage/testing/metric-row.ts';
import { openMigratedStore, storeOptions, tempDir } from '../../storage/testing/test-store.ts';
import { entitiesOf } from '../frame-fixtures.ts';
import type { ScorerInput } from '../scorer.ts';

export const MINUTE = 60_000;

/** Fixture times are fixed dates: a TTL counted from today would drop them as they are inserted. */

export interface TestStore {
  readonly store: Store;
  insert(table: 'otel_traces' | 'otel_logs' | 'otel_metrics_gauge', rows: readonly object[]): Promise<void>;
  close(): Promise<void>;
}

export async function openTestStore(prefix: string): Promise<TestStore> {
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

const nanos = (millis: number) => (BigInt(Math.round(millis * 1000)) * 1000n).toString();
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

export const traceIdOf = (traceNo: number): string => hex(traceNo, 32);

export interface SpanSpec {
  /** Unique within the trace; 0 is the root. */
  readonly no: number;
  readonly parent?: number;
  readonly service: string;
  readonly name: string;
  readonly kind: string;
  readonly offsetMillis: number;
  readonly durationMillis: number;
  readonly status?: string;
  readonly attributes?: Record<string, string>;
  readonly resource?: Record<string, string>;
}

/** The spans of trace `traceNo` starting at `startMillis`. */
export function traceRows(traceNo: number, startMillis: number, specs: readonly SpanSpec[]): SpanRow[] {
  const spanId = (no: number) => hex(traceNo * 1000 + no + 1, 16);
  return specs.map((s) =>
    spanRowOf({
      Timestamp: nanos(startMillis + s.offsetMillis),
      TraceId: traceIdOf(traceNo),
      SpanId: spanId(s.no),
      ParentSpanId: s.parent === undefined ? '' : spanId(s.parent),
      SpanName: s.name,
      SpanKind: s.kind,
      ServiceName: s.service,
      ResourceAttributes: { 'service.name': s.service, ...s.resource },
      SpanAttributes: s.attributes ?? {},
      Duration: Math.round(s.durationMillis * 1_000_000),
      StatusCode: s.status ?? 'Unset',
    }),
  );
}

export interface LogSpec {
  readonly service: string;
  readonly timeMillis: number;
  readonly body: string;
  /** OTel severity number (9 INFO, 13 WARN, 17 ERROR); 0 = unset. */
  readonly severity?: number;
  readonly severityText?: string;
  readonly traceId?: string;
  readonly resource?: Record<string, string>;
}

export function logRow(l: LogSpec): LogRow {
  const severity = l.severity ?? 17;
  return logRowOf({
    Timestamp: nanos(l.timeMillis),
    TraceId: l.traceId ?? '',
    SeverityText: l.severityText ?? (severity >= 17 ? 'ERROR' : severity >= 13 ? 'WARN' : severity > 0 ? 'INFO' : ''),
    SeverityNumber: severity,
    ServiceName: l.service,
    Body: l.body,
    ResourceAttributes: { 'service.name': l.service, ...l.resource },
  });
}

export function gaugeRow(service: string, timeMillis: number, resource: Record<string, string>, value = 0.5): GaugeRow {
  return {
    ...metricRowOf({
      ServiceName: service,
      MetricName: 'container.cpu.utilization',
      MetricUnit: '1',
      ResourceAttributes: { 'service.name': service, ...resource },
      StartTimeUnix: nanos(timeMillis - MINUTE),
      TimeUnix: nanos(timeMillis),
    }),
    Value: value,
  };
}

export function anomalyOf(entity: string, indicator: Indicator, onsetMillis: number): Anomaly {
  return { entity, indicator, signal: `${indicator}_signal`, detector: 'robust-baseline', onsetMillis, score: 4, severity: 'critical', direction: 'up', evidence: {} };
}

export interface InputSpec {
  readonly store: Store;
  readonly candidates: readonly string[];
  readonly baselineFromMillis: number;
  readonly onsetMillis: number;
  readonly atMillis: number;
  readonly anomalies?: readonly Anomaly[];
}

/** A ScorerInput for an incident made of `anomalies`; the frame is empty (these scorers read the store). */
export function scorerInput(spec: InputSpec): ScorerInput {
  const anomalies = spec.anomalies ?? [];
  const incident: IncidentState = {
    id: 'inc-1',
    status: 'open',
    openedAtMillis: spec.onsetMillis,
    updatedAtMillis: spec.atMillis,
    anomalies,
    fingerprints: anomalies.map((a) => `${a.entity}|${a.indicator}|${a.signal}|${a.detector}`),
    entities: entitiesOf(anomalies),
    founders: entitiesOf(anomalies),
    severity: 'critical',
    priority: 'P2',
    services: new Set(anomalies.map((a) => a.entity)).size,
    causes: [],
  };
  return {
    context: { incident, frame: { fromMillis: spec.baselineFromMillis, stepSeconds: 60, buckets: 0, series: [] }, graph: undefined, store: spec.store, atMillis: spec.atMillis },
    candidates: spec.candidates,
    onsetMillis: spec.onsetMillis,
    baselineFromMillis: spec.baselineFromMillis,
  };
}
