/**
 * The incidents routes through the API server, on events written into a real
 * embedded store by the incident event store:
 *
 * - inc-1 (carts, orders): ranked twice, resolved at +20 min, recurs as inc-4;
 * - inc-2 (db) is still open; inc-3 (payment) merges into it at +8 min;
 * - inc-4 (carts) opens at +40 min as a recurrence of inc-1, still open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger.ts';
import type { Anomaly, Indicator } from '../../correlator/index.ts';
import { type IncidentEvent, createIncidentEventStore } from '../../correlator/incidents/index.ts';
import { KEEP_FOREVER } from '../../correlator/topology/topology-fixtures.ts';
import type { Store } from '../../storage/index.ts';
import { openMigratedStore, storeOptions, tempDir } from '../../storage/testing/test-store.ts';
import { type ApiServer, createApiServer } from '../index.ts';

const dir = tempDir('api-incidents');
let store: Store;
let api: ApiServer;

const T0 = Date.UTC(2025, 4, 6, 9, 0, 0);
const MIN = 60_000;
const at = (minutes: number) => T0 + minutes * MIN;
const iso = (minutes: number) => new Date(at(minutes)).toISOString();

function anomaly(entity: string, indicator: Indicator, signal: string, detector: string, minutes: number, score: number, evidence: Anomaly['evidence'] = {}): Anomaly {
  return { entity, indicator, signal, detector, onsetMillis: at(minutes), score, severity: score >= 3 ? 'critical' : 'warning', direction: 'up', evidence };
}

const CARTS = anomaly('carts', 'latency', 'latency_p95_ms', 'robust-baseline', 0, 4.2, { baseline: 120, observed: 480, threshold: Number.NaN, window: [1, Number.POSITIVE_INFINITY] });
const ORDERS = anomaly('orders', 'errors', 'error_ratio', 'static-threshold', 1, 2.5);
const DB = anomaly('db', 'cpu', 'cpu_utilization', 'change-point', 5, Number.POSITIVE_INFINITY);
const PAYMENT = anomaly('payment', 'latency', 'latency_p95_ms', 'robust-baseline', 6, 3.1);
const CARTS_AGAIN = anomaly('carts', 'latency', 'latency_p95_ms', 'robust-baseline', 40, 3.6);

const attach = (incidentId: string, a: Anomaly): IncidentEvent => ({ kind: 'anomaly-attached', incidentId, atMillis: a.onsetMillis, fingerprint: `${a.entity}|${a.signal}`, anomaly: a });

const LOG: IncidentEvent[] = [
  { kind: 'opened', incidentId: 'inc-1', atMillis: at(0), detectedAtMillis: at(1) },
  attach('inc-1', CARTS),
  // Joined as a symptom: the timeline says so.
  { kind: 'anomaly-attached', incidentId: 'inc-1', atMillis: ORDERS.onsetMillis, fingerprint: `${ORDERS.entity}|${ORDERS.signal}`, anomaly: ORDERS, asSymptom: true },
  { kind: 'severity-changed', incidentId: 'inc-1', atMillis: at(1), severity: 'critical', priority: 'P2', services: 2 },
  {
    kind: 'causes-ranked',
    incidentId: 'inc-1',
    atMillis: at(2),
    causes: [{ entity: 'orders', indicator: 'errors', score: 0.6, explanation: 'errors of orders rose first', evidence: {} }],
  },
  { kind: 'opened', incidentId: 'inc-2', atMillis: at(5) },
  attach('inc-2', DB),
  { kind: 'opened', incidentId: 'inc-3', atMillis: at(6) },
  attach('inc-3', PAYMENT),
  {
    kind: 'causes-ranked',
    incidentId: 'inc-1',
    atMillis: at(4),
    causes: [
      {
        entity: 'carts',
        indicator: 'latency',
        score: 0.83,
        explanation: 'latency of carts rose 4x 40 s before its callers slowed',
        evidence: {
          series: [{ entity: 'carts', signal: 'latency_p95_ms', fromMillis: at(-1), stepSeconds: 10, values: [120, null, Number.NaN, 480] }],
          traceIds: ['ab'.repeat(16)],
          logSamples: ['timeout calling redis'],
          changes: ['service.version 1.4.2 -> 1.5.0'],
          scores: { magnitude: 0.9, order: Number.NaN },
        },
      },
      { entity: 'orders', indicator: 'errors', score: 0.4, explanation: 'errors of orders followed carts', evidence: {} },
    ],
  },
  { kind: 'merged-into', incidentId: 'inc-3', atMillis: at(8), targetIncidentId: 'inc-2' },
  { kind: 'resolved', incidentId: 'inc-1', atMillis: at(20), reason: 'quiet' },
  { kind: 'opened', incidentId: 'inc-4', atMillis: at(40), reopenOf: 'inc-1' },
  { kind: 'reopened-as', incidentId: 'inc-1', atMillis: at(40), newIncidentId: 'inc-4' },
  attach('inc-4', CARTS_AGAIN),
];

beforeAll(async () => {
  store = await openMigratedStore(storeOptions({ dataDir: dir.path, retention: KEEP_FOREVER }));
  const events = createIncidentEventStore(store);
  for (const batch of [LOG.slice(0, 5), LOG.slice(5, 11), LOG.slice(11)]) {
    const appended = await events.append(batch);
    if (!appended.ok) throw new Error(appended.error.message);
  }
  api = createApiServer({ host: '127.0.0.1', port: 0, store, logger: silentLogger(), readiness: { check: async () => undefined } });
});
afterAll(async () => {
  await api?.shutdown();
  await store?.close();
  dir.remove();
});

interface Summary {
  id: string;
  status: string;
  [key: string]: unknown;
}
interface ListBody {
  from: string;
  to: string;
  status: string;
  incidents: Summary[];
}

const get = (url: string) => api.app.inject({ url });
const list = async (query: string) => {
  const res = await get(`/api/v1/incidents?${query}`);
  expect(res.statusCode).toBe(200);
  return res.json() as ListBody;
};
const range = (fromMinutes: number, toMinutes: number) => `from=${iso(fromMinutes)}&to=${at(toMinutes)}`;

describe('GET /api/v1/incidents', () => {
  it('lists the incidents alive in the range, newest first, with their summaries', async () => {
    const body = await list(range(0, 60));
    expect(body).toMatchObject({ from: iso(0), to: iso(60), status: 'all' });
    expect(body.incidents.map((i) => `${i.id}:${i.status}`)).toEqual(['inc-4:open', 'inc-3:merged', 'inc-2:open', 'inc-1:resolved']);
    expect(body.incidents[3]).toEqual({
      id: 'inc-1',
      status: 'resolved',
      severity: 'critical',
      priority: 'P2',
      openedAt: iso(0),
      detectedAt: iso(1),
      updatedAt: iso(40),
      resolvedAt: iso(20),
      services: 2,
      entities: ['carts', 'orders'],
      // orders joined as a symptom (the log above): not part of the story.
      storyEntities: ['carts'],
      anomalyCount: 2,
      topCause: { entity: 'carts', indicator: 'latency', score: 0.83, explanation: 'latency of carts rose 4x 40 s before its callers slowed' },
      reopenOf: null,
      reopenedAs: 'inc-4',
      mergedInto: null,
    });
    expect(body.incidents[2]).toMatchObject({ id: 'inc-2', entities: ['db', 'payment'], storyEntities: ['db', 'payment'], anomalyCount: 2, topCause: null, resolvedAt: null, severity: 'warning', priority: 'P4' });
    expect(body.incidents[1]).toMatchObject({ id: 'inc-3', mergedInto: 'inc-2', updatedAt: iso(8) });
    // inc-4 was logged without detectedAtMillis, as incidents were before it was recorded.
    expect(body.incidents[0]).toMatchObject({ id: 'inc-4', reopenOf: 'inc-1', openedAt: iso(40), detectedAt: null });
  });

  it('filters by status and range, and stops at the limit', async () => {
    const ids = async (query: string) => (await list(query)).incidents.map((i) => i.id);
    expect(await ids(`status=open&${range(0, 60)}`)).toEqual(['inc-4', 'inc-2']);
    expect(await ids(`status=resolved&${range(0, 60)}`)).toEqual(['inc-1']);
    expect(await ids(`status=merged&${range(0, 60)}`)).toEqual(['inc-3']);
    expect(await ids(`status=all&limit=2&${range(0, 60)}`)).toEqual(['inc-4', 'inc-3']);
    // inc-1 ended at +20 and inc-3 at +8; inc-4 opens at +40; inc-2 is still open.
    expect(await ids(range(25, 30))).toEqual(['inc-2']);
    expect(await ids(range(-60, 0))).toEqual([]);
  });

  it('defaults to the 24 hours before now, where only the incidents still open are alive', async () => {
    const before = Date.now();
    const body = await list('');
    const to = Date.parse(body.to);
    expect(to).toBeGreaterThanOrEqual(before);
    expect(to - Date.parse(body.from)).toBe(86_400_000);
    expect(body.incidents.map((i) => i.id)).toEqual(['inc-4', 'inc-2']);
  });

  it('rejects a bad status, limit or range with 400', async () => {
    for (const query of ['status=closed', 'limit=0', 'limit=501', 'limit=ten', 'from=yesterday', `from=${iso(10)}&to=${iso(0)}`]) {
      const res = await get(`/api/v1/incidents?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().code, query).toBe('CW_ERR_API_BAD_REQUEST');
    }
    expect((await get('/api/v1/incidents?from=yesterday')).json().message).toBe('from: "yesterday" is neither ISO 8601 nor Unix milliseconds');
  });
});

describe('GET /api/v1/incidents/{id}', () => {
  it('answers the incident with its anomalies and a timeline of every event in order', async () => {
    const res = await get('/api/v1/incidents/inc-1');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ id: 'inc-1', status: 'resolved', reopenedAs: 'inc-4', anomalyCount: 2 });
    expect(body.anomalies).toEqual([
      {
        entity: 'carts',
        indicator: 'latency',
        signal: 'latency_p95_ms',
        detector: 'robust-baseline',
        onset: iso(0),
        score: 4.2,
        severity: 'critical',
        direction: 'up',
        evidence: { baseline: 120, observed: 480, threshold: 'NaN', window: [1, 'Infinity'] },
      },
      { entity: 'orders', indicator: 'errors', signal: 'error_ratio', detector: 'static-threshold', onset: iso(1), score: 2.5, severity: 'warning', direction: 'up', evidence: {} },
    ]);
    expect(body.timeline).toEqual([
      { kind: 'opened', at: iso(0), text: 'opened' },
      { kind: 'anomaly-attached', at: iso(0), text: 'anomaly latency_p95_ms on carts (robust-baseline, score 4.2)' },
      { kind: 'anomaly-attached', at: iso(1), text: 'anomaly error_ratio on orders (static-threshold, score 2.5), a symptom' },
      { kind: 'severity-changed', at: iso(1), text: 'severity critical, priority P2 (2 services)' },
      { kind: 'causes-ranked', at: iso(2), text: '1 cause ranked, first errors of orders (score 0.60)' },
      { kind: 'causes-ranked', at: iso(4), text: '2 causes ranked, first latency of carts (score 0.83)' },
      { kind: 'resolved', at: iso(20), text: 'resolved: no new anomaly for the quiet period' },
      { kind: 'reopened-as', at: iso(40), text: 'recurred as inc-4' },
    ]);
  });

  it('shows merges from both sides, recurrences, and a non-finite score as null', async () => {
    const target = (await get('/api/v1/incidents/inc-2')).json();
    expect(target).toMatchObject({ status: 'open', entities: ['db', 'payment'], mergedInto: null });
    expect(target.anomalies.map((a: { entity: string; score: number | null }) => [a.entity, a.score])).toEqual([
      ['db', null],
      ['payment', 3.1],
    ]);
    expect(target.timeline.map((t: { text: string }) => t.text)).toEqual([
      'opened',
      'anomaly cpu_utilization on db (change-point, score Infinity)',
      'inc-3 merged into this incident',
    ]);
    const merged = await get('/api/v1/incidents/inc-3');
    expect(merged.statusCode).toBe(200);
    expect(merged.json()).toMatchObject({ id: 'inc-3', status: 'merged', mergedInto: 'inc-2', entities: ['payment'] });
    expect(merged.json().timeline.at(-1)).toEqual({ kind: 'merged-into', at: iso(8), text: 'merged into inc-2' });
    expect((await get('/api/v1/incidents/inc-4')).json().timeline[0]).toEqual({ kind: 'opened', at: iso(40), text: 'opened as a recurrence of inc-1' });
  });

  it('answers 404 naming an unknown id and 400 for an id that cannot be one', async () => {
    const missing = await get('/api/v1/incidents/inc-99');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ code: 'CW_ERR_API_NOT_FOUND', message: 'no incident inc-99' });
    for (const bad of ['-inc', 'inc%201', 'inc@1', "inc-1'"]) {
      const res = await get(`/api/v1/incidents/${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().code).toBe('CW_ERR_API_BAD_REQUEST');
    }
  });
});

describe('GET /api/v1/incidents/{id}/causes', () => {
  it('answers the newest ranking with its time and evidence', async () => {
    const res = await get('/api/v1/incidents/inc-1/causes');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      incidentId: 'inc-1',
      rankedAt: iso(4),
      causes: [
        {
          entity: 'carts',
          indicator: 'latency',
          score: 0.83,
          explanation: 'latency of carts rose 4x 40 s before its callers slowed',
          evidence: {
            series: [{ entity: 'carts', signal: 'latency_p95_ms', from: iso(-1), stepSeconds: 10, values: [120, null, null, 480] }],
            traceIds: ['ab'.repeat(16)],
            logSamples: ['timeout calling redis'],
            changes: ['service.version 1.4.2 -> 1.5.0'],
            scores: { magnitude: 0.9, order: null },
          },
        },
        { entity: 'orders', indicator: 'errors', score: 0.4, explanation: 'errors of orders followed carts', evidence: {} },
      ],
    });
  });

  it('answers an empty list and rankedAt null before the first ranking', async () => {
    expect((await get('/api/v1/incidents/inc-2/causes')).json()).toEqual({ incidentId: 'inc-2', rankedAt: null, causes: [] });
  });

  it('answers 404 for an unknown incident and 400 for a malformed id', async () => {
    const missing = await get('/api/v1/incidents/nope-7/causes');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ code: 'CW_ERR_API_NOT_FOUND', message: 'no incident nope-7' });
    expect((await get('/api/v1/incidents/inc%2F1/causes')).statusCode).toBe(400);
  });
});
