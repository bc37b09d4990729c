/**
 * Attribute (KeyValue) reading for the hot item loops, in place.
 *
 * Same result as common-proto.ts `readAttributeInto` (key = field 1, value =
 * AnyValue field 2, anything else skipped, a later duplicate key wins, the
 * value stored via `plainValueToString`), but it narrows the caller's reader
 * with `enter()`/`leave()` instead of allocating two sub-readers per
 * attribute: attributes are most of a span's or log record's bytes, and those
 * allocations were most of the decoders' garbage. The AnyValue itself is still
 * decoded by the shared `readAnyValue`, so both stay one definition.
 */
import type { AttributeMap } from '../../storage/otel-rows.ts';
import { type PlainValue, plainValueToString } from './any-value.ts';
import { readAnyValue } from './common-proto.ts';
import { type ProtoReader, WIRE_LEN } from './proto-reader.ts';

const KEY_TAG = (1 << 3) | WIRE_LEN;
const VALUE_TAG = (2 << 3) | WIRE_LEN;

/** Reads one KeyValue (the reader positioned on its length prefix) into `out`. */
export function readAttributeInPlace(r: ProtoReader, out: AttributeMap): void {
  const outer = r.enter();
  let key = '';
  let value: PlainValue = null;
  while (r.hasMore()) {
    const tag = r.tag();
    if (tag === KEY_TAG) key = r.string();
    else if (tag === VALUE_TAG) {
      const kvEnd = r.enter();
      value = readAnyValue(r);
      r.leave(kvEnd);
    } else r.skip(tag & 7);
  }
  r.leave(outer);
  out[key] = plainValueToString(value);
}
