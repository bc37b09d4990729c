// An attribute key is stored as sent, whatever it is: `__proto__` must become
// an ordinary own key on both wire formats and every signal, not be dropped by
// the plain-object maps' prototype accessor.
import { describe, expect, it } from 'vitest';
import type { AttributeMap } from '../../storage/otel-rows.ts';
import type { Result } from '../../core/result.ts';
import type { DecodedRequest } from './decoded-request.ts';
import { decodeLogsJson } from './logs-json.ts';
import { decodeLogsProto } from './logs-proto.ts';
import { decodeMetricsJson } from './metrics-json.ts';
import { decodeMetricsProto } from './metrics-proto.ts';
import { bytes, fixed64, hex, message, string, stringAttribute } from './testing/proto-writer.ts';
import { decodeTracesJson } from './traces-json.ts';
import { decodeTracesProto } from './traces-proto.ts';

const TRACE = '5b8efff798038103d269b633813fc60c';
const SPAN = 'eee19b7ec3c1b174';
const T = 1_700_000_000_000_000_000n;
const KEY = '__proto__';

/** Resource and scope with a `__proto__` attribute each, as protobuf fields 1 of a resource group and of a scope group. */
const protoResource = message(1, stringAttribute(1, KEY, 'resource'), stringAttribute(1, 'service.name', 'svc'));
const protoScope = message(1, string(1, 'lib'), stringAttribute(3, KEY, 'scope'));
/** A KeyValue field `nested` whose value is a kvlist with a `__proto__` entry. */
const kvlistAttribute = (field: number): Uint8Array =>
  message(field, string(1, 'nested'), message(2, message(6, message(1, string(1, KEY), message(2, string(1, 'inner'))))));
const jsonResource = { attributes: [{ key: KEY, value: { stringValue: 'resource' } }, { key: 'service.name', value: { stringValue: 'svc' } }] };
const jsonScope = { name: 'lib', attributes: [{ key: KEY, value: { stringValue: 'scope' } }] };
const jsonItemAttributes = [
  { key: KEY, value: { stringValue: 'item' } },
  { key: 'nested', value: { kvlistValue: { values: [{ key: KEY, value: { stringValue: 'inner' } }] } } },
];

/** The resource field is sent twice, so the stored map is the merge of both. */
function protoRequest(item: Uint8Array): Uint8Array {
  return message(1, protoResource, message(2, protoScope, item), message(1, stringAttribute(1, 'host.name', 'h')));
}

function jsonRequest(groups: string, scopes: string, items: string, item: unknown): unknown {
  return { [groups]: [{ resource: jsonResource, [scopes]: [{ scope: jsonScope, [items]: [item] }] }] };
}

/** The resource, scope and item attribute maps of the only row. */
function maps(result: Result<DecodedRequest>): AttributeMap[] {
  if (!result.ok) throw new Error(result.error.message);
  const rows = result.value.rows;
  const row = (rows.traces ?? rows.logs ?? rows.gauge)?.[0];
  if (row === undefined) throw new Error(`no row: ${result.value.rejectionMessage}`);
  const item = 'SpanAttributes' in row ? row.SpanAttributes : 'LogAttributes' in row ? row.LogAttributes : row.Attributes;
  return [row.ResourceAttributes, 'ScopeAttributes' in row ? row.ScopeAttributes : {}, item];
}

function expectOrdinaryKey(map: AttributeMap, value: string): void {
  expect(Object.getPrototypeOf(map)).toBe(Object.prototype);
  expect(Object.keys(map)).toContain(KEY);
  // A data property like the map's other keys (resource and scope maps are frozen, so not writable).
  expect(Object.getOwnPropertyDescriptor(map, KEY)).toMatchObject({ value, enumerable: true });
  expect(JSON.stringify(map)).toContain(`"${KEY}":"${value}"`);
}

function expectAllKept(result: Result<DecodedRequest>): void {
  const [resource, scope, item] = maps(result);
  expectOrdinaryKey(resource!, 'resource');
  expectOrdinaryKey(item!, 'item');
  expect(item!.nested).toBe('{"__proto__":"inner"}');
  // Span rows have no scope attributes column.
  if (Object.keys(scope!).length > 0) expectOrdinaryKey(scope!, 'scope');
}

describe('an attribute key named __proto__', () => {
  it('is stored as an ordinary key by the traces decoders', () => {
    const span = message(2, bytes(1, hex(TRACE)), bytes(2, hex(SPAN)), string(5, 's'), fixed64(7, T), stringAttribute(9, KEY, 'item'), kvlistAttribute(9));
    expectAllKept(decodeTracesProto(protoRequest(span)));
    const json = jsonRequest('resourceSpans', 'scopeSpans', 'spans', { traceId: TRACE, spanId: SPAN, name: 's', startTimeUnixNano: String(T), attributes: jsonItemAttributes });
    expectAllKept(decodeTracesJson(json));
  });

  it('is stored as an ordinary key by the logs decoders', () => {
    const record = message(2, fixed64(1, T), stringAttribute(6, KEY, 'item'), kvlistAttribute(6));
    expectAllKept(decodeLogsProto(protoRequest(record)));
    expectAllKept(decodeLogsJson(jsonRequest('resourceLogs', 'scopeLogs', 'logRecords', { timeUnixNano: String(T), attributes: jsonItemAttributes })));
  });

  it('is stored as an ordinary key by the metrics decoders', () => {
    const metric = message(2, string(1, 'g'), message(5, message(1, fixed64(3, T), fixed64(4, 0n), stringAttribute(7, KEY, 'item'), kvlistAttribute(7))));
    expectAllKept(decodeMetricsProto(protoRequest(metric)));
    const json = jsonRequest('resourceMetrics', 'scopeMetrics', 'metrics', {
      name: 'g',
      gauge: { dataPoints: [{ timeUnixNano: String(T), asDouble: 0, attributes: jsonItemAttributes }] },
    });
    expectAllKept(decodeMetricsJson(json));
  });
});
