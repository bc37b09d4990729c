/**
 * The OTLP export request messages as protobufjs reflection descriptors, for
 * the generic decoder the benchmark compares against.
 *
 * Field numbers and types are those of the OTLP specification's .proto files
 * (opentelemetry/proto/{common,resource,trace,logs,metrics}/v1/*.proto and
 * collector/{trace,logs,metrics}/v1/*_service.proto). All messages live in
 * one namespace: package names do not appear on the wire. Enum fields are
 * declared as int32, which has the same encoding, and proto3 `optional`
 * doubles as plain doubles (absent reads as 0, as in the hand-written
 * decoders). Names are the lowerCamelCase that protobufjs uses for decoded
 * objects.
 */
import protobuf from 'protobufjs';

type FieldJson = { type: string; id: number; rule?: 'repeated' };

function fields(spec: Record<string, [number, string] | [number, string, 'repeated']>): Record<string, FieldJson> {
  const out: Record<string, FieldJson> = {};
  for (const [name, [id, type, rule]] of Object.entries(spec)) out[name] = rule === undefined ? { type, id } : { type, id, rule };
  return out;
}

const R = 'repeated';

/**
 * Export<Signal>ServiceRequest { repeated Resource<Group> resource_<group> = 1; }
 * Resource<Group> { Resource resource = 1; repeated Scope<Group> scope_<group> = 2; string schema_url = 3; }
 * Scope<Group> { InstrumentationScope scope = 1; repeated <Item> <items> = 2; string schema_url = 3; }
 */
function envelope(request: string, group: string, itemsField: string, itemType: string): Record<string, unknown> {
  return {
    [request]: { fields: fields({ [`resource${group}`]: [1, `Resource${group}`, R] }) },
    [`Resource${group}`]: { fields: fields({ resource: [1, 'Resource'], [`scope${group}`]: [2, `Scope${group}`, R], schemaUrl: [3, 'string'] }) },
    [`Scope${group}`]: { fields: fields({ scope: [1, 'InstrumentationScope'], [itemsField]: [2, itemType, R], schemaUrl: [3, 'string'] }) },
  };
}

const SCHEMA = {
  nested: {
    // common.proto, resource.proto
    AnyValue: {
      oneofs: { value: { oneof: ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'] } },
      fields: fields({
        stringValue: [1, 'string'],
        boolValue: [2, 'bool'],
        intValue: [3, 'int64'],
        doubleValue: [4, 'double'],
        arrayValue: [5, 'ArrayValue'],
        kvlistValue: [6, 'KeyValueList'],
        bytesValue: [7, 'bytes'],
      }),
    },
    ArrayValue: { fields: fields({ values: [1, 'AnyValue', R] }) },
    KeyValueList: { fields: fields({ values: [1, 'KeyValue', R] }) },
    KeyValue: { fields: fields({ key: [1, 'string'], value: [2, 'AnyValue'] }) },
    InstrumentationScope: {
      fields: fields({ name: [1, 'string'], version: [2, 'string'], attributes: [3, 'KeyValue', R], droppedAttributesCount: [4, 'uint32'] }),
    },
    Resource: { fields: fields({ attributes: [1, 'KeyValue', R], droppedAttributesCount: [2, 'uint32'] }) },

    // trace.proto
    ...envelope('ExportTraceServiceRequest', 'Spans', 'spans', 'Span'),
    Span: {
      fields: fields({
        traceId: [1, 'bytes'],
        spanId: [2, 'bytes'],
        traceState: [3, 'string'],
        parentSpanId: [4, 'bytes'],
        flags: [16, 'fixed32'],
        name: [5, 'string'],
        kind: [6, 'int32'],
        startTimeUnixNano: [7, 'fixed64'],
        endTimeUnixNano: [8, 'fixed64'],
        attributes: [9, 'KeyValue', R],
        droppedAttributesCount: [10, 'uint32'],
        events: [11, 'SpanEvent', R],
        droppedEventsCount: [12, 'uint32'],
        links: [13, 'SpanLink', R],
        droppedLinksCount: [14, 'uint32'],
        status: [15, 'Status'],
      }),
    },
    SpanEvent: { fields: fields({ timeUnixNano: [1, 'fixed64'], name: [2, 'string'], attributes: [3, 'KeyValue', R], droppedAttributesCount: [4, 'uint32'] }) },
    SpanLink: {
      fields: fields({
        traceId: [1, 'bytes'],
        spanId: [2, 'bytes'],
        traceState: [3, 'string'],
        attributes: [4, 'KeyValue', R],
        droppedAttributesCount: [5, 'uint32'],
        flags: [6, 'fixed32'],
      }),
    },
    Status: { fields: fields({ message: [2, 'string'], code: [3, 'int32'] }) },

    // logs.proto
    ...envelope('ExportLogsServiceRequest', 'Logs', 'logRecords', 'LogRecord'),
    LogRecord: {
      fields: fields({
        timeUnixNano: [1, 'fixed64'],
        observedTimeUnixNano: [11, 'fixed64'],
        severityNumber: [2, 'int32'],
        severityText: [3, 'string'],
        body: [5, 'AnyValue'],
        attributes: [6, 'KeyValue', R],
        droppedAttributesCount: [7, 'uint32'],
        flags: [8, 'fixed32'],
        traceId: [9, 'bytes'],
        spanId: [10, 'bytes'],
        eventName: [12, 'string'],
      }),
    },

    // metrics.proto
    ...envelope('ExportMetricsServiceRequest', 'Metrics', 'metrics', 'Metric'),
    Metric: {
      oneofs: { data: { oneof: ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] } },
      fields: fields({
        name: [1, 'string'],
        description: [2, 'string'],
        unit: [3, 'string'],
        gauge: [5, 'Gauge'],
        sum: [7, 'Sum'],
        histogram: [9, 'Histogram'],
        exponentialHistogram: [10, 'ExponentialHistogram'],
        summary: [11, 'Summary'],
        metadata: [12, 'KeyValue', R],
      }),
    },
    Gauge: { fields: fields({ dataPoints: [1, 'NumberDataPoint', R] }) },
    Sum: { fields: fields({ dataPoints: [1, 'NumberDataPoint', R], aggregationTemporality: [2, 'int32'], isMonotonic: [3, 'bool'] }) },
    Histogram: { fields: fields({ dataPoints: [1, 'HistogramDataPoint', R], aggregationTemporality: [2, 'int32'] }) },
    ExponentialHistogram: { fields: fields({ dataPoints: [1, 'ExponentialHistogramDataPoint', R], aggregationTemporality: [2, 'int32'] }) },
    Summary: { fields: fields({ dataPoints: [1, 'SummaryDataPoint', R] }) },
    NumberDataPoint: {
      oneofs: { value: { oneof: ['asDouble', 'asInt'] } },
      fields: fields({
        attributes: [7, 'KeyValue', R],
        startTimeUnixNano: [2, 'fixed64'],
        timeUnixNano: [3, 'fixed64'],
        asDouble: [4, 'double'],
        asInt: [6, 'sfixed64'],
        exemplars: [5, 'Exemplar', R],
        flags: [8, 'uint32'],
      }),
    },
    HistogramDataPoint: {
      fields: fields({
        attributes: [9, 'KeyValue', R],
        startTimeUnixNano: [2, 'fixed64'],
        timeUnixNano: [3, 'fixed64'],
        count: [4, 'fixed64'],
        sum: [5, 'double'],
        bucketCounts: [6, 'fixed64', R],
        explicitBounds: [7, 'double', R],
        exemplars: [8, 'Exemplar', R],
        flags: [10, 'uint32'],
        min: [11, 'double'],
        max: [12, 'double'],
      }),
    },
    ExponentialHistogramDataPoint: {
      fields: fields({
        attributes: [1, 'KeyValue', R],
        startTimeUnixNano: [2, 'fixed64'],
        timeUnixNano: [3, 'fixed64'],
        count: [4, 'fixed64'],
        sum: [5, 'double'],
        scale: [6, 'sint32'],
        zeroCount: [7, 'fixed64'],
        positive: [8, 'Buckets'],
        negative: [9, 'Buckets'],
        flags: [10, 'uint32'],
        exemplars: [11, 'Exemplar', R],
        min: [12, 'double'],
        max: [13, 'double'],
        zeroThreshold: [14, 'double'],
      }),
    },
    Buckets: { fields: fields({ offset: [1, 'sint32'], bucketCounts: [2, 'uint64', R] }) },
    SummaryDataPoint: {
      fields: fields({
        attributes: [7, 'KeyValue', R],
        startTimeUnixNano: [2, 'fixed64'],
        timeUnixNano: [3, 'fixed64'],
        count: [4, 'fixed64'],
        sum: [5, 'double'],
        quantileValues: [6, 'ValueAtQuantile', R],
        flags: [8, 'uint32'],
      }),
    },
    ValueAtQuantile: { fields: fields({ quantile: [1, 'double'], value: [2, 'double'] }) },
    Exemplar: {
      oneofs: { value: { oneof: ['asDouble', 'asInt'] } },
      fields: fields({
        filteredAttributes: [7, 'KeyValue', R],
        timeUnixNano: [2, 'fixed64'],
        asDouble: [3, 'double'],
        asInt: [6, 'sfixed64'],
        spanId: [4, 'bytes'],
        traceId: [5, 'bytes'],
      }),
    },
  },
};

export interface OtlpTypes {
  readonly traces: protobuf.Type;
  readonly logs: protobuf.Type;
  readonly metrics: protobuf.Type;
}

export function otlpTypes(): OtlpTypes {
  const root = protobuf.Root.fromJSON(SCHEMA as protobuf.INamespace);
  return {
    traces: root.lookupType('ExportTraceServiceRequest'),
    logs: root.lookupType('ExportLogsServiceRequest'),
    metrics: root.lookupType('ExportMetricsServiceRequest'),
  };
}
