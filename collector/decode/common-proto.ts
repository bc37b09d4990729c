/**
 * Protobuf decoding of the messages every signal shares
 * (opentelemetry/proto/common/v1/common.proto and resource/v1/resource.proto).
 *
 * Field numbers are those of the OTLP specification.
 */
import type { AttributeMap } from '../../storage/otel-rows.ts';
import { type PlainValue, int64Value, plainValueToString, setAttribute } from './any-value.ts';
import { type ProtoReader, ProtoDecodeError, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from './proto-reader.ts';

export interface ResourceInfo {
  readonly attributes: AttributeMap;
  /** The `service.name` attribute as stored in `ServiceName` ('' when absent). */
  readonly serviceName: string;
}

export interface ScopeInfo {
  readonly name: string;
  readonly version: string;
  readonly attributes: AttributeMap;
  readonly droppedAttributesCount: number;
}

export const EMPTY_RESOURCE: ResourceInfo = Object.freeze({ attributes: Object.freeze({}) as AttributeMap, serviceName: '' });
export const EMPTY_SCOPE: ScopeInfo = Object.freeze({
  name: '',
  version: '',
  attributes: Object.freeze({}) as AttributeMap,
  droppedAttributesCount: 0,
});

const MAX_NESTING = 32;

/*
 * Every reader here works in place: nested messages are read by narrowing
 * the caller's reader with `enter()` / `leave()` rather than through a
 * sub-reader per message. Attributes are most of a span's, log record's or
 * data point's bytes, and per-attribute reader allocations were most of the
 * decoders' garbage. A known field with the wrong wire type throws
 * ProtoDecodeError naming the field; unknown fields are skipped.
 */

/** AnyValue message -> PlainValue. `r` is narrowed to exactly the AnyValue's bytes. */
export function readAnyValue(r: ProtoReader, depth = 0): PlainValue {
  if (depth > MAX_NESTING) throw new ProtoDecodeError(`AnyValue nested deeper than ${MAX_NESTING}`, r.pos);
  let value: PlainValue = null;
  while (r.hasMore()) {
    const tag = r.tag();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        r.expect(wire, WIRE_LEN, 'AnyValue.string_value');
        value = r.string();
        break;
      case 2:
        r.expect(wire, WIRE_VARINT, 'AnyValue.bool_value');
        value = r.bool();
        break;
      case 3:
        r.expect(wire, WIRE_VARINT, 'AnyValue.int_value');
        value = int64Value(r.int64String());
        break;
      case 4:
        r.expect(wire, WIRE_FIXED64, 'AnyValue.double_value');
        value = r.double();
        break;
      case 5: {
        r.expect(wire, WIRE_LEN, 'AnyValue.array_value');
        const outer = r.enter();
        value = readArrayValue(r, depth + 1);
        r.leave(outer);
        break;
      }
      case 6: {
        r.expect(wire, WIRE_LEN, 'AnyValue.kvlist_value');
        const outer = r.enter();
        value = readKeyValueList(r, depth + 1);
        r.leave(outer);
        break;
      }
      case 7:
        r.expect(wire, WIRE_LEN, 'AnyValue.bytes_value');
        value = r.bytes();
        break;
      default:
        r.skip(wire);
    }
  }
  return value;
}

/** ArrayValue { repeated AnyValue values = 1; }; `r` narrowed to its bytes. */
function readArrayValue(r: ProtoReader, depth: number): PlainValue[] {
  const items: PlainValue[] = [];
  while (r.nextMessage(1, 'ArrayValue.values')) {
    const outer = r.enter();
    items.push(readAnyValue(r, depth));
    r.leave(outer);
  }
  return items;
}

/** KeyValueList { repeated KeyValue values = 1; }; `r` narrowed to its bytes. */
function readKeyValueList(r: ProtoReader, depth: number): PlainValue {
  const kvs: Array<readonly [string, PlainValue]> = [];
  while (r.nextMessage(1, 'KeyValueList.values')) {
    const outer = r.enter();
    kvs.push(readKeyValue(r, depth));
    r.leave(outer);
  }
  return { kvlist: kvs };
}

/**
 * KeyValue { string key = 1; AnyValue value = 2; } -> [key, value]; `r`
 * narrowed to exactly its bytes. A key sent with another wire type is an
 * error, not an attribute stored under ''.
 */
export function readKeyValue(r: ProtoReader, depth = 0): readonly [string, PlainValue] {
  let key = '';
  let value: PlainValue = null;
  while (r.hasMore()) {
    const tag = r.tag();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        r.expect(wire, WIRE_LEN, 'KeyValue.key');
        key = r.string();
        break;
      case 2: {
        r.expect(wire, WIRE_LEN, 'KeyValue.value');
        const outer = r.enter();
        value = readAnyValue(r, depth);
        r.leave(outer);
        break;
      }
      default:
        r.skip(wire);
    }
  }
  return [key, value];
}

/**
 * Reads one KeyValue (the reader positioned on its length prefix, left just
 * after the message) into `out`, the value stored as `plainValueToString`
 * gives it. A later duplicate key overwrites an earlier one. Every protobuf
 * attribute field (resource, scope, span, event, link, log record, data
 * point, exemplar) is read through here.
 */
export function readAttribute(r: ProtoReader, out: AttributeMap): void {
  const outer = r.enter();
  const [key, value] = readKeyValue(r);
  r.leave(outer);
  setAttribute(out, key, plainValueToString(value));
}

/** Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }; `r` narrowed to its bytes. */
export function readResource(r: ProtoReader): ResourceInfo {
  const attributes: AttributeMap = {};
  while (r.hasMore()) {
    const tag = r.tag();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        r.expect(wire, WIRE_LEN, 'Resource.attributes');
        readAttribute(r, attributes);
        break;
      case 2:
        r.expect(wire, WIRE_VARINT, 'Resource.dropped_attributes_count');
        r.skip(wire);
        break;
      default:
        r.skip(wire);
    }
  }
  return { attributes, serviceName: attributes['service.name'] ?? '' };
}

/** InstrumentationScope; `r` narrowed to exactly its bytes. */
export function readScope(r: ProtoReader): ScopeInfo {
  let name = '';
  let version = '';
  let droppedAttributesCount = 0;
  const attributes: AttributeMap = {};
  while (r.hasMore()) {
    const tag = r.tag();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        r.expect(wire, WIRE_LEN, 'InstrumentationScope.name');
        name = r.string();
        break;
      case 2:
        r.expect(wire, WIRE_LEN, 'InstrumentationScope.version');
        version = r.string();
        break;
      case 3:
        r.expect(wire, WIRE_LEN, 'InstrumentationScope.attributes');
        readAttribute(r, attributes);
        break;
      case 4:
        r.expect(wire, WIRE_VARINT, 'InstrumentationScope.dropped_attributes_count');
        droppedAttributesCount = r.uint32();
        break;
      default:
        r.skip(wire);
    }
  }
  return { name, version, attributes, droppedAttributesCount };
}
