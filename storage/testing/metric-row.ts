/**
 * The columns every `otel_metrics_*` row has (MetricRowBase and the
 * exemplars) from the fields a test cares about: every other column gets its
 * empty value (no scope, no attributes, no exemplars, start time 0), so
 * fixtures state only what they mean. Add the kind's own columns (`Value`,
 * `Sum`, ...) beside it.
 */
import type { ExemplarColumns, MetricRowBase } from '../otel-rows.ts';

export type MetricRowFields = Pick<MetricRowBase, 'ServiceName' | 'MetricName' | 'TimeUnix'> & Partial<MetricRowBase & ExemplarColumns>;

export function metricRowOf(fields: MetricRowFields): MetricRowBase & ExemplarColumns {
  return {
    ResourceAttributes: { 'service.name': fields.ServiceName },
    ResourceSchemaUrl: '',
    ScopeName: '',
    ScopeVersion: '',
    ScopeAttributes: {},
    ScopeDroppedAttrCount: 0,
    ScopeSchemaUrl: '',
    MetricDescription: '',
    MetricUnit: '',
    Attributes: {},
    StartTimeUnix: '0',
    Flags: 0,
    'Exemplars.FilteredAttributes': [],
    'Exemplars.TimeUnix': [],
    'Exemplars.Value': [],
    'Exemplars.SpanId': [],
    'Exemplars.TraceId': [],
    ...fields,
  };
}
