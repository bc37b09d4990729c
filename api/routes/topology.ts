/**
 * `GET /api/v1/topology?at=<ISO 8601 | Unix ms>&window=<seconds>`: the
 * service dependency graph at `at` (default now). A snapshot stored within
 * [at - window, at] answers if there is one (the latest); otherwise the graph
 * is computed from the traces of [at - window, at). `window` defaults to
 * 15 minutes. `source` says which it was; `at`, `from` and `to` are the
 * snapshot's own time and window when a snapshot answered.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { causewayError } from '../../core/errors.ts';
import { type Result, fail, ok } from '../../core/result.ts';
import { type TopologyData, createServiceGraph, loadSnapshotAt, readTopology } from '../../correlator/topology/index.ts';
import type { ApiStore } from '../api-store.ts';
import { ErrorBody, sendApiError } from '../error-reply.ts';

export const DEFAULT_TOPOLOGY_WINDOW_SECONDS = 900;
const MAX_TOPOLOGY_WINDOW_SECONDS = 7 * 86_400;

const TopologyView = Type.Object({
  at: Type.String({ description: 'ISO 8601, UTC.' }),
  from: Type.String(),
  to: Type.String(),
  source: Type.Union([Type.Literal('snapshot'), Type.Literal('traces')]),
  nodes: Type.Array(Type.Object({ id: Type.String(), kind: Type.String(), name: Type.String() })),
  edges: Type.Array(
    Type.Object({
      from: Type.String(),
      to: Type.String(),
      kind: Type.String(),
      calls: Type.Number(),
      errors: Type.Number(),
      p50Ms: Type.Number(),
      p95Ms: Type.Number(),
    }),
  ),
});

const TopologyQuery = Type.Object({
  at: Type.Optional(Type.String({ description: 'ISO 8601 or Unix milliseconds; default now.' })),
  window: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_TOPOLOGY_WINDOW_SECONDS, description: 'Seconds; default 900.' })),
});

function parseAt(text: string | undefined, nowMillis: number): Result<number> {
  if (text === undefined) return ok(nowMillis);
  const millis = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isSafeInteger(millis) || millis < 0) return fail(causewayError('CW_ERR_API_BAD_REQUEST', `at: "${text}" is neither ISO 8601 nor Unix milliseconds`));
  return ok(millis);
}

const iso = (millis: number) => new Date(millis).toISOString();

export function registerTopologyRoutes(app: FastifyInstance, store: ApiStore): void {
  app.get<{ Querystring: { at?: string; window?: number } }>(
    '/api/v1/topology',
    { schema: { querystring: TopologyQuery, response: { 200: TopologyView, 400: ErrorBody, 503: ErrorBody, 500: ErrorBody } } },
    async (req, reply) => {
      const at = parseAt(req.query.at, Date.now());
      if (!at.ok) return sendApiError(reply, at.error);
      const windowMillis = (req.query.window ?? DEFAULT_TOPOLOGY_WINDOW_SECONDS) * 1000;

      const snapshot = await loadSnapshotAt(store, at.value, { maxAgeMillis: windowMillis });
      if (!snapshot.ok) return sendApiError(reply, snapshot.error);
      let atMillis: number;
      let data: TopologyData;
      if (snapshot.value !== undefined) {
        atMillis = snapshot.value.atMillis;
        data = snapshot.value.graph.toData();
      } else {
        const read = await readTopology(store, { fromMillis: at.value - windowMillis, toMillis: at.value });
        if (!read.ok) return sendApiError(reply, read.error);
        atMillis = at.value;
        data = createServiceGraph(read.value).toData();
      }
      return {
        at: iso(atMillis),
        from: iso(data.fromMillis),
        to: iso(data.toMillis),
        source: snapshot.value !== undefined ? 'snapshot' : 'traces',
        nodes: data.nodes.map((n) => ({ id: n.id, kind: n.kind, name: n.name })),
        edges: data.edges.map((e) => ({ from: e.from, to: e.to, kind: e.kind, calls: e.calls, errors: e.errors, p50Ms: e.p50Ms, p95Ms: e.p95Ms })),
      };
    },
  );
}
