// The shared protobuf readers: attributes read in place, how each AnyValue
// kind is stored, and refusal of wrong wire types.
import { describe, expect, it } from 'vitest';
import type { AttributeMap } from '../../storage/otel-rows.ts';
import { readAttribute, readResource, readScope } from './common-proto.ts';
import { ProtoReader } from './proto-reader.ts';
import { bytes, concat, double, fixed32, message, string, unknownFields, varint } from './testing/proto-writer.ts';

/** KeyValues as repeated field 1 of an enclosing message, followed by a sentinel field 2. */
const KEY_VALUES = concat(
  message(1, string(1, 's'), message(2, string(1, 'text'))),
  message(1, string(1, 'i'), message(2, varint(3, -9))),
  message(1, string(1, 'd'), message(2, double(4, 0.1))),
  message(1, string(1, 'b'), message(2, varint(2, 1))),
  message(1, string(1, 'bytes'), message(2, bytes(7, [255, 0]))),
  message(1, string(1, 'arr'), message(2, message(5, message(1, string(1, 'x')), message(1, varint(3, 2))))),
  message(1, string(1, 'kv'), message(2, message(6, message(1, string(1, 'k'), message(2, varint(2, 0)))))),
  message(1, unknownFields(), message(2, unknownFields(), string(1, 'v')), string(1, 'with-unknown')),
  message(1, string(1, 'empty')),
  message(1, string(1, 's'), message(2, string(1, 'duplicate wins'))),
  varint(2, 1),
);

describe('readAttribute', () => {
  it('stores every AnyValue kind as text and leaves the reader after the KeyValue', () => {
    const r = new ProtoReader(KEY_VALUES);
    const out: AttributeMap = {};
    let tag = r.tag();
    while (tag >>> 3 === 1) {
      readAttribute(r, out);
      expect(r.end).toBe(KEY_VALUES.length);
      tag = r.tag();
    }
    expect(tag).toBe(2 << 3);
    expect(r.uint32()).toBe(1);
    expect(r.hasMore()).toBe(false);
    expect(out).toEqual({
      s: 'duplicate wins',
      i: '-9',
      d: '0.1',
      b: 'true',
      bytes: '/wA=',
      arr: '["x",2]',
      kv: '{"k":false}',
      'with-unknown': 'v',
      empty: '',
    });
  });

  it('refuses a key or value with the wrong wire type instead of storing it under another key', () => {
    for (const [kv, field] of [
      [message(1, fixed32(1, 5), message(2, string(1, 'no key'))), 'KeyValue.key'],
      [message(1, string(1, 'k'), varint(2, 1)), 'KeyValue.value'],
    ] as const) {
      const r = new ProtoReader(kv);
      r.tag();
      expect(() => readAttribute(r, {})).toThrow(`field ${field} has wire type`);
    }
  });
});

describe('readResource / readScope', () => {
  it('read attributes, names and counts in place, skipping unknown fields', () => {
    const resource = concat(message(1, string(1, 'service.name'), message(2, string(1, 'cart'))), varint(2, 4), unknownFields());
    expect(readResource(new ProtoReader(resource))).toEqual({ attributes: { 'service.name': 'cart' }, serviceName: 'cart' });
    const scope = concat(string(1, 'lib'), string(2, '1.0'), message(3, string(1, 'a'), message(2, varint(3, 1))), varint(4, 2), unknownFields());
    expect(readScope(new ProtoReader(scope))).toEqual({ name: 'lib', version: '1.0', attributes: { a: '1' }, droppedAttributesCount: 2 });
  });

  it('refuse counts that are not varints', () => {
    expect(() => readResource(new ProtoReader(fixed32(2, 1)))).toThrow('field Resource.dropped_attributes_count has wire type 5');
    expect(() => readScope(new ProtoReader(fixed32(4, 1)))).toThrow('field InstrumentationScope.dropped_attributes_count has wire type 5');
  });
});
