/**
 * The OTLP protobuf messages a replay encodes and the responses it decodes,
 * as protobufjs descriptors. Field numbers and types are those of the OTLP
 * .proto files (opentelemetry-proto v1: common/v1/common.proto,
 * resource/v1/resource.proto, trace/v1/trace.proto, metrics/v1/metrics.proto,
 * logs/v1/logs.proto, collector/<signal>/v1/<signal>_service.proto) and of
 * google/rpc/status.proto, error_details.proto and protobuf/any.proto,
 * duration.proto. The collector's decoders (collector/decode/*-proto.ts) read
 * the same numbers.
 *
 * Messages live in one namespace under short names: only numbers and types
 * go on the wire, and the replay sends raw bytes (no reflection by name).
 * Field names are the lowerCamelCase names of OTLP/JSON, so a parsed line
 * maps onto them directly (ids aside: see otlp-json-to-proto.ts).
 */
import protobuf from 'protobufjs';

type Fields = Record<string, { type: string; id: number; rule?: 'repeated'; options?: Record<string, boolean> }>;
type Oneofs = Record<string, { oneof: string[] }>;

const repeated = (type: string, id: number) => ({ type, id, rule: 'repeated' as const });

/**
 * A proto3 `optional double` (explicit presence): it is encoded whenever the
 * JSON has it, 0 included, where a plain proto3 field equal to 0 would be
 * left out. Represented as protoc does, with a synthetic one-field oneof.
 */
const optionalDouble = (id: number) => ({ type: 'double', id, options: { proto3_optional: true } });
const optionalOneofs = (...names: string[]): Oneofs => Object.fromEntries(names.map((n) => [`_${n}`, { oneof: [n] }]));

const enums = {
  SpanKind: { values: { SPAN_KIND_UNSPECIFIED: 0, SPAN_KIND_INTERNAL: 1, SPAN_KIND_SERVER: 2, SPAN_KIND_CLIENT: 3, SPAN_KIND_PRODUCER: 4, SPAN_KIND_CONSUMER: 5 } },
  StatusCode: { values: { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 } },
  AggregationTemporality: {
    values: { AGGREGATION_TEMPORALITY_UNSPECIFIED: 0, AGGREGATION_TEMPORALITY_DELTA: 1, AGGREGATION_TEMPORALITY_CUMULATIVE: 2 },
  },
  SeverityNumber: {
    values: Object.fromEntries(
      ['UNSPECIFIED', ...['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].flatMap((s) => [s, `${s}2`, `${s}3`, `${s}4`])].map((name, i) => [
        `SEVERITY_NUMBER_${name}`,
        i,
      ]),
    ),
  },
};

/**
 * Oneof members have explicit presence too: `{"asInt": "0"}` or
 * `{"intValue": "0"}` must be encoded, or the point or attribute would lose
 * its value.
 */
const messages: Record<string, { fields: Fields; oneofs?: Oneofs }> = {
  // common/v1/common.proto
  AnyValue: {
    oneofs: { value: { oneof: ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'] } },
    fields: {
      stringValue: { type: 'string', id: 1 },
      boolValue: { type: 'bool', id: 2 },
      intValue: { type: 'int64', id: 3 },
      doubleValue: { type: 'double', id: 4 },
      arrayValue: { type: 'ArrayValue', id: 5 },
      kvlistValue: { type: 'KeyValueList', id: 6 },
      bytesValue: { type: 'bytes', id: 7 },
    },
  },
  ArrayValue: { fields: { values: repeated('AnyValue', 1) } },
  KeyValueList: { fields: { values: repeated('KeyValue', 1) } },
  KeyValue: { fields: { key: { type: 'string', id: 1 }, value: { type: 'AnyValue', id: 2 } } },
  InstrumentationScope: {
    fields: {
      name: { type: 'string', id: 1 },
      version: { type: 'string', id: 2 },
      attributes: repeated('KeyValue', 3),
      droppedAttributesCount: { type: 'uint32', id: 4 },
    },
  },
  // resource/v1/resource.proto
  Resource: { fields: { attributes: repeated('KeyValue', 1), droppedAttributesCount: { type: 'uint32', id: 2 } } },

  // trace/v1/trace.proto
  ResourceSpans: { fields: { resource: { type: 'Resource', id: 1 }, scopeSpans: repeated('ScopeSpans', 2), schemaUrl: { type: 'string', id: 3 } } },
  ScopeSpans: { fields: { scope: { type: 'InstrumentationScope', id: 1 }, spans: repeated('Span', 2), schemaUrl: { type: 'string', id: 3 } } },
  Span: {
    fields: {
      traceId: { type: 'bytes', id: 1 },
      spanId: { type: 'bytes', id: 2 },
      traceState: { type: 'string', id: 3 },
      parentSpanId: { type: 'bytes', id: 4 },
      flags: { type: 'fixed32', id: 16 },
      name: { type: 'string', id: 5 },
      kind: { type: 'SpanKind', id: 6 },
      startTimeUnixNano: { type: 'fixed64', id: 7 },
      endTimeUnixNano: { type: 'fixed64', id: 8 },
      attributes: repeated('KeyValue', 9),
      droppedAttributesCount: { type: 'uint32', id: 10 },
      events: repeated('SpanEvent', 11),
      droppedEventsCount: { type: 'uint32', id: 12 },
      links: repeated('SpanLink', 13),
      droppedLinksCount: { type: 'uint32', id: 14 },
      status: { type: 'Status', id: 15 },
    },
  },
  SpanEvent: {
    fields: {
      timeUnixNano: { type: 'fixed64', id: 1 },
      name: { type: 'string', id: 2 },
      attributes: repeated('KeyValue', 3),
      droppedAttributesCount: { type: 'uint32', id: 4 },
    },
  },
  SpanLink: {
    fields: {
      traceId: { type: 'bytes', id: 1 },
      spanId: { type: 'bytes', id: 2 },
      traceState: { type: 'string', id: 3 },
      attributes: repeated('KeyValue', 4),
      droppedAttributesCount: { type: 'uint32', id: 5 },
      flags: { type: 'fixed32', id: 6 },
    },
  },
  // Field 1 is reserved (the removed deprecated_code).
  Status: { fields: { message: { type: 'string', id: 2 }, code: { type: 'StatusCode', id: 3 } } },

  // metrics/v1/metrics.proto
  ResourceMetrics: { fields: { resource: { type: 'Resource', id: 1 }, scopeMetrics: repeated('ScopeMetrics', 2), schemaUrl: { type: 'string', id: 3 } } },
  ScopeMetrics: { fields: { scope: { type: 'InstrumentationScope', id: 1 }, metrics: repeated('Metric', 2), schemaUrl: { type: 'string', id: 3 } } },
  Metric: {
    oneofs: { data: { oneof: ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] } },
    fields: {
      name: { type: 'string', id: 1 },
      description: { type: 'string', id: 2 },
      unit: { type: 'string', id: 3 },
      gauge: { type: 'Gauge', id: 5 },
      sum: { type: 'Sum', id: 7 },
      histogram: { type: 'Histogram', id: 9 },
      exponentialHistogram: { type: 'ExponentialHistogram', id: 10 },
      summary: { type: 'Summary', id: 11 },
      metadata: repeated('KeyValue', 12),
    },
  },
  Gauge: { fields: { dataPoints: repeated('NumberDataPoint', 1) } },
  Sum: {
    fields: {
      dataPoints: repeated('NumberDataPoint', 1),
      aggregationTemporality: { type: 'AggregationTemporality', id: 2 },
      isMonotonic: { type: 'bool', id: 3 },
    },
  },
  Histogram: { fields: { dataPoints: repeated('HistogramDataPoint', 1), aggregationTemporality: { type: 'AggregationTemporality', id: 2 } } },
  ExponentialHistogram: {
    fields: { dataPoints: repeated('ExponentialHistogramDataPoint', 1), aggregationTemporality: { type: 'AggregationTemporality', id: 2 } },
  },
  Summary: { fields: { dataPoints: repeated('SummaryDataPoint', 1) } },
  NumberDataPoint: {
    oneofs: { value: { oneof: ['asDouble', 'asInt'] } },
    fields: {
      attributes: repeated('KeyValue', 7),
      startTimeUnixNano: { type: 'fixed64', id: 2 },
      timeUnixNano: { type: 'fixed64', id: 3 },
      asDouble: { type: 'double', id: 4 },
      asInt: { type: 'sfixed64', id: 6 },
      exemplars: repeated('Exemplar', 5),
      flags: { type: 'uint32', id: 8 },
    },
  },
  HistogramDataPoint: {
    oneofs: optionalOneofs('sum', 'min', 'max'),
    fields: {
      attributes: repeated('KeyValue', 9),
      startTimeUnixNano: { type: 'fixed64', id: 2 },
      timeUnixNano: { type: 'fixed64', id: 3 },
      count: { type: 'fixed64', id: 4 },
      sum: optionalDouble(5),
      bucketCounts: repeated('fixed64', 6),
      explicitBounds: repeated('double', 7),
      exemplars: repeated('Exemplar', 8),
      flags: { type: 'uint32', id: 10 },
      min: optionalDouble(11),
      max: optionalDouble(12),
    },
  },
  ExponentialHistogramDataPoint: {
    oneofs: optionalOneofs('sum', 'min', 'max'),
    fields: {
      attributes: repeated('KeyValue', 1),
      startTimeUnixNano: { type: 'fixed64', id: 2 },
      timeUnixNano: { type: 'fixed64', id: 3 },
      count: { type: 'fixed64', id: 4 },
      sum: optionalDouble(5),
      scale: { type: 'sint32', id: 6 },
      zeroCount: { type: 'fixed64', id: 7 },
      positive: { type: 'Buckets', id: 8 },
      negative: { type: 'Buckets', id: 9 },
      flags: { type: 'uint32', id: 10 },
      exemplars: repeated('Exemplar', 11),
      min: optionalDouble(12),
      max: optionalDouble(13),
      zeroThreshold: { type: 'double', id: 14 },
    },
  },
  Buckets: { fields: { offset: { type: 'sint32', id: 1 }, bucketCounts: repeated('uint64', 2) } },
  SummaryDataPoint: {
    fields: {
      attributes: repeated('KeyValue', 7),
      startTimeUnixNano: { type: 'fixed64', id: 2 },
      timeUnixNano: { type: 'fixed64', id: 3 },
      count: { type: 'fixed64', id: 4 },
      sum: { type: 'double', id: 5 },
      quantileValues: repeated('ValueAtQuantile', 6),
      flags: { type: 'uint32', id: 8 },
    },
  },
  ValueAtQuantile: { fields: { quantile: { type: 'double', id: 1 }, value: { type: 'double', id: 2 } } },
  Exemplar: {
    oneofs: { value: { oneof: ['asDouble', 'asInt'] } },
    fields: {
      filteredAttributes: repeated('KeyValue', 7),
      timeUnixNano: { type: 'fixed64', id: 2 },
      asDouble: { type: 'double', id: 3 },
      asInt: { type: 'sfixed64', id: 6 },
      spanId: { type: 'bytes', id: 4 },
      traceId: { type: 'bytes', id: 5 },
    },
  },

  // logs/v1/logs.proto (field 4 is reserved)
  ResourceLogs: { fields: { resource: { type: 'Resource', id: 1 }, scopeLogs: repeated('ScopeLogs', 2), schemaUrl: { type: 'string', id: 3 } } },
  ScopeLogs: { fields: { scope: { type: 'InstrumentationScope', id: 1 }, logRecords: repeated('LogRecord', 2), schemaUrl: { type: 'string', id: 3 } } },
  LogRecord: {
    fields: {
      timeUnixNano: { type: 'fixed64', id: 1 },
      observedTimeUnixNano: { type: 'fixed64', id: 11 },
      severityNumber: { type: 'SeverityNumber', id: 2 },
      severityText: { type: 'string', id: 3 },
      body: { type: 'AnyValue', id: 5 },
      attributes: repeated('KeyValue', 6),
      droppedAttributesCount: { type: 'uint32', id: 7 },
      flags: { type: 'fixed32', id: 8 },
      traceId: { type: 'bytes', id: 9 },
      spanId: { type: 'bytes', id: 10 },
      eventName: { type: 'string', id: 12 },
    },
  },

  // collector/{trace,metrics,logs}/v1/*_service.proto
  ExportTraceServiceRequest: { fields: { resourceSpans: repeated('ResourceSpans', 1) } },
  ExportMetricsServiceRequest: { fields: { resourceMetrics: repeated('ResourceMetrics', 1) } },
  ExportLogsServiceRequest: { fields: { resourceLogs: repeated('ResourceLogs', 1) } },
  ExportTraceServiceResponse: { fields: { partialSuccess: { type: 'ExportTracePartialSuccess', id: 1 } } },
  ExportTracePartialSuccess: { fields: { rejectedSpans: { type: 'int64', id: 1 }, errorMessage: { type: 'string', id: 2 } } },
  ExportMetricsServiceResponse: { fields: { partialSuccess: { type: 'ExportMetricsPartialSuccess', id: 1 } } },
  ExportMetricsPartialSuccess: { fields: { rejectedDataPoints: { type: 'int64', id: 1 }, errorMessage: { type: 'string', id: 2 } } },
  ExportLogsServiceResponse: { fields: { partialSuccess: { type: 'ExportLogsPartialSuccess', id: 1 } } },
  ExportLogsPartialSuccess: { fields: { rejectedLogRecords: { type: 'int64', id: 1 }, errorMessage: { type: 'string', id: 2 } } },

  // google/rpc/status.proto, google/protobuf/any.proto, google/rpc/error_details.proto, google/protobuf/duration.proto
  RpcStatus: { fields: { code: { type: 'int32', id: 1 }, message: { type: 'string', id: 2 }, details: repeated('Any', 3) } },
  Any: { fields: { typeUrl: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 } } },
  RetryInfo: { fields: { retryDelay: { type: 'Duration', id: 1 } } },
  Duration: { fields: { seconds: { type: 'int64', id: 1 }, nanos: { type: 'int32', id: 2 } } },
};

const root = protobuf.Root.fromJSON({ options: { syntax: 'proto3' }, nested: { otlp: { nested: { ...enums, ...messages } } } });

/** A message type of the schema by its short name (`Span`, `ExportLogsServiceRequest`, `RpcStatus`, ...). */
export function otlpType(name: string): protobuf.Type {
  return root.lookupType(`otlp.${name}`);
}
