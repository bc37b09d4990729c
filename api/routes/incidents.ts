/**
 * Incidents, read from their event log (correlator/incidents/event-store.ts):
 *
 * - `GET /api/v1/incidents?status=&from=&to=&limit=`: incidents alive in
 *   [from, to) (opened before `to`, not resolved or merged before `from`),
 *   newest opened first. `status` open | resolved | merged | all (default
 *   all); `from` / `to` ISO 8601 or Unix milliseconds, default the 24 hours
 *   before now; `limit` 1..500, default 50.
 * - `GET /api/v1/incidents/{id}`: one incident with its anomalies and its
 *   timeline (its events and merges into it, in log order, each with a line
 *   of text). A merged incident answers with its state and `mergedInto`.
 * - `GET /api/v1/incidents/{id}/causes`: the newest ranking of its causes and
 *   when it was made (event time); `rankedAt: null` and no causes until then.
 *
 * Times are ISO 8601 (UTC). JSON has no NaN or infinity: a non-finite score
 * is null, a non-finite number in anomaly evidence is its name as text
 * ("NaN", "Infinity", "-Infinity"), and in a cause's evidence series null
 * (no data).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { causewayError } from '../../core/errors.ts';
import type { Anomaly } from '../../correlator/detect/index.ts';
import {
  type CauseEvidence,
  type IncidentEvent,
  type IncidentListStatus,
  type IncidentState,
  type RankedCause,
  createIncidentEventReader,
} from '../../correlator/incidents/index.ts';
import type { ApiStore } from '../api-store.ts';
import { ErrorBody, sendApiError } from '../error-reply.ts';
import { parseTimeRange } from '../time-range.ts';

export const DEFAULT_INCIDENT_LIMIT = 50;
const MAX_INCIDENT_LIMIT = 500;
const DEFAULT_INCIDENT_RANGE_MILLIS = 86_400_000;

/**
 * Ids the grouper makes (`inc-12`, any configured prefix) and nothing that
 * needs escaping; at most 100 characters, fastify's longest path parameter
 * (longer ones are answered 414 before this schema runs).
 */
const INCIDENT_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Score = Nullable(Type.Number({ description: 'null when not a finite number.' }));

const CauseSummary = Type.Object({ entity: Type.String(), indicator: Type.String(), score: Score, explanation: Type.String() });

const summaryProperties = {
  id: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('resolved'), Type.Literal('merged')]),
  severity: Type.String(),
  priority: Type.String(),
  openedAt: Type.String({ description: 'Event time of the anomaly that completed the evidence.' }),
  detectedAt: Nullable(Type.String({ description: 'Event time when the evidence was known to be enough (detectors confirm a run over a few windows, so at or after openedAt); null for incidents logged before it was recorded.' })),
  updatedAt: Type.String(),
  resolvedAt: Nullable(Type.String()),
  services: Type.Integer({ description: 'Distinct affected services (breadth).' }),
  entities: Type.Array(Type.String()),
  storyEntities: Type.Array(Type.String(), { description: 'The entities that are part of the incident\'s story; the others only suffer from it (and maybe from another fault too).' }),
  anomalyCount: Type.Integer(),
  topCause: Nullable(CauseSummary),
  reopenOf: Nullable(Type.String()),
  reopenedAs: Nullable(Type.String()),
  mergedInto: Nullable(Type.String()),
};

const IncidentList = Type.Object({
  from: Type.String(),
  to: Type.String(),
  status: Type.String(),
  incidents: Type.Array(Type.Object(summaryProperties)),
});

const AnomalyView = Type.Object({
  entity: Type.String(),
  indicator: Type.String(),
  signal: Type.String(),
  detector: Type.String(),
  onset: Type.String(),
  score: Score,
  severity: Type.String(),
  direction: Type.String(),
  evidence: Type.Record(Type.String(), Type.Unknown()),
});

const TimelineEntry = Type.Object({ kind: Type.String(), at: Type.String(), text: Type.String() });

const IncidentDetail = Type.Object({ ...summaryProperties, anomalies: Type.Array(AnomalyView), timeline: Type.Array(TimelineEntry) });

const CauseEvidenceView = Type.Object({
  series: Type.Optional(
    Type.Array(
      Type.Object({ entity: Type.String(), signal: Type.String(), from: Type.String(), stepSeconds: Type.Number(), values: Type.Array(Nullable(Type.Number())) }),
    ),
  ),
  traceIds: Type.Optional(Type.Array(Type.String())),
  logSamples: Type.Optional(Type.Array(Type.String())),
  changes: Type.Optional(Type.Array(Type.String())),
  scores: Type.Optional(Type.Record(Type.String(), Score)),
});

const CausesView = Type.Object({
  incidentId: Type.String(),
  rankedAt: Nullable(Type.String()),
  causes: Type.Array(Type.Object({ entity: Type.String(), indicator: Type.String(), score: Score, explanation: Type.String(), evidence: CauseEvidenceView })),
});

const ListQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved'), Type.Literal('merged'), Type.Literal('all')], { description: 'Default all.' })),
  from: Type.Optional(Type.String({ description: 'ISO 8601 or Unix milliseconds; default 24 hours before `to`.' })),
  to: Type.Optional(Type.String({ description: 'ISO 8601 or Unix milliseconds; default now.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_INCIDENT_LIMIT, description: `Default ${DEFAULT_INCIDENT_LIMIT}.` })),
});

const IdParams = Type.Object({ id: Type.String({ pattern: INCIDENT_ID_PATTERN }) });

const ERRORS = { 400: ErrorBody, 404: ErrorBody, 500: ErrorBody, 503: ErrorBody };

const iso = (millis: number) => new Date(millis).toISOString();
const finiteOrNull = (n: number) => (Number.isFinite(n) ? n : null);

/** Evidence without values JSON cannot carry: non-finite numbers become their names. */
function jsonSafe(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
}

function summary(s: IncidentState) {
  const top = s.causes[0];
  return {
    id: s.id,
    status: s.status,
    severity: s.severity,
    priority: s.priority,
    openedAt: iso(s.openedAtMillis),
    detectedAt: s.detectedAtMillis === undefined ? null : iso(s.detectedAtMillis),
    updatedAt: iso(s.updatedAtMillis),
    resolvedAt: s.resolvedAtMillis === undefined ? null : iso(s.resolvedAtMillis),
    services: s.services,
    entities: [...s.entities],
    storyEntities: [...s.founders],
    anomalyCount: s.anomalies.length,
    topCause: top === undefined ? null : { entity: top.entity, indicator: top.indicator, score: finiteOrNull(top.score), explanation: top.explanation },
    reopenOf: s.reopenOf ?? null,
    reopenedAs: s.reopenedAs ?? null,
    mergedInto: s.mergedInto ?? null,
  };
}

function anomalyView(a: Anomaly) {
  return {
    entity: a.entity,
    indicator: a.indicator,
    signal: a.signal,
    detector: a.detector,
    onset: iso(a.onsetMillis),
    score: finiteOrNull(a.score),
    severity: a.severity,
    direction: a.direction,
    evidence: jsonSafe(a.evidence) as Record<string, unknown>,
  };
}

function evidenceView(e: CauseEvidence) {
  return {
    ...(e.series === undefined
      ? {}
      : { series: e.series.map((s) => ({ entity: s.entity, signal: s.signal, from: iso(s.fromMillis), stepSeconds: s.stepSeconds, values: s.values.map((v) => (v === null ? null : finiteOrNull(v))) })) }),
    ...(e.traceIds === undefined ? {} : { traceIds: [...e.traceIds] }),
    ...(e.logSamples === undefined ? {} : { logSamples: [...e.logSamples] }),
    ...(e.changes === undefined ? {} : { changes: [...e.changes] }),
    ...(e.scores === undefined ? {} : { scores: Object.fromEntries(Object.entries(e.scores).map(([k, v]) => [k, finiteOrNull(v)])) }),
  };
}

function causeView(c: RankedCause) {
  return { entity: c.entity, indicator: c.indicator, score: finiteOrNull(c.score), explanation: c.explanation, evidence: evidenceView(c.evidence) };
}

const scoreText = (score: number) => (Number.isFinite(score) ? score.toFixed(1) : String(score));

/** One line per event, as seen from incident `id`'s timeline. */
export function timelineText(e: IncidentEvent, id: string): string {
  switch (e.kind) {
    case 'opened':
      return e.reopenOf === undefined ? 'opened' : `opened as a recurrence of ${e.reopenOf}`;
    case 'anomaly-attached':
      return `anomaly ${e.anomaly.signal} on ${e.anomaly.entity} (${e.anomaly.detector}, score ${scoreText(e.anomaly.score)})${e.asSymptom ? ', a symptom' : ''}`;
    case 'merged-into':
      return e.incidentId === id ? `merged into ${e.targetIncidentId}` : `${e.incidentId} merged into this incident`;
    case 'severity-changed':
      return `severity ${e.severity}, priority ${e.priority} (${e.services} service${e.services === 1 ? '' : 's'})`;
    case 'resolved':
      return 'resolved: no new anomaly for the quiet period';
    case 'reopened-as':
      return `recurred as ${e.newIncidentId}`;
    case 'causes-ranked': {
      const [top] = e.causes;
      if (top === undefined) return 'causes ranked: none found';
      const n = e.causes.length;
      return `${n} cause${n === 1 ? '' : 's'} ranked, first ${top.indicator} of ${top.entity} (score ${Number.isFinite(top.score) ? top.score.toFixed(2) : String(top.score)})`;
    }
    default:
      // A kind written by a newer Causeway.
      return (e as { kind: string }).kind;
  }
}

export function registerIncidentRoutes(app: FastifyInstance, store: ApiStore): void {
  const incidents = createIncidentEventReader(store);

  app.get<{ Querystring: { status?: IncidentListStatus; from?: string; to?: string; limit?: number } }>(
    '/api/v1/incidents',
    { schema: { querystring: ListQuery, response: { 200: IncidentList, ...ERRORS } } },
    async (req, reply) => {
      const range = parseTimeRange(req.query);
      if (!range.ok) return sendApiError(reply, range.error);
      const toMillis = range.value.toMillis;
      const fromMillis = req.query.from === undefined ? toMillis - DEFAULT_INCIDENT_RANGE_MILLIS : range.value.fromMillis;
      const status = req.query.status ?? 'all';
      const listed = await incidents.list({ status, fromMillis, toMillis, limit: req.query.limit ?? DEFAULT_INCIDENT_LIMIT });
      if (!listed.ok) return sendApiError(reply, listed.error);
      return { from: iso(fromMillis), to: iso(toMillis), status, incidents: listed.value.map(summary) };
    },
  );

  app.get<{ Params: { id: string } }>('/api/v1/incidents/:id', { schema: { params: IdParams, response: { 200: IncidentDetail, ...ERRORS } } }, async (req, reply) => {
    const found = await incidents.incident(req.params.id);
    if (!found.ok) return sendApiError(reply, found.error);
    if (found.value === undefined) return sendApiError(reply, causewayError('CW_ERR_API_NOT_FOUND', `no incident ${req.params.id}`));
    const { state, timeline } = found.value;
    return {
      ...summary(state),
      anomalies: state.anomalies.map(anomalyView),
      timeline: timeline.map((e) => ({ kind: e.kind, at: iso(e.atMillis), text: timelineText(e, state.id) })),
    };
  });

  app.get<{ Params: { id: string } }>('/api/v1/incidents/:id/causes', { schema: { params: IdParams, response: { 200: CausesView, ...ERRORS } } }, async (req, reply) => {
    const found = await incidents.incident(req.params.id);
    if (!found.ok) return sendApiError(reply, found.error);
    if (found.value === undefined) return sendApiError(reply, causewayError('CW_ERR_API_NOT_FOUND', `no incident ${req.params.id}`));
    const ranked = found.value.timeline.filter((e) => e.kind === 'causes-ranked').at(-1);
    return {
      incidentId: found.value.state.id,
      rankedAt: ranked === undefined ? null : iso(ranked.atMillis),
      causes: ranked === undefined ? [] : ranked.causes.map(causeView),
    };
  });
}
