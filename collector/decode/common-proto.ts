/**
 * Protobuf decoding of the messages every signal shares
 * (opentelemetry/proto/common/v1/common.proto and resource/v1/resource.proto).
 *
 * Field numbers are those of the OTLP specification.
 */
import type { AttributeMap } from '../../storage/otel-rows.ts';
import { type PlainValue, int64Value, plainValueToString } from './any-value.ts';
import type { ProtoReader} from './proto-reader.ts';
import { ProtoDecodeError, WIRE_LEN } from './proto-reader.ts';

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

/** AnyValue message -> PlainValue. `r` spans exactly the AnyValue's bytes. */
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
        value = r.bool();
        break;
      case 3:
        value = int64Value(r.int64String());
        break;
      case 4:
        value = r.double();
        break;
      case 5: {
        r.expect(wire, WIRE_LEN, 'AnyValue.array_value');
        const arr = r.sub();
        const items: PlainValue[] = [];
        while (arr.hasMore()) {
          const t = arr.tag();
          if (t >>> 3 === 1 && (t & 7) === WIRE_LEN) items.push(readAnyValue(arr.sub(), depth + 1));
          else arr.skip(t & 7);
        }
        value = items;
        break;
      }
      case 6: {
        r.expect(wire, WIRE_LEN, 'AnyValue.kvlist_value');
        const list = r.sub();
        const kvs: Array<readonly [string, PlainValue]> = [];
        while (list.hasMore()) {
          const t = list.tag();
          if (t >>> 3 === 1 && (t & 7) === WIRE_LEN) kvs.push(readKeyValue(list.sub(), depth + 1));
          else list.skip(t & 7);
        }
        value = { kvlist: kvs };
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

/** KeyValue message -> [key, value]. `r` spans exactly the KeyValue's bytes. */
export function readKeyValue(r: ProtoReader, depth = 0): readonly [string, PlainValue] {
  let key = '';
  let value: PlainValue = null;
  while (r.hasMore()) {
    const tag = r.tag();
    const wire = tag & 7;
    const field = tag >>> 3;
    if (field === 1 && wire === WIRE_LEN) key = r.string();
    else if (field === 2 && wire === WIRE_LEN) value = readAnyValue(r.sub(), depth);
    else r.skip(wire);
  }
  return [key, value];
}

/**
 * Reads one KeyValue (the reader positioned on its length prefix) into `out`.
 * A later duplicate key overwrites an earlier one.
 */
export function readAttributeInto(r: ProtoReader, out: AttributeMap): void {
  const [key, value] = readKeyValue(r.sub());
  out[key] = plainValueToString(value);
}

/** Resource message; `r` spans exactly its bytes. */
export function readResource(r: ProtoReader): ResourceInfo {
  const attributes: AttributeMap = {};
  while (r.hasMore()) {
    const tag = r.tag();
    if (tag >>> 3 === 1 && (tag & 7) === WIRE_LEN) readAttributeInto(r, attributes);
    else r.skip(tag & 7);
  }
  return { attributes, serviceName: attributes['service.name'] ?? '' };
}

/** InstrumentationScope message; `r` spans exactly its bytes. */
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
        readAttributeInto(r, attributes);
        break;
      case 4:
        droppedAttributesCount = r.uint32();
        break;
      default:
        r.skip(wire);
    }
  }
  return { name, version, attributes, droppedAttributesCount };
}
