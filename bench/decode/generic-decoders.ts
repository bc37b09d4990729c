/**
 * The generic way to decode OTLP/protobuf, for comparison: protobufjs
 * decodes the request into a tree of message objects (reflection over the
 * descriptors in otlp-schema.ts), which is then mapped to the same rows the
 * hand-written decoders produce, through the same drafts, validation and row
 * builders. The benchmark checks that both sides produce equal rows before
 * it times them, so the comparison is of decoding only.
 */
import type { AttributeMap, RowsByTable } from '../../storage/otel-rows.ts';
import { type PlainValue, int64Value, plainValueToString, setAttribute } from '../../collector/decode/any-value.ts';
import type { ResourceInfo, ScopeInfo } from '../../collector/decode/common-proto.ts';
import { LogDraft, logProblem, logRow } from '../../collector/decode/log-draft.ts';
import {
  EXPONENTIAL_HISTOGRAM,
  type ExemplarList,
  GAUGE,
  HISTOGRAM,
  type MetricKind,
  SUM,
  SUMMARY,
  addExemplar,
  exponentialHistogramPointProblem,
  histogramPointProblem,
  metricInfo,
  newExemplarList,
  numberPointProblem,
  summaryPointProblem,
} from '../../collector/decode/metrics-points.ts';
import { exponentialHistogramRow, gaugeRow, histogramRow, sumRow, summaryRow } from '../../collector/decode/metrics-rows.ts';
import type { ItemGroup } from '../../collector/decode/otlp-envelope.ts';
import { SPAN_ID_BYTES, TRACE_ID_BYTES, idProblem } from '../../collector/decode/otlp-ids.ts';
import { bytesToIdHex } from '../../collector/decode/proto-reader.ts';
import { SpanDraft, spanProblem, spanRow } from '../../collector/decode/span-draft.ts';
import type { OtlpTypes } from './otlp-schema.ts';

/** What protobufjs returns for 64-bit fields when long.js is installed (it is, as its dependency). */
interface Long {
  toString(): string;
  toNumber(): number;
  isZero(): boolean;
  greaterThan(other: Long): boolean;
  subtract(other: Long): Long;
}

// The decoded message shapes this file reads (protobufjs names fields in lowerCamelCase).
interface PbKeyValue {
  key: string;
  value: PbAnyValue | null;
}
interface PbAnyValue {
  /** The set member of the `value` oneof. */
  value: string | undefined;
  stringValue: string;
  boolValue: boolean;
  intValue: Long;
  doubleValue: number;
  bytesValue: Uint8Array;
  arrayValue: { values: PbAnyValue[] };
  kvlistValue: { values: PbKeyValue[] };
}
interface PbResource {
  attributes: PbKeyValue[];
}
interface PbScope {
  name: string;
  version: string;
  attributes: PbKeyValue[];
  droppedAttributesCount: number;
}
interface PbSpan {
  traceId: Uint8Array;
  spanId: Uint8Array;
  traceState: string;
  parentSpanId: Uint8Array;
  name: string;
  kind: number;
  startTimeUnixNano: Long;
  endTimeUnixNano: Long;
  attributes: PbKeyValue[];
  events: Array<{ timeUnixNano: Long; name: string; attributes: PbKeyValue[] }>;
  links: Array<{ traceId: Uint8Array; spanId: Uint8Array; traceState: string; attributes: PbKeyValue[] }>;
  status: { message: string; code: number } | null;
}
interface PbLogRecord {
  timeUnixNano: Long;
  observedTimeUnixNano: Long;
  severityNumber: number;
  severityText: string;
  body: PbAnyValue | null;
  attributes: PbKeyValue[];
  flags: number;
  traceId: Uint8Array;
  spanId: Uint8Array;
  eventName: string;
}
interface PbPointBase {
  attributes: PbKeyValue[];
  startTimeUnixNano: Long;
  timeUnixNano: Long;
  flags: number;
}
interface PbExemplar {
  filteredAttributes: PbKeyValue[];
  timeUnixNano: Long;
  value: string | undefined;
  asDouble: number;
  asInt: Long;
  spanId: Uint8Array;
  traceId: Uint8Array;
}
interface PbNumberPoint extends PbPointBase {
  value: string | undefined;
  asDouble: number;
  asInt: Long;
  exemplars: PbExemplar[];
}
interface PbHistogramPoint extends PbPointBase {
  count: Long;
  sum: number;
  bucketCounts: Long[];
  explicitBounds: number[];
  exemplars: PbExemplar[];
  min: number;
  max: number;
}
interface PbBuckets {
  offset: number;
  bucketCounts: Long[];
}
interface PbExponentialHistogramPoint extends PbPointBase {
  count: Long;
  sum: number;
  scale: number;
  zeroCount: Long;
  positive: PbBuckets | null;
  negative: PbBuckets | null;
  exemplars: PbExemplar[];
  min: number;
  max: number;
}
interface PbSummaryPoint extends PbPointBase {
  count: Long;
  sum: number;
  quantileValues: Array<{ quantile: number; value: number }>;
}
interface PbMetric {
  name: string;
  description: string;
  unit: string;
  /** The set member of the `data` oneof. */
  data: string | undefined;
  gauge: { dataPoints: PbNumberPoint[] };
  sum: { dataPoints: PbNumberPoint[]; aggregationTemporality: number; isMonotonic: boolean };
  histogram: { dataPoints: PbHistogramPoint[]; aggregationTemporality: number };
  exponentialHistogram: { dataPoints: PbExponentialHistogramPoint[]; aggregationTemporality: number };
  summary: { dataPoints: PbSummaryPoint[] };
}

export interface GenericResult {
  readonly rows: RowsByTable;
  readonly acceptedItems: number;
  readonly rejectedItems: number;
}

function plain(v: PbAnyValue | null): PlainValue {
  if (v === null) return null;
  switch (v.value) {
    case 'stringValue':
      return v.stringValue;
    case 'boolValue':
      return v.boolValue;
    case 'intValue':
      return int64Value(v.intValue.toString());
    case 'doubleValue':
      return v.doubleValue;
    case 'bytesValue':
      return v.bytesValue;
    case 'arrayValue':
      return v.arrayValue.values.map(plain);
    case 'kvlistValue':
      return { kvlist: v.kvlistValue.values.map((kv) => [kv.key, plain(kv.value)] as const) };
    default:
      return null;
  }
}

function attributes(list: readonly PbKeyValue[]): AttributeMap {
  const out: AttributeMap = {};
  for (const kv of list) setAttribute(out, kv.key, plainValueToString(plain(kv.value)));
  return out;
}

function hex(id: Uint8Array): string {
  return bytesToIdHex(id, 0, id.length);
}

function resourceInfo(r: PbResource | null): ResourceInfo {
  const attrs = attributes(r?.attributes ?? []);
  return { attributes: attrs, serviceName: attrs['service.name'] ?? '' };
}

function scopeInfo(s: PbScope | null): ScopeInfo {
  if (s === null) return { name: '', version: '', attributes: {}, droppedAttributesCount: 0 };
  return { name: s.name, version: s.version, attributes: attributes(s.attributes), droppedAttributesCount: s.droppedAttributesCount };
}

/** Calls `each` for every item with the group it belongs to. */
function walk<Item>(request: Record<string, unknown>, groupsKey: string, scopesKey: string, itemsKey: string, each: (item: Item, group: ItemGroup) => void): void {
  for (const rg of request[groupsKey] as Array<Record<string, unknown>>) {
    const resource = resourceInfo(rg.resource as PbResource | null);
    for (const sg of rg[scopesKey] as Array<Record<string, unknown>>) {
      const group: ItemGroup = {
        resource,
        resourceSchemaUrl: rg.schemaUrl as string,
        scope: scopeInfo(sg.scope as PbScope | null),
        scopeSchemaUrl: sg.schemaUrl as string,
      };
      for (const item of sg[itemsKey] as Item[]) each(item, group);
    }
  }
}

export function genericTracesDecoder(types: OtlpTypes): (body: Uint8Array) => GenericResult {
  return (body) => {
    const request = types.traces.decode(body) as unknown as Record<string, unknown>;
    const rows: ReturnType<typeof spanRow>[] = [];
    let rejected = 0;
    const d = new SpanDraft();
    walk<PbSpan>(request, 'resourceSpans', 'scopeSpans', 'spans', (s, group) => {
      d.reset();
      d.traceId = hex(s.traceId);
      d.traceIdBytes = s.traceId.length;
      d.spanId = hex(s.spanId);
      d.spanIdBytes = s.spanId.length;
      d.parentSpanId = hex(s.parentSpanId);
      d.parentSpanIdBytes = s.parentSpanId.length;
      d.traceState = s.traceState;
      d.name = s.name;
      d.kind = s.kind;
      d.startTime = s.startTimeUnixNano.toString();
      const start = s.startTimeUnixNano;
      const end = s.endTimeUnixNano;
      d.durationNanos = !start.isZero() && end.greaterThan(start) ? end.subtract(start).toNumber() : 0;
      d.attributes = attributes(s.attributes);
      for (const e of s.events) d.addEvent(e.timeUnixNano.toString(), e.name, attributes(e.attributes));
      for (const l of s.links) d.addLink(hex(l.traceId), l.traceId.length, hex(l.spanId), l.spanId.length, l.traceState, attributes(l.attributes));
      if (s.status !== null) {
        d.statusCode = s.status.code;
        d.statusMessage = s.status.message;
      }
      if (spanProblem(d) === '') rows.push(spanRow(d, group));
      else rejected++;
    });
    return { rows: rows.length > 0 ? { traces: rows } : {}, acceptedItems: rows.length, rejectedItems: rejected };
  };
}

export function genericLogsDecoder(types: OtlpTypes): (body: Uint8Array) => GenericResult {
  return (body) => {
    const request = types.logs.decode(body) as unknown as Record<string, unknown>;
    const rows: ReturnType<typeof logRow>[] = [];
    let rejected = 0;
    const d = new LogDraft();
    walk<PbLogRecord>(request, 'resourceLogs', 'scopeLogs', 'logRecords', (r, group) => {
      d.reset();
      d.time = r.timeUnixNano.toString();
      d.observedTime = r.observedTimeUnixNano.toString();
      d.severityNumber = r.severityNumber;
      d.severityText = r.severityText;
      d.body = plainValueToString(plain(r.body));
      d.attributes = attributes(r.attributes);
      d.flags = r.flags;
      d.traceId = hex(r.traceId);
      d.traceIdBytes = r.traceId.length;
      d.spanId = hex(r.spanId);
      d.spanIdBytes = r.spanId.length;
      d.eventName = r.eventName;
      if (logProblem(d) === '') rows.push(logRow(d, group));
      else rejected++;
    });
    return { rows: rows.length > 0 ? { logs: rows } : {}, acceptedItems: rows.length, rejectedItems: rejected };
  };
}

function exemplars(list: readonly PbExemplar[]): ExemplarList {
  const out = newExemplarList();
  for (let i = 0; i < list.length; i++) {
    const e = list[i]!;
    const spanId = hex(e.spanId);
    const traceId = hex(e.traceId);
    if (out.problem === '') {
      out.problem =
        idProblem(`exemplars[${i}].span_id`, e.spanId.length, SPAN_ID_BYTES, spanId, false) ||
        idProblem(`exemplars[${i}].trace_id`, e.traceId.length, TRACE_ID_BYTES, traceId, false);
    }
    const value = e.value === 'asDouble' ? e.asDouble : e.value === 'asInt' ? e.asInt.toNumber() : 0;
    addExemplar(out, attributes(e.filteredAttributes), e.timeUnixNano.toString(), value, spanId, traceId);
  }
  return out;
}

function base(p: PbPointBase): { attributes: AttributeMap; startTimeUnix: string; timeUnix: string; flags: number } {
  return { attributes: attributes(p.attributes), startTimeUnix: p.startTimeUnixNano.toString(), timeUnix: p.timeUnixNano.toString(), flags: p.flags };
}

const toNumber = (l: Long): number => l.toNumber();

/** Metric kinds by the name of the Metric.data oneof member. */
const KINDS: Record<string, MetricKind> = { gauge: GAUGE, sum: SUM, histogram: HISTOGRAM, exponentialHistogram: EXPONENTIAL_HISTOGRAM, summary: SUMMARY };

export function genericMetricsDecoder(types: OtlpTypes): (body: Uint8Array) => GenericResult {
  return (body) => {
    const request = types.metrics.decode(body) as unknown as Record<string, unknown>;
    const gauge: ReturnType<typeof gaugeRow>[] = [];
    const sum: ReturnType<typeof sumRow>[] = [];
    const histogram: ReturnType<typeof histogramRow>[] = [];
    const exponentialHistogram: ReturnType<typeof exponentialHistogramRow>[] = [];
    const summary: ReturnType<typeof summaryRow>[] = [];
    let accepted = 0;
    let rejected = 0;
    const keep = (problem: string): boolean => {
      if (problem === '') accepted++;
      else rejected++;
      return problem === '';
    };
    walk<PbMetric>(request, 'resourceMetrics', 'scopeMetrics', 'metrics', (metric, group) => {
      const kind = metric.data;
      if (kind === undefined) return;
      if (metric.name === '') {
        rejected += (metric[kind as 'gauge'] as { dataPoints: unknown[] }).dataPoints.length;
        return;
      }
      const temporality = kind === 'sum' || kind === 'histogram' || kind === 'exponentialHistogram' ? metric[kind].aggregationTemporality : 0;
      const isMonotonic = kind === 'sum' ? metric.sum.isMonotonic : false;
      const m = metricInfo(group, metric.name, metric.description, metric.unit, KINDS[kind]!, temporality, isMonotonic);
      switch (kind) {
        case 'gauge':
        case 'sum': {
          const data = kind === 'gauge' ? metric.gauge : metric.sum;
          for (const p of data.dataPoints) {
            const point = {
              ...base(p),
              value: p.value === 'asDouble' ? p.asDouble : p.value === 'asInt' ? p.asInt.toNumber() : 0,
              hasValue: p.value !== undefined,
              exemplars: exemplars(p.exemplars),
            };
            if (!keep(numberPointProblem(point))) continue;
            if (kind === 'gauge') gauge.push(gaugeRow(m, point));
            else sum.push(sumRow(m, point));
          }
          break;
        }
        case 'histogram':
          for (const p of metric.histogram.dataPoints) {
            const point = {
              ...base(p),
              count: p.count.toNumber(),
              sum: p.sum,
              bucketCounts: p.bucketCounts.map(toNumber),
              explicitBounds: p.explicitBounds,
              min: p.min,
              max: p.max,
              exemplars: exemplars(p.exemplars),
            };
            if (keep(histogramPointProblem(point))) histogram.push(histogramRow(m, point));
          }
          break;
        case 'exponentialHistogram':
          for (const p of metric.exponentialHistogram.dataPoints) {
            const point = {
              ...base(p),
              count: p.count.toNumber(),
              sum: p.sum,
              scale: p.scale,
              zeroCount: p.zeroCount.toNumber(),
              positiveOffset: p.positive?.offset ?? 0,
              positiveBucketCounts: p.positive?.bucketCounts.map(toNumber) ?? [],
              negativeOffset: p.negative?.offset ?? 0,
              negativeBucketCounts: p.negative?.bucketCounts.map(toNumber) ?? [],
              min: p.min,
              max: p.max,
              exemplars: exemplars(p.exemplars),
            };
            if (keep(exponentialHistogramPointProblem(point))) {
              exponentialHistogram.push(exponentialHistogramRow(m, point));
            }
          }
          break;
        default:
          for (const p of metric.summary.dataPoints) {
            const point = {
              ...base(p),
              count: p.count.toNumber(),
              sum: p.sum,
              quantiles: p.quantileValues.map((q) => q.quantile),
              quantileValues: p.quantileValues.map((q) => q.value),
            };
            if (keep(summaryPointProblem(point))) summary.push(summaryRow(m, point));
          }
      }
    });
    const rows: RowsByTable = {};
    if (gauge.length > 0) rows.gauge = gauge;
    if (sum.length > 0) rows.sum = sum;
    if (histogram.length > 0) rows.histogram = histogram;
    if (exponentialHistogram.length > 0) rows.exponentialHistogram = exponentialHistogram;
    if (summary.length > 0) rows.summary = summary;
    return { rows, acceptedItems: accepted, rejectedItems: rejected };
  };
}
