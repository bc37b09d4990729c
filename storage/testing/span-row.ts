/**
 * A full `otel_traces` row from the fields a test cares about: every other
 * column gets its empty value (no events or links, status Unset, no scope),
 * so fixtures state only what they mean.
 */
import type { SpanRow } from '../otel-rows.ts';

export type SpanRowFields = Pick<SpanRow, 'Timestamp' | 'TraceId' | 'SpanId' | 'ServiceName'> & Partial<SpanRow>;

export function spanRowOf(fields: SpanRowFields): SpanRow {
  return {
    ParentSpanId: '',
    TraceState: '',
    SpanName: '',
    SpanKind: 'Unspecified',
    ResourceAttributes: { 'service.name': fields.ServiceName },
    ScopeName: '',
    ScopeVersion: '',
    SpanAttributes: {},
    Duration: 0,
    StatusCode: 'Unset',
    StatusMessage: '',
    'Events.Timestamp': [],
    'Events.Name': [],
    'Events.Attributes': [],
    'Links.TraceId': [],
    'Links.SpanId': [],
    'Links.TraceState': [],
    'Links.Attributes': [],
    ...fields,
  };
}
