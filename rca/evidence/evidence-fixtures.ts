/**
 * Test helpers for the store-backed scorers (each opens its own store with
 * storage/testing/fixture-store.ts): row builders for spans and log records
 * in the OTel exporter's shape, and a ScorerInput around them.
 */
import type { Anomaly, IncidentState, Indicator } from '../../correlator/index.ts';
import type { Store } from '../../storage/index.ts';
import type { LogRow, SpanRow } from '../../storage/otel-rows.ts';
import { logRowOf } from '../../storage/testing/log-row.ts';
import { spanRowOf } from '../../storage/testing/span-row.ts';
import { nanosOf } from '../../storage/testing/fixture-store.ts';
import { entitiesOf } from '../frame-fixtures.ts';
import type { ScorerInput } from '../scorer.ts';

export const MINUTE = 60_000;

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
      Timestamp: nanosOf(startMillis + s.offsetMillis),
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
    Timestamp: nanosOf(l.timeMillis),
    TraceId: l.traceId ?? '',
    SeverityText: l.severityText ?? (severity >= 17 ? 'ERROR' : severity >= 13 ? 'WARN' : severity > 0 ? 'INFO' : ''),
    SeverityNumber: severity,
    ServiceName: l.service,
    Body: l.body,
    ResourceAttributes: { 'service.name': l.service, ...l.resource },
  });
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
