/**
 * A full `otel_logs` row from the fields a test cares about: every other
 * column gets its empty value (no trace, no scope, no attributes beyond the
 * resource's service name), so fixtures state only what they mean.
 */
import type { LogRow } from '../otel-rows.ts';

export type LogRowFields = Pick<LogRow, 'Timestamp' | 'ServiceName' | 'Body'> & Partial<LogRow>;

export function logRowOf(fields: LogRowFields): LogRow {
  return {
    TraceId: '',
    SpanId: '',
    TraceFlags: 0,
    SeverityText: '',
    SeverityNumber: 0,
    ResourceSchemaUrl: '',
    ResourceAttributes: { 'service.name': fields.ServiceName },
    ScopeSchemaUrl: '',
    ScopeName: '',
    ScopeVersion: '',
    ScopeAttributes: {},
    LogAttributes: {},
    EventName: '',
    ...fields,
  };
}
