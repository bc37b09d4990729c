/**
 * Walks the protobuf envelope of an OTLP export request (see
 * otlp-envelope.ts) straight over the bytes and hands each item (span, log
 * record, metric) to a signal's item decoder, in place: no sub-readers, no
 * intermediate message objects.
 *
 * Protobuf lets a message's fields come in any order and a non-repeated
 * message field appear more than once (the occurrences are merged:
 * https://protobuf.dev/programming-guides/encoding/#last-one-wins). Every item
 * needs its resource and scope, which a sender may put after the items (the
 * OpenTelemetry JS SDK writes schema_url last), so each resource and scope
 * group is read in two passes: first its resource or scope and schema URL
 * (skipping the nested groups by their length prefix), then its groups or
 * items.
 *
 * Contract: `walkProtoEnvelope` never throws; malformed input (truncated,
 * wrong wire type for a known field, bad varint) comes back as a
 * CW_ERR_INGEST_BAD_REQUEST error naming the byte offset and the path of the
 * message being read.
 */
import { causewayError } from '../../core/errors.ts';
import { type Result, fail, ok } from '../../core/result.ts';
import { EMPTY_RESOURCE, EMPTY_SCOPE, type ResourceInfo, type ScopeInfo, readResource, readScope } from './common-proto.ts';
import type { DecodedRequest } from './decoded-request.ts';
import { type EnvelopeNames, type ItemGroup, describeCaught } from './otlp-envelope.ts';
import { ProtoDecodeError, ProtoReader, WIRE_LEN } from './proto-reader.ts';

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
  /** Nested part being read: of the item (`events`, `status`, `dataPoints`) or of the group (`resource`, `scope`); '' for the item's own fields. */
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
  /** The decoded request, once every item has been read. */
  result(): DecodedRequest;
}

/** Decodes every item of the request in `body` with `decoder`; fails when the request is malformed. */
export function walkProtoEnvelope(body: Uint8Array, names: EnvelopeNames, decoder: ProtoItemDecoder): Result<DecodedRequest> {
  const at = new ProtoCursor(names);
  try {
    const r = new ProtoReader(body);
    let index = 0;
    while (r.nextMessage(1, names.resourceGroupsField)) {
      at.resourceIndex = index++;
      const outer = r.enter();
      readGroup(r, at, decoder, RESOURCE_GROUP);
      r.leave(outer);
      at.resourceIndex = -1;
    }
  } catch (e) {
    const what = e instanceof ProtoDecodeError ? e.message : describeCaught(e);
    return fail(causewayError('CW_ERR_INGEST_BAD_REQUEST', `invalid ${names.request} (protobuf): ${what}, in ${at.where()}`));
  }
  return ok(decoder.result());
}

/** The two levels of the envelope, which share their layout: header message = 1, children = 2, schema_url = 3. */
const RESOURCE_GROUP = 0;
const SCOPE_GROUP = 1;

/**
 * Reads a resource group (Resource<Items>) or a scope group (Scope<Items>);
 * `r` spans exactly its bytes. The first pass reads the header (Resource or
 * InstrumentationScope, merged when repeated) and the schema URL into `at`,
 * the second reads the children: scope groups, or items.
 */
function readGroup(r: ProtoReader, at: ProtoCursor, decoder: ProtoItemDecoder, level: typeof RESOURCE_GROUP | typeof SCOPE_GROUP): void {
  const names = at.names;
  const isResource = level === RESOURCE_GROUP;
  const headerField = isResource ? names.resourceField : names.scopeField;
  const childrenField = isResource ? names.scopeGroupsField : names.itemsField;
  const schemaUrlField = isResource ? names.resourceSchemaUrlField : names.scopeSchemaUrlField;
  const start = r.pos;
  let resource = EMPTY_RESOURCE;
  let scope = EMPTY_SCOPE;
  let schemaUrl = '';
  if (isResource) at.scopeIndex = -1;
  at.itemIndex = -1;
  while (r.hasMore()) {
    const tag = r.tag();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1: {
        r.expect(wire, WIRE_LEN, headerField);
        at.part = isResource ? 'resource' : 'scope';
        at.partIndex = -1;
        const outer = r.enter();
        if (isResource) resource = mergeResource(resource, readResource(r));
        else scope = mergeScope(scope, readScope(r));
        r.leave(outer);
        at.part = '';
        break;
      }
      case 2: // the children, read in the second pass
        r.expect(wire, WIRE_LEN, childrenField);
        r.skip(wire);
        break;
      case 3:
        r.expect(wire, WIRE_LEN, schemaUrlField);
        schemaUrl = r.string();
        break;
      default:
        r.skip(wire);
    }
  }
  if (isResource) {
    Object.freeze(resource.attributes);
    at.resource = resource;
    at.resourceSchemaUrl = schemaUrl;
  } else {
    Object.freeze(scope.attributes);
    at.scope = scope;
    at.scopeSchemaUrl = schemaUrl;
  }

  r.pos = start;
  let index = 0;
  while (r.nextMessage(2, childrenField)) {
    const outer = r.enter();
    if (isResource) {
      at.scopeIndex = index++;
      readGroup(r, at, decoder, SCOPE_GROUP);
    } else {
      at.itemIndex = index++;
      at.part = '';
      at.partIndex = -1;
      decoder.readItem(r, at);
    }
    r.leave(outer);
  }
  if (isResource) at.scopeIndex = -1;
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
