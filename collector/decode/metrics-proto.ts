/**
 * OTLP/protobuf metrics decoder: an ExportMetricsServiceRequest
 * (opentelemetry/proto/collector/metrics/v1/metrics_service.proto) straight
 * from its bytes to `otel_metrics_*` rows, one row per data point, with no
 * intermediate message tree.
 *
 * Contract:
 * - Never throws: malformed input (truncation, bad lengths, a known field
 *   with the wrong wire type, ...) is a `CW_ERR_INGEST_BAD_REQUEST` naming
 *   the byte offset and the item being decoded.
 * - Data points that are well-formed protobuf but invalid OTLP are rejected
 *   one by one (OTLP partial success) and the rest is stored; see
 *   `metrics-points.ts` for the rules.
 * - The JSON decoder (`metrics-json.ts`) produces identical rows for the same
 *   data: both build rows through `MetricSink`.
 *
 * Protobuf fields may appear in any order and a singular field may repeat
 * (https://protobuf.dev/programming-guides/encoding/#last-one-wins). Because the
 * resource, scope, schema URLs, metric name and aggregation temporality can
 * follow the items they describe (the OpenTelemetry JS SDK writes schema_url
 * and aggregation_temporality last), each level is read in two passes over
 * its bytes: first its own fields, then its children.
 */
import { causewayError } from '../../core/errors.ts';
import { type Result, fail, ok } from '../../core/result.ts';
import { EMPTY_RESOURCE, EMPTY_SCOPE, type ResourceInfo, type ScopeInfo, readResource, readScope } from './common-proto.ts';
import type { DecodedRequest } from './decoded-request.ts';
import { readMetric } from './metrics-proto-metric.ts';
import { MetricSink } from './metrics-sink.ts';
import { ProtoDecodeError, ProtoReader, WIRE_LEN } from './proto-reader.ts';

export function decodeMetricsProto(body: Uint8Array): Result<DecodedRequest> {
  const sink = new MetricSink();
  try {
    const r = new ProtoReader(body);
    let index = 0;
    while (r.hasMore()) {
      const tag = r.tag();
      if (tag >>> 3 === 1) {
        r.expect(tag & 7, WIRE_LEN, 'ExportMetricsServiceRequest.resource_metrics');
        sink.enterResource(index++);
        readResourceMetrics(r, sink);
        sink.enterResource(-1);
      } else {
        r.skip(tag & 7);
      }
    }
    return ok(sink.result());
  } catch (e) {
    // RangeError: an allocation or string too large for the engine; still the input's fault.
    if (e instanceof ProtoDecodeError || e instanceof RangeError) {
      const where = sink.path() || 'ExportMetricsServiceRequest';
      return fail(causewayError('CW_ERR_INGEST_BAD_REQUEST', `invalid ExportMetricsServiceRequest (protobuf): ${e.message}, in ${where}`));
    }
    throw e;
  }
}

/** A repeated singular message field merges (later attributes win), as protobuf requires. */
function mergeResource(a: ResourceInfo, b: ResourceInfo): ResourceInfo {
  if (a === EMPTY_RESOURCE) return b;
  const attributes = { ...a.attributes, ...b.attributes };
  return { attributes, serviceName: attributes['service.name'] ?? '' };
}

function mergeScope(a: ScopeInfo, b: ScopeInfo): ScopeInfo {
  if (a === EMPTY_SCOPE) return b;
  return {
    name: b.name !== '' ? b.name : a.name,
    version: b.version !== '' ? b.version : a.version,
    attributes: { ...a.attributes, ...b.attributes },
    droppedAttributesCount: b.droppedAttributesCount !== 0 ? b.droppedAttributesCount : a.droppedAttributesCount,
  };
}

/** ResourceMetrics{resource=1, scope_metrics=2, schema_url=3}; `r` on its length prefix. */
function readResourceMetrics(r: ProtoReader, sink: MetricSink): void {
  const outer = r.enter();
  const start = r.pos;
  let resource = EMPTY_RESOURCE;
  let schemaUrl = '';
  while (r.pos < r.end) {
    const tag = r.tag();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        r.expect(wire, WIRE_LEN, 'ResourceMetrics.resource');
        resource = mergeResource(resource, readResource(r.sub()));
        break;
      case 2:
        r.expect(wire, WIRE_LEN, 'ResourceMetrics.scope_metrics');
        r.skip(wire);
        break;
      case 3:
        r.expect(wire, WIRE_LEN, 'ResourceMetrics.schema_url');
        schemaUrl = r.string();
        break;
      default:
        r.skip(wire);
    }
  }
  // Shared by every row of the group: frozen so that no consumer can change one row's map under another.
  Object.freeze(resource.attributes);
  r.pos = start;
  let index = 0;
  while (r.pos < r.end) {
    const tag = r.tag();
    if (tag >>> 3 === 2) {
      sink.enterScope(index++);
      readScopeMetrics(r, sink, resource, schemaUrl);
      sink.enterScope(-1);
    } else {
      r.skip(tag & 7);
    }
  }
  r.leave(outer);
}

/** ScopeMetrics{scope=1, metrics=2, schema_url=3}; `r` on its length prefix. */
function readScopeMetrics(r: ProtoReader, sink: MetricSink, resource: ResourceInfo, resourceSchemaUrl: string): void {
  const outer = r.enter();
  const start = r.pos;
  let scope = EMPTY_SCOPE;
  let schemaUrl = '';
  while (r.pos < r.end) {
    const tag = r.tag();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        r.expect(wire, WIRE_LEN, 'ScopeMetrics.scope');
        scope = mergeScope(scope, readScope(r.sub()));
        break;
      case 2:
        r.expect(wire, WIRE_LEN, 'ScopeMetrics.metrics');
        r.skip(wire);
        break;
      case 3:
        r.expect(wire, WIRE_LEN, 'ScopeMetrics.schema_url');
        schemaUrl = r.string();
        break;
      default:
        r.skip(wire);
    }
  }
  Object.freeze(scope.attributes);
  r.pos = start;
  let index = 0;
  while (r.pos < r.end) {
    const tag = r.tag();
    if (tag >>> 3 === 2) {
      sink.enterMetric(index++);
      readMetric(r, sink, resource, resourceSchemaUrl, scope, schemaUrl);
      sink.enterMetric(-1);
    } else {
      r.skip(tag & 7);
    }
  }
  r.leave(outer);
}
