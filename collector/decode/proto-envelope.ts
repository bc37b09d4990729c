/**
 * Walks the protobuf envelope of an OTLP export request (see
 * otlp-envelope.ts) straight over the bytes and hands each item (span, log
 * record) to a signal's item decoder, in place: no sub-readers, no
 * intermediate message objects.
 *
 * Protobuf lets a message's fields come in any order and a non-repeated
 * message field appear more than once (the occurrences are merged:
 * https://protobuf.dev/programming-guides/encoding/#last-one-wins). Every item
 * needs its resource and scope, which a sender may put after the items, so
 * each resource and scope group is read in two passes: first its resource or
 * scope and schema URL (skipping the nested groups by their length prefix),
 * then its groups or items.
 *
 * Contract: `walkProtoEnvelope` never throws; malformed input (truncated,
 * wrong wire type for a known field, bad varint) comes back as a
 * CW_ERR_INGEST_BAD_REQUEST error naming the byte offset and the path of the
 * message being read.
 */
import { type CausewayError, causewayError } from '../../core/errors.ts';
import { EMPTY_RESOURCE, EMPTY_SCOPE, type ResourceInfo, type ScopeInfo, readResource, readScope } from './common-proto.ts';
import { type EnvelopeNames, type ItemGroup, describeCaught } from './otlp-envelope.ts';
import { ProtoDecodeError, ProtoReader, WIRE_LEN } from './proto-reader.ts';

const GROUP_TAG = (2 << 3) | WIRE_LEN;

/**
 * Where the walk is and what the current item belongs to. One per request,
 * updated in place. Resource and scope attribute maps are shared by every
 * row of their group and frozen: treat them as read-only.
 */
export class ProtoCursor implements ItemGroup {
  resource: ResourceInfo = EMPTY_RESOURCE;
  resourceSchemaUrl = '';
  scope: ScopeInfo = EMPTY_SCOPE;
  scopeSchemaUrl = '';
  resourceIndex = -1;
  scopeIndex = -1;
  itemIndex = -1;
  /** Nested part of the item being read (`events`, `status`), '' for the item's own fields. */
  part = '';
  /** Index of `part` when it is repeated, else -1. */
  partIndex = -1;

  constructor(readonly names: EnvelopeNames) {}

  /** Path of the current item, as item rejections name it. */
  itemPath(): string {
    const n = this.names;
    return `${n.resourceGroupsKey}[${this.resourceIndex}].${n.scopeGroupsKey}[${this.scopeIndex}].${n.itemsKey}[${this.itemIndex}]`;
  }

  /** Path of the message being read, for error messages. */
  where(): string {
    const n = this.names;
    if (this.resourceIndex < 0) return n.request;
    let p = `${n.resourceGroupsKey}[${this.resourceIndex}]`;
    if (this.scopeIndex >= 0) p += `.${n.scopeGroupsKey}[${this.scopeIndex}]`;
    if (this.itemIndex >= 0) p += `.${n.itemsKey}[${this.itemIndex}]`;
    if (this.part !== '') p += this.partIndex >= 0 ? `.${this.part}[${this.partIndex}]` : `.${this.part}`;
    return p;
  }
}

export interface ProtoItemDecoder {
  /** Reads one item; `r` spans exactly the item's bytes. Throws ProtoDecodeError on malformed input. */
  readItem(r: ProtoReader, at: ProtoCursor): void;
}

/** Decodes every item of the request in `body`; returns the error when the request is malformed, else null. */
export function walkProtoEnvelope(body: Uint8Array, names: EnvelopeNames, decoder: ProtoItemDecoder): CausewayError | null {
  const at = new ProtoCursor(names);
  try {
    const r = new ProtoReader(body);
    let index = 0;
    while (r.hasMore()) {
      const tag = r.tag();
      if (tag >>> 3 !== 1) {
        r.skip(tag & 7);
        continue;
      }
      r.expect(tag & 7, WIRE_LEN, names.resourceGroupsField);
      at.resourceIndex = index++;
      at.scopeIndex = -1;
      at.itemIndex = -1;
      const outer = r.enter();
      readResourceGroup(r, at, decoder);
      r.leave(outer);
      at.resourceIndex = -1;
    }
    return null;
  } catch (e) {
    const what = e instanceof ProtoDecodeError ? e.message : describeCaught(e);
    return causewayError('CW_ERR_INGEST_BAD_REQUEST', `invalid ${names.request} (protobuf): ${what}, in ${at.where()}`);
  }
}

function readResourceGroup(r: ProtoReader, at: ProtoCursor, decoder: ProtoItemDecoder): void {
  const names = at.names;
  const start = r.pos;
  let resource = EMPTY_RESOURCE;
  let schemaUrl = '';
  while (r.hasMore()) {
    const tag = r.tag();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1: {
        r.expect(wire, WIRE_LEN, names.resourceField);
        at.part = 'resource';
        const outer = r.enter();
        resource = mergeResource(resource, readResource(r));
        r.leave(outer);
        at.part = '';
        break;
      }
      case 2:
        r.expect(wire, WIRE_LEN, names.scopeGroupsField);
        r.skip(wire);
        break;
      case 3:
        r.expect(wire, WIRE_LEN, names.resourceSchemaUrlField);
        schemaUrl = r.string();
        break;
      default:
        r.skip(wire);
    }
  }
  Object.freeze(resource.attributes);
  at.resource = resource;
  at.resourceSchemaUrl = schemaUrl;

  r.pos = start;
  let index = 0;
  while (r.hasMore()) {
    const tag = r.tag();
    if (tag !== GROUP_TAG) {
      r.skip(tag & 7);
      continue;
    }
    at.scopeIndex = index++;
    at.itemIndex = -1;
    const outer = r.enter();
    readScopeGroup(r, at, decoder);
    r.leave(outer);
  }
  at.scopeIndex = -1;
}

function readScopeGroup(r: ProtoReader, at: ProtoCursor, decoder: ProtoItemDecoder): void {
  const names = at.names;
  const start = r.pos;
  let scope = EMPTY_SCOPE;
  let schemaUrl = '';
  while (r.hasMore()) {
    const tag = r.tag();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1: {
        r.expect(wire, WIRE_LEN, names.scopeField);
        at.part = 'scope';
        const outer = r.enter();
        scope = mergeScope(scope, readScope(r));
        r.leave(outer);
        at.part = '';
        break;
      }
      case 2:
        r.expect(wire, WIRE_LEN, names.itemsField);
        r.skip(wire);
        break;
      case 3:
        r.expect(wire, WIRE_LEN, names.scopeSchemaUrlField);
        schemaUrl = r.string();
        break;
      default:
        r.skip(wire);
    }
  }
  Object.freeze(scope.attributes);
  at.scope = scope;
  at.scopeSchemaUrl = schemaUrl;

  r.pos = start;
  let index = 0;
  while (r.hasMore()) {
    const tag = r.tag();
    if (tag !== GROUP_TAG) {
      r.skip(tag & 7);
      continue;
    }
    at.itemIndex = index++;
    at.part = '';
    at.partIndex = -1;
    const outer = r.enter();
    decoder.readItem(r, at);
    r.leave(outer);
  }
  at.itemIndex = -1;
  at.part = '';
}

/** A repeated `resource` field merges: attributes concatenate, so a later duplicate key wins. */
function mergeResource(prev: ResourceInfo, next: ResourceInfo): ResourceInfo {
  if (prev === EMPTY_RESOURCE) return next;
  const attributes = { ...prev.attributes, ...next.attributes };
  return { attributes, serviceName: attributes['service.name'] ?? '' };
}

/** Likewise for `scope`; proto3 scalars overwrite only when the later occurrence sets them. */
function mergeScope(prev: ScopeInfo, next: ScopeInfo): ScopeInfo {
  if (prev === EMPTY_SCOPE) return next;
  return {
    name: next.name !== '' ? next.name : prev.name,
    version: next.version !== '' ? next.version : prev.version,
    attributes: { ...prev.attributes, ...next.attributes },
    droppedAttributesCount: next.droppedAttributesCount !== 0 ? next.droppedAttributesCount : prev.droppedAttributesCount,
  };
}
