// readAttributeInPlace must store exactly what common-proto's readAttributeInto stores.
import { describe, expect, it } from 'vitest';
import type { AttributeMap } from '../../storage/otel-rows.ts';
import { readAttributeInto } from './common-proto.ts';
import { readAttributeInPlace } from './proto-attributes.ts';
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
  // Key with the wrong wire type is skipped, so the key stays ''.
  message(1, fixed32(1, 5), message(2, string(1, 'no key'))),
  message(1, string(1, 'empty')),
  message(1, string(1, 's'), message(2, string(1, 'duplicate wins'))),
  varint(2, 1),
);

function readAll(read: (r: ProtoReader, out: AttributeMap) => void): [AttributeMap, number] {
  const r = new ProtoReader(KEY_VALUES);
  const out: AttributeMap = {};
  while (r.hasMore()) {
    const tag = r.tag();
    if (tag >>> 3 === 1) read(r, out);
    else return [out, r.pos];
  }
  return [out, -1];
}

describe('readAttributeInPlace', () => {
  it('stores the same map as readAttributeInto and leaves the reader after the KeyValue', () => {
    const [inPlace, posInPlace] = readAll(readAttributeInPlace);
    const [reference, posReference] = readAll(readAttributeInto);
    expect(inPlace).toEqual(reference);
    expect(posInPlace).toBe(posReference);
    expect(inPlace).toEqual({
      s: 'duplicate wins',
      i: '-9',
      d: '0.1',
      b: 'true',
      bytes: '/wA=',
      arr: '["x",2]',
      kv: '{"k":false}',
      'with-unknown': 'v',
      '': 'no key',
      empty: '',
    });
  });
});
