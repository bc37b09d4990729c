/**
 * Walks the OTLP/JSON envelope of an export request (see otlp-envelope.ts)
 * and hands each item (span, log record, metric) to a signal's item decoder,
 * with the resource and scope it belongs to and its path.
 *
 * Contract: `walkJsonEnvelope` never throws; a value of the wrong shape comes
 * back as a CW_ERR_INGEST_BAD_REQUEST error naming its JSON path. `{}` (and
 * absent or null arrays) is a valid request with no items; unknown fields are
 * ignored (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding).
 */
import { causewayError } from '../../core/errors.ts';
import { type Result, fail, ok } from '../../core/result.ts';
import { EMPTY_SCOPE, type ResourceInfo, type ScopeInfo } from './common-proto.ts';
import {
  type JsonObject,
  JsonDecodeError,
  arrayField,
  asObject,
  describe,
  field,
  readResourceJson,
  readScopeJson,
  stringField,
} from './common-json.ts';
import type { DecodedRequest } from './decoded-request.ts';
import { type EnvelopeNames, type ItemGroup, describeCaught } from './otlp-envelope.ts';

/** What an item belongs to, updated in place per group. Attribute maps are frozen. */
interface JsonGroup extends ItemGroup {
  resource: ResourceInfo;
  resourceSchemaUrl: string;
  scope: ScopeInfo;
  scopeSchemaUrl: string;
}

export interface JsonItemDecoder {
  /** Reads one item at `path`. Throws JsonDecodeError on a value of the wrong shape. */
  readItem(item: JsonObject, path: string, group: ItemGroup): void;
  /** The decoded request, once every item has been read. */
  result(): DecodedRequest;
}

/** Decodes every item of the parsed request `body` with `decoder`; fails when the request is malformed. */
export function walkJsonEnvelope(body: unknown, names: EnvelopeNames, decoder: JsonItemDecoder): Result<DecodedRequest> {
  try {
    const request = asObject(body, 'request body');
    const groups = field(request, names.resourceGroupsKey) ?? [];
    if (!Array.isArray(groups)) throw new JsonDecodeError(names.resourceGroupsKey, `expected an array, got ${describe(groups)}`);
    for (let i = 0; i < groups.length; i++) readResourceGroup(groups[i], `${names.resourceGroupsKey}[${i}]`, names, decoder);
  } catch (e) {
    const what = e instanceof JsonDecodeError ? e.message : describeCaught(e);
    return fail(causewayError('CW_ERR_INGEST_BAD_REQUEST', `invalid ${names.request} (JSON): ${what}`));
  }
  return ok(decoder.result());
}

function readResourceGroup(value: unknown, path: string, names: EnvelopeNames, decoder: JsonItemDecoder): void {
  const obj = asObject(value, path);
  const resource = readResourceJson(field(obj, 'resource'), `${path}.resource`);
  Object.freeze(resource.attributes);
  const group: JsonGroup = {
    resource,
    resourceSchemaUrl: stringField(obj, 'schemaUrl', path),
    scope: EMPTY_SCOPE,
    scopeSchemaUrl: '',
  };
  const scopes = arrayField(obj, names.scopeGroupsKey, path);
  for (let j = 0; j < scopes.length; j++) {
    const scopePath = `${path}.${names.scopeGroupsKey}[${j}]`;
    const scopeObj = asObject(scopes[j], scopePath);
    group.scope = readScopeJson(field(scopeObj, 'scope'), `${scopePath}.scope`);
    Object.freeze(group.scope.attributes);
    group.scopeSchemaUrl = stringField(scopeObj, 'schemaUrl', scopePath);
    const items = arrayField(scopeObj, names.itemsKey, scopePath);
    for (let k = 0; k < items.length; k++) {
      const itemPath = `${scopePath}.${names.itemsKey}[${k}]`;
      decoder.readItem(asObject(items[k], itemPath), itemPath, group);
    }
  }
}
