/**
 * Call path on spans written into the real embedded engine: a service that
 * starts querying its database once per item (N+1), one whose cache
 * stopped answering so it goes to the database instead, a caller retrying
 * a failing callee, a service asked for other things (a new operation
 * that makes other calls), a quiet service, a steady one, and calls made
 * below an internal span.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpanRow } from '../../storage/otel-rows.ts';
import { type FixtureStore, openFixtureStore } from '../../storage/testing/fixture-store.ts';
import { MINUTE, type SpanSpec, scorerInput, traceRows } from '../evidence/evidence-fixtures.ts';
import type { EntityScore } from '../scorer.ts';
import { readCallCounts } from '../evidence/read-call-counts.ts';
import { createCallPathScorer } from './call-path.ts';

let t: FixtureStore;
const BASE = Date.UTC(2026, 3, 1, 10);
const ONSET = BASE + 10 * MINUTE;
const AT = ONSET + 5 * MINUTE;
const CANDIDATES = ['orders', 'catalog', 'web', 'search', 'quiet', 'steady', 'payment'];

let traceNo = 0;
/** `count` traces spread evenly over [fromMillis, fromMillis + spanMillis), each made by `make`. */
function traces(count: number, fromMillis: number, spanMillis: number, make: (i: number) => SpanSpec[]): SpanRow[] {
  return Array.from({ length: count }, (_, i) => traceRows(++traceNo, fromMillis + Math.floor((i * spanMillis) / count), make(i))).flat();
}

const server = (service: string, name: string): SpanSpec => ({ no: 0, service, name, kind: 'Server', offsetMillis: 0, durationMillis: 40 });
const calls = (service: string, peer: string, n: number, opts: { db?: boolean; failed?: number; first?: number } = {}): SpanSpec[] =>
  Array.from({ length: n }, (_, k) => ({
    no: (opts.first ?? 1) + k,
    parent: 0,
    service,
    name: opts.db ? 'SELECT' : 'GET',
    kind: 'Client',
    offsetMillis: 1 + k,
    durationMillis: 2,
    status: k < (opts.failed ?? 0) ? 'Error' : 'Unset',
    attributes: { 'server.address': peer, ...(opts.db ? { 'db.system': 'postgresql' } : {}) } as Record<string, string>,
  }));

/** The two periods of one service: `before` traces over the baseline's 10 minutes, `after` over the incident's 5. */
const periods = (before: number, after: number, makeBefore: (i: number) => SpanSpec[], makeAfter: (i: number) => SpanSpec[]) => [
  ...traces(before, BASE, 10 * MINUTE, makeBefore),
  ...traces(after, ONSET, 5 * MINUTE, makeAfter),
];

/** Trace ids of steady's incident traces, in order. */
let steadyIncidentTraceIds: string[] = [];

function steadyRows(): SpanRow[] {
  const steady = () => [server('steady', 'GET /'), ...calls('steady', 'store', 2)];
  const twice = traces(1, ONSET + 30_000, 1, steady);
  const rows = [...periods(40, 30, steady, steady), ...twice, ...twice];
  steadyIncidentTraceIds = [...new Set(rows.filter((r) => BigInt(r.Timestamp) >= BigInt(ONSET) * 1_000_000n).map((r) => r.TraceId))].sort();
  return rows;
}

beforeAll(async () => {
  t = await openFixtureStore('rca-call-path');
  const rows: SpanRow[] = [
    // orders: one query per order before, one per item (6) since the onset; nothing got slower or failed.
    ...periods(40, 30, () => [server('orders', 'GET /orders/{id}'), ...calls('orders', 'orders-db', 1, { db: true })], () => [server('orders', 'GET /orders/{id}'), ...calls('orders', 'orders-db', 6, { db: true })]),
    // catalog: its cache answered every request before; since the onset the cache is skipped and the database asked instead.
    ...periods(40, 30, () => [server('catalog', 'GET /products'), ...calls('catalog', 'cache', 1)], () => [server('catalog', 'GET /products'), ...calls('catalog', 'catalog-db', 1, { db: true })]),
    // web: its calls to payment fail since the onset and it retries each three times.
    ...periods(40, 30, () => [server('web', 'POST /checkout'), ...calls('web', 'payment', 1)], () => [server('web', 'POST /checkout'), ...calls('web', 'payment', 3, { failed: 3 })]),
    // search: since the onset also asked for suggestions, a new operation that calls the index five times; searches call it once, as before.
    ...periods(
      40,
      30,
      () => [server('search', 'GET /search'), ...calls('search', 'index', 1)],
      (i) => (i % 2 === 0 ? [server('search', 'GET /suggest'), ...calls('search', 'index', 5)] : [server('search', 'GET /search'), ...calls('search', 'index', 1)]),
    ),
    // quiet: few requests, a large change.
    ...periods(8, 6, () => [server('quiet', 'GET /'), ...calls('quiet', 'store', 1)], () => [server('quiet', 'GET /'), ...calls('quiet', 'store', 5)]),
    // steady: two calls per request throughout, one incident trace of it stored twice (delivery is at least once).
    ...steadyRows(),
    // payment: its calls hang below an internal span, which stopped making them.
    ...periods(
      40,
      30,
      () => [server('payment', 'POST /pay'), { no: 1, parent: 0, service: 'payment', name: 'charge', kind: 'Internal', offsetMillis: 1, durationMillis: 20 }, ...calls('payment', 'bank', 1, { first: 2 }).map((c) => ({ ...c, parent: 1 }))],
      () => [server('payment', 'POST /pay'), { no: 1, parent: 0, service: 'payment', name: 'charge', kind: 'Internal', offsetMillis: 1, durationMillis: 20 }],
    ),
  ];
  await t.insert('otel_traces', rows);
});
afterAll(async () => {
  await t?.close();
});

async function scores(candidates: readonly string[] = CANDIDATES, options: Parameters<typeof createCallPathScorer>[0] = {}): Promise<Record<string, EntityScore>> {
  const r = await createCallPathScorer(options).score(scorerInput({ store: t.store, candidates, baselineFromMillis: BASE, onsetMillis: ONSET, atMillis: AT }));
  if (!r.ok) throw new Error(r.error.message);
  return Object.fromEntries(r.value.map((s) => [s.entity, s]));
}

describe('call path scorer', () => {
  it('blames a service that calls its database once per item instead of once per request, on calls alone', async () => {
    const { orders } = await scores();
    expect(orders).toMatchObject({ indicator: 'code' });
    // 6x on the log scale that reaches 1 at 8x; the 180 calls against 30 expected are far past fullScoreZ.
    expect(orders!.score).toBeCloseTo(Math.log(6) / Math.log(8), 10);
    expect(orders!.explanation).toBe('orders "GET /orders/{id}" makes 6 calls to orders-db per run since the onset, against 1 before (6x more)');
    expect(orders!.evidence.traceIds).toHaveLength(3);
  });

  it('blames a service whose cache stopped answering: it stopped calling the cache and started calling its database', async () => {
    const { catalog } = await scores();
    expect(catalog).toMatchObject({ indicator: 'code' });
    expect(catalog!.score).toBeGreaterThan(0.9);
    expect(catalog!.explanation).toMatch(/^catalog "GET \/products" (started calling catalog-db: 1 call per run since the onset, none before|stopped calling cache: none since the onset, 1 call per run before)$/);
  });

  it('counts a caller retrying a failing callee half, blames its failing calls rather than its code, and names the callee', async () => {
    const { web } = await scores();
    expect(web!.indicator).toBe('errors');
    const full = Math.min(Math.log(3) / Math.log(8), 1);
    expect(web!.score).toBeCloseTo(0.5 * full, 10);
    // Asked for more failed calls than there were, the same change is web's own.
    const alone = await scores(['web'], { reactionMinFailedCalls: 1000 });
    expect(alone.web).toMatchObject({ indicator: 'code' });
    expect(alone.web!.score).toBeCloseTo(full, 10);
    expect(web!.explanation).toBe('web "POST /checkout" makes 3 calls to payment per run since the onset, against 1 before (3x more) (its calls to payment failed more often since the onset: it may be reacting to them)');
  });

  it('judges each operation by its own runs: a service asked for something new, one with too few runs, one whose calls stayed as they were say nothing', async () => {
    const result = await scores();
    expect(Object.keys(result).sort()).toEqual(['catalog', 'orders', 'payment', 'web']);
    // Counted per service rather than per operation, search's calls per request would have risen 3x.
    expect(result.search).toBeUndefined();
    // The same quiet service is judged once its few runs are enough.
    const { quiet } = await scores(['quiet'], { minRuns: 5 });
    expect(quiet!.explanation).toBe('quiet "GET /" makes 5 calls to store per run since the onset, against 1 before (5x more)');
  });

  it('counts calls for the span they hang from, an internal one too', async () => {
    const { payment } = await scores();
    expect(payment).toMatchObject({ indicator: 'code' });
    expect(payment!.explanation).toBe('payment "charge" stopped calling bank: none since the onset, 1 call per run before');
  });

  it('returns nothing without spans for the candidates or before any incident time has passed', async () => {
    expect(await scores(['nobody'])).toEqual({});
    const r = await createCallPathScorer().score(scorerInput({ store: t.store, candidates: CANDIDATES, baselineFromMillis: BASE, onsetMillis: ONSET, atMillis: ONSET }));
    expect(r).toEqual({ ok: true, value: [] });
  });

  it('refuses invalid options when created', () => {
    expect(() => createCallPathScorer({ minFold: 1 })).toThrow(/minFold/);
    expect(() => createCallPathScorer({ fullScoreFold: 1.5 })).toThrow(/fullScoreFold/);
    expect(() => createCallPathScorer({ minRuns: 0 })).toThrow(/minRuns/);
    expect(() => createCallPathScorer({ reactionMinFailedCalls: 1.5 })).toThrow(/reactionMinFailedCalls/);
    expect(() => createCallPathScorer({ reactionFactor: 2 })).toThrow(/reactionFactor/);
    expect(() => createCallPathScorer({ fullScoreZ: 2 })).toThrow(/minZ < fullScoreZ/);
  });
});

describe('readCallCounts', () => {
  it('counts a run stored twice once, with its calls, and names the first three incident traces in order as exemplars', async () => {
    const r = await readCallCounts(t.store, { baselineFromMillis: BASE, onsetMillis: ONSET, atMillis: AT }, ['steady']);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.map((op) => [op.service, op.operation])).toEqual([['steady', 'GET /']]);
    const [op] = r.value;
    expect(op!.baseline).toEqual({ runs: 40, byPeer: new Map([['store', { calls: 80, failed: 0 }]]) });
    // 30 incident runs and the one stored twice.
    expect(op!.incident).toEqual({ runs: 31, byPeer: new Map([['store', { calls: 62, failed: 0 }]]) });
    expect(steadyIncidentTraceIds).toHaveLength(31);
    expect(op!.traceIdsByPeer.get('store')).toEqual(steadyIncidentTraceIds.slice(0, 3));
  });
});
