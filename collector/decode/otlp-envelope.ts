/**
 * The envelope every OTLP export request shares, named per signal:
 *
 *   Export<Signal>ServiceRequest { repeated Resource<Items> resource_<items> = 1; }
 *   Resource<Items> { Resource resource = 1; repeated Scope<Items> scope_<items> = 2; string schema_url = 3; }
 *   Scope<Items>    { InstrumentationScope scope = 1; repeated <Item> <items> = 2; string schema_url = 3; }
 *
 * (opentelemetry/proto/collector/{trace,logs,metrics}/v1/*_service.proto and
 * opentelemetry/proto/{trace,logs,metrics}/v1/*.proto). The items are spans,
 * log records or metrics. The protobuf and JSON walkers use these names for
 * item paths (`resourceSpans[0].scopeSpans[1].spans[3]`, the same on both
 * paths) and for wire-type errors (`ScopeSpans.spans`).
 */
import type { ResourceInfo, ScopeInfo } from './common-proto.ts';

/** What every item of one scope group shares; its attribute maps are shared by the group's rows. */
export interface ItemGroup {
  readonly resource: ResourceInfo;
  readonly resourceSchemaUrl: string;
  readonly scope: ScopeInfo;
  readonly scopeSchemaUrl: string;
}

export interface EnvelopeNames {
  readonly request: string;
  /** JSON (lowerCamelCase) names of the three repeated fields; also the item path segments. */
  readonly resourceGroupsKey: string;
  readonly scopeGroupsKey: string;
  readonly itemsKey: string;
  /** `Message.field` labels for protobuf wire-type errors. */
  readonly resourceGroupsField: string;
  readonly resourceField: string;
  readonly scopeGroupsField: string;
  readonly resourceSchemaUrlField: string;
  readonly scopeField: string;
  readonly itemsField: string;
  readonly scopeSchemaUrlField: string;
}

export const TRACES_ENVELOPE: EnvelopeNames = {
  request: 'ExportTraceServiceRequest',
  resourceGroupsKey: 'resourceSpans',
  scopeGroupsKey: 'scopeSpans',
  itemsKey: 'spans',
  resourceGroupsField: 'ExportTraceServiceRequest.resource_spans',
  resourceField: 'ResourceSpans.resource',
  scopeGroupsField: 'ResourceSpans.scope_spans',
  resourceSchemaUrlField: 'ResourceSpans.schema_url',
  scopeField: 'ScopeSpans.scope',
  itemsField: 'ScopeSpans.spans',
  scopeSchemaUrlField: 'ScopeSpans.schema_url',
};

export const LOGS_ENVELOPE: EnvelopeNames = {
  request: 'ExportLogsServiceRequest',
  resourceGroupsKey: 'resourceLogs',
  scopeGroupsKey: 'scopeLogs',
  itemsKey: 'logRecords',
  resourceGroupsField: 'ExportLogsServiceRequest.resource_logs',
  resourceField: 'ResourceLogs.resource',
  scopeGroupsField: 'ResourceLogs.scope_logs',
  resourceSchemaUrlField: 'ResourceLogs.schema_url',
  scopeField: 'ScopeLogs.scope',
  itemsField: 'ScopeLogs.log_records',
  scopeSchemaUrlField: 'ScopeLogs.schema_url',
};

export const METRICS_ENVELOPE: EnvelopeNames = {
  request: 'ExportMetricsServiceRequest',
  resourceGroupsKey: 'resourceMetrics',
  scopeGroupsKey: 'scopeMetrics',
  itemsKey: 'metrics',
  resourceGroupsField: 'ExportMetricsServiceRequest.resource_metrics',
  resourceField: 'ResourceMetrics.resource',
  scopeGroupsField: 'ResourceMetrics.scope_metrics',
  resourceSchemaUrlField: 'ResourceMetrics.schema_url',
  scopeField: 'ScopeMetrics.scope',
  itemsField: 'ScopeMetrics.metrics',
  scopeSchemaUrlField: 'ScopeMetrics.schema_url',
};

/** Text for an unexpected error caught at a decoder's top (RangeError and the like). */
export function describeCaught(e: unknown): string {
  if (e instanceof Error) return e.name === 'Error' ? e.message : `${e.name}: ${e.message}`;
  return String(e);
}
