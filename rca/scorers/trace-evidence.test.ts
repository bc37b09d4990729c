/**
 * Trace evidence on spans written into the real embedded engine: an
 * exception in a leaf service, a slow database, self time with parallel and
 * asynchronous children, spans without kinds or status codes, sparse
 * traffic.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureStore, openFixtureStore } from '../../storage/testing/fixture-store.ts';
import { MINUTE, type SpanSpec, scorerInput, traceIdOf, traceRows } from '../evidence/evidence-fixtures.ts';
import { readOperationStats } from '../evidence/read-operation-stats.ts';
import type { EntityScore } from '../scorer.ts';
import { TRACE_EVIDENCE_DEFAULTS, createTraceEvidenceScorer } from './trace-evidence.ts';

let t: FixtureStore;
const scorer = createTraceEvidenceScorer();

/** Each scenario: a 10 min baseline, onset, 5 min incident, one trace every 10 s. */
const LEAF = Date.UTC(2026, 1, 1, 10);
const DB = Date.UTC(2026, 1, 2, 10);
const SHAPES = Date.UTC(2026, 1, 3, 10);
const NET = Date.UTC(2026, 1, 4, 10);
const SPARSE = Date.UTC(2026, 1, 5, 10);
const FAN = Date.UTC(2026, 1, 6, 10);
const DEADLINE = Date.UTC(2026, 1, 9, 10);
const periodsFrom = (base: number) => ({ baselineFromMillis: base, onsetMillis: base + 10 * MINUTE, atMillis: base + 15 * MINUTE });
const TRACES_PER_SCENARIO = 90;

/** frontend -> checkout -> payment (-> payments-db); payment fails with HTTP 500 and no status code when `fails`. */
function checkoutTrace(fails: boolean, withAudit: boolean): SpanSpec[] {
  const err = fails ? 'Error' : 'Unset';
  const http = (failed: boolean) => ({ 'http.response.status_code': failed ? '500' : '200' });
  const specs: SpanSpec[] = [
    { no: 0, service: 'frontend', name: 'GET /checkout', kind: 'Server', offsetMillis: 0, durationMillis: 40, status: err, attributes: http(fails) },
    { no: 1, parent: 0, service: 'frontend', name: 'POST', kind: 'Client', offsetMillis: 2, durationMillis: 34, status: err, attributes: { 'server.address': 'checkout', ...http(fails) } },
    { no: 2, parent: 1, service: 'checkout', name: 'POST /checkout', kind: 'Server', offsetMillis: 3, durationMillis: 32, status: err, attributes: http(fails) },
    { no: 3, parent: 2, service: 'checkout', name: 'POST', kind: 'Client', offsetMillis: 5, durationMillis: 20, status: err, attributes: { 'server.address': 'payment', ...http(fails) } },
    // Older instrumentation: the failure shows only as an HTTP 500, the status stays Unset.
    { no: 4, parent: 3, service: 'payment', name: 'POST /charge', kind: 'Server', offsetMillis: 6, durationMillis: 18, attributes: http(fails) },
    { no: 5, parent: 4, service: 'payment', name: 'SELECT', kind: 'Client', offsetMillis: 7, durationMillis: 5, attributes: { 'db.system': 'postgresql', 'server.address': 'payments-db' } },
  ];
  if (withAudit) {
    specs.push(
      { no: 6, parent: 2, service: 'checkout', name: 'POST', kind: 'Client', offsetMillis: 26, durationMillis: 4, status: 'Error', attributes: { 'server.address': 'audit' } },
      { no: 7, parent: 6, service: 'audit', name: 'POST /record', kind: 'Server', offsetMillis: 27, durationMillis: 2, status: 'Error' },
    );
  }
  return specs;
}

/** api -> orders -> orders-db, the database statement taking `dbMillis`. */
function ordersTrace(dbMillis: number): SpanSpec[] {
  return [
    { no: 0, service: 'api', name: 'GET /orders', kind: 'Server', offsetMillis: 0, durationMillis: 10 + dbMillis },
    { no: 1, parent: 0, service: 'api', name: 'GET', kind: 'Client', offsetMillis: 1, durationMillis: 7 + dbMillis, attributes: { 'server.address': 'orders' } },
    { no: 2, parent: 1, service: 'orders', name: 'GET /orders', kind: 'Server', offsetMillis: 2, durationMillis: 5 + dbMillis },
    { no: 3, parent: 2, service: 'orders', name: 'SELECT orders', kind: 'Client', offsetMillis: 3, durationMillis: dbMillis, attributes: { 'db.system': 'postgresql', 'server.address': 'orders-db' } },
  ];
}

/**
 * api -> shop -> shop-db with `delayMillis` added to every packet through
 * shop's interface (a network delay on shop): its database calls take that
 * much longer, and so does the hop from api to shop.
 */
function shopTrace(delayMillis: number): SpanSpec[] {
  const db = 3 + delayMillis;
  const server = 5 + db;
  const call = 2 + delayMillis + server;
  return [
    { no: 0, service: 'api', name: 'GET /shop', kind: 'Server', offsetMillis: 0, durationMillis: call + 3 },
    { no: 1, parent: 0, service: 'api', name: 'GET', kind: 'Client', offsetMillis: 1, durationMillis: call, attributes: { 'server.address': 'shop' } },
    { no: 2, parent: 1, service: 'shop', name: 'GET /items', kind: 'Server', offsetMillis: 2 + delayMillis, durationMillis: server },
    { no: 3, parent: 2, service: 'shop', name: 'SELECT items', kind: 'Client', offsetMillis: 3 + delayMillis, durationMillis: db, attributes: { 'db.system': 'postgresql', 'server.address': 'shop-db' } },
  ];
}

/**
 * web calls ads, and store calls promo, over gRPC with a 100 ms deadline. Before the onset
 * every call takes 5 ms. After it, ads is slow: every other call gives up
 * at the deadline (DEADLINE_EXCEEDED) while ads's own span runs on and ends
 * fine; promo is unreachable: every call gives up at the deadline (the
 * connection attempt outlives it) and promo serves nothing.
 */
function deadlineTrace(callee: 'ads' | 'promo', incident: boolean, i: number): SpanSpec[] {
  const timedOut = incident && (callee === 'promo' || i % 2 === 0);
  const caller = callee === 'ads' ? 'web' : 'store';
  const call: SpanSpec = {
    no: 1,
    parent: 0,
    service: caller,
    name: `shop.${callee}/Get`,
    kind: 'Client',
    offsetMillis: 1,
    durationMillis: timedOut ? 100 : 5,
    status: timedOut ? 'Error' : 'Unset',
    attributes: { 'rpc.system': 'grpc', 'rpc.grpc.status_code': timedOut ? '4' : '0', 'server.address': callee },
  };
  const specs: SpanSpec[] = [{ no: 0, service: caller, name: 'GET /', kind: 'Server', offsetMillis: 0, durationMillis: 110 }, call];
  if (!(incident && callee === 'promo')) {
    specs.push({ no: 2, parent: 1, service: callee, name: `shop.${callee}/Get`, kind: 'Server', offsetMillis: 2, durationMillis: timedOut ? 150 : 3, attributes: { 'rpc.grpc.status_code': '0' } });
  }
  return specs;
}

/**
 * `caller` calls `callee` once: the call takes `callMillis`, of which the
 * callee's own server span is 2 ms; the rest (1 ms normally) is the wire.
 */
function callTrace(caller: string, callee: string, callMillis: number, name = 'GET'): SpanSpec[] {
  return [
    { no: 0, service: caller, name: 'GET /', kind: 'Server', offsetMillis: 0, durationMillis: callMillis + 4 },
    { no: 1, parent: 0, service: caller, name, kind: 'Client', offsetMillis: 1, durationMillis: callMillis, attributes: { 'server.address': callee } },
    { no: 2, parent: 1, service: callee, name: `GET /${callee}`, kind: 'Server', offsetMillis: 2, durationMillis: 2 },
  ];
}

/** Sparse calls at SPARSE: [caller, callee, minutes after the start, added delay in the incident (ms)]. */
const SPARSE_CALLS: readonly (readonly [string, string, readonly number[], number])[] = [
  // quote is slow for both its callers: 3 + 1 calls per period.
  ['web', 'quote', [1, 4, 7, 10.5, 12, 13.5], 150],
  ['admin', 'quote', [2, 11], 150],
  // ledger is slow for web only; batch's calls to it are as fast as ever.
  ['web', 'ledger', [1.5, 5.5, 10.5, 12.5], 100],
  ['batch', 'ledger', [2.5, 6.5, 11, 13], 0],
  // One call per period is nothing to judge.
  ['web', 'lonely', [3, 11.5], 150],
  // ship is slow for its one traced caller (a delay on ship's own network), and busy with requests from untraced clients.
  ['web', 'ship', [1, 4, 7, 10.5, 12, 13.5], 150],
];
/** Requests to ship from untraced clients, one a minute, as fast before the onset as after: ship's own spans did not slow. */
const SHIP_OWN_MINUTES = Array.from({ length: 15 }, (_, m) => m + 0.75);

/**
 * web calls report's cheap `GET /summary` (1 ms on the wire) and costly
 * `GET /export` (50 ms), at the same pace each, but more exports after the
 * onset: 10 + 5 calls before, 5 + 10 after.
 */
const MIX = Date.UTC(2026, 1, 8, 10);
const MIX_CALLS: readonly (readonly [string, number, number])[] = [
  ['GET /summary', 10, 5],
  ['GET /export', 5, 10],
];

/** gw calls stock every minute; one call after the onset spends 150 ms in gw itself (a pause, a lost child span). */
const OUTLIER = Date.UTC(2026, 1, 7, 10);
/** Trace number of gw's call in minute 0; minute m is this plus m. */
let outlierTraceNo = 0;
function gwTrace(ownMillis: number): SpanSpec[] {
  return [
    { no: 0, service: 'gw', name: 'POST /trips', kind: 'Server', offsetMillis: 0, durationMillis: 12 + ownMillis },
    { no: 1, parent: 0, service: 'gw', name: 'POST', kind: 'Client', offsetMillis: 1, durationMillis: 10, attributes: { 'server.address': 'stock' } },
  ];
}

beforeAll(async () => {
  t = await openFixtureStore('rca-trace-evidence');
  const rows = [];
  for (let i = 0; i < TRACES_PER_SCENARIO; i++) {
    const incident = i >= 60;
    // Half the incident's checkouts fail in payment; two healthy ones also make a failing call to a rarely used service.
    rows.push(...traceRows(1000 + i, LEAF + i * 10_000, checkoutTrace(incident && i % 2 === 0, i === 61 || i === 63)));
    rows.push(...traceRows(2000 + i, DB + i * 10_000, ordersTrace(incident ? 60 : 3)));
    rows.push(...traceRows(5000 + i, NET + i * 10_000, shopTrace(incident ? 30 : 0)));
    rows.push(...traceRows(9000 + i, DEADLINE + i * 10_000, deadlineTrace('ads', incident, i)));
    rows.push(...traceRows(9500 + i, DEADLINE + i * 10_000 + 5000, deadlineTrace('promo', incident, i)));
  }
  // One trace, stored twice (delivery is at least once): overlapping children, an asynchronous child outliving
  // its parent; a database span without a kind.
  const shapes = traceRows(3000, SHAPES + 11 * MINUTE, [
    { no: 0, service: 'batch', name: 'run', kind: 'Server', offsetMillis: 0, durationMillis: 100 },
    { no: 1, parent: 0, service: 'batch', name: 'step a', kind: 'Internal', offsetMillis: 10, durationMillis: 50 },
    { no: 2, parent: 0, service: 'batch', name: 'step b', kind: 'Internal', offsetMillis: 30, durationMillis: 50 },
    { no: 3, parent: 0, service: 'batch', name: 'publish', kind: 'Producer', offsetMillis: 90, durationMillis: 40 },
    { no: 4, service: 'legacy', name: 'query', kind: 'Unspecified', offsetMillis: 200, durationMillis: 8, attributes: { 'db.system': 'mysql', 'server.address': 'legacy-db' } },
  ]);
  rows.push(...shapes, ...shapes);
  // coupon: 20 healthy calls before the onset, 3 after it of which 2 fail.
  for (let i = 0; i < 23; i++) {
    const at = SHAPES + (i < 20 ? i * 30_000 : 10 * MINUTE + (i - 20) * MINUTE);
    rows.push(...traceRows(4000 + i, at, [{ no: 0, service: 'coupon', name: 'POST /redeem', kind: 'Server', offsetMillis: 0, durationMillis: 4, status: i >= 21 ? 'Error' : 'Unset' }]));
  }
  let traceNo = 6000;
  for (const [caller, callee, minutes, delayMillis] of SPARSE_CALLS) {
    for (const m of minutes) rows.push(...traceRows(traceNo++, SPARSE + m * MINUTE, callTrace(caller, callee, 3 + (m >= 10 ? delayMillis : 0))));
  }
  for (const m of SHIP_OWN_MINUTES) rows.push(...traceRows(traceNo++, SPARSE + m * MINUTE, [{ no: 0, service: 'ship', name: 'GET /ship', kind: 'Server', offsetMillis: 0, durationMillis: 2 }]));
  outlierTraceNo = traceNo;
  for (let m = 0; m < 15; m++) rows.push(...traceRows(traceNo++, OUTLIER + m * MINUTE, gwTrace(m === 12 ? 150 : 0)));
  for (const [name, before, after] of MIX_CALLS) {
    const callMillis = name === 'GET /export' ? 52 : 3;
    for (let i = 0; i < before; i++) rows.push(...traceRows(traceNo++, MIX + (i * 10 * MINUTE) / before, callTrace('web', 'report', callMillis, name)));
    for (let i = 0; i < after; i++) rows.push(...traceRows(traceNo++, MIX + 10 * MINUTE + (i * 5 * MINUTE) / after, callTrace('web', 'report', callMillis, name)));
  }
  // Every minute edge calls a, b and c, and hub calls x, y and z. From the onset every call edge makes
  // takes 40 ms longer (a delay on edge's own interface); of hub's, only those to x do (x is slow).
  for (let m = 0; m < 15; m++) {
    const delay = m >= 10 ? 40 : 0;
    for (const callee of ['a', 'b', 'c']) rows.push(...traceRows(traceNo++, FAN + m * MINUTE + 1000, callTrace('edge', callee, 3 + delay)));
    for (const callee of ['x', 'y', 'z']) rows.push(...traceRows(traceNo++, FAN + m * MINUTE + 2000, callTrace('hub', callee, 3 + (callee === 'x' ? delay : 0))));
  }
  await t.insert('otel_traces', rows);
});
afterAll(async () => {
  await t?.close();
});

async function scores(base: number, candidates: readonly string[]): Promise<EntityScore[]> {
  const r = await scorer.score(scorerInput({ store: t.store, candidates, ...periodsFrom(base) }));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('trace evidence scorer', () => {
  it('points exclusive errors at the leaf that throws, not at the callers its errors pass through', async () => {
    const result = await scores(LEAF, ['frontend', 'checkout', 'payment', 'payments-db', 'audit']);
    const errors = result.filter((s) => s.indicator === 'errors');
    expect(errors.map((s) => s.entity)).toEqual(['payment']);
    expect(errors[0]!.score).toBe(1);
    expect(errors[0]!.explanation).toContain('payment "POST /charge": 15 of 30 spans (50%) fail with no failing span below them');
    expect(errors[0]!.explanation).toContain('0 of 60 (0%) before');
    const failing = new Set(Array.from({ length: 30 }, (_, k) => 1060 + k).filter((n) => n % 2 === 0).map(traceIdOf));
    expect(errors[0]!.evidence.traceIds!.length).toBeGreaterThan(0);
    expect(errors[0]!.evidence.traceIds!.length).toBeLessThanOrEqual(3);
    for (const id of errors[0]!.evidence.traceIds!) expect(failing.has(id)).toBe(true);
  });

  it('names calls that time out waiting for a callee that still serves latency, and calls to one that stopped serving errors', async () => {
    const [ads, ...restAds] = await scores(DEADLINE, ['web', 'ads']);
    expect(restAds).toEqual([]);
    expect(ads).toMatchObject({ entity: 'ads', indicator: 'latency', score: 1 });
    expect(ads!.explanation).toBe('calls from web to ads "shop.ads/Get": 15 of 30 spans (50%) fail with no failing span below them since the onset, 15 of them timing out waiting for an answer, against 0 of 60 (0%) before');
    // Calls hanging until the deadline are slow calls too: their own time rose, which the errors outweigh.
    const [promo, slowPromo] = await scores(DEADLINE, ['store', 'promo']);
    expect(promo).toMatchObject({ entity: 'promo', indicator: 'errors', score: 1 });
    expect(slowPromo).toMatchObject({ entity: 'promo', indicator: 'latency' });
    expect(slowPromo!.score).toBeLessThan(1);
    expect(promo!.explanation).toContain('30 of 30 spans (100%) fail with no failing span below them since the onset, 30 of them timing out while promo served hardly any spans of its own');
    // Without asking whether promo still served, its timeouts would read as slowness.
    const unasked = await createTraceEvidenceScorer({ minServedShare: 0 }).score(scorerInput({ store: t.store, candidates: ['store', 'promo'], ...periodsFrom(DEADLINE) }));
    expect(unasked.ok && unasked.value.map((s) => [s.entity, s.indicator, s.score])).toEqual([['promo', 'latency', 1]]);
  });

  it('discounts errors seen on few spans: 2 failures in 3 calls score less than 15 in 30', async () => {
    const [coupon, ...rest] = await scores(SHAPES, ['coupon']);
    expect(rest).toEqual([]);
    expect(coupon).toMatchObject({ entity: 'coupon', indicator: 'errors' });
    // Wilson lower bound of 2/3 at z = 1.645 is 0.2535; over the 0.3 that scores 1.
    expect(coupon!.score).toBeCloseTo(0.845, 3);
    expect(coupon!.explanation).toContain('2 of 3 spans (67%)');
  });

  it('leaves out an operation with too few spans to judge (two failing calls to audit)', async () => {
    const result = await scores(LEAF, ['audit']);
    expect(result).toEqual([]);
    const stats = await readOperationStats(t.store, periodsFrom(LEAF), ['audit']);
    expect(stats.ok && stats.value.find((s) => s.entity === 'audit' && s.via === '')?.incident).toMatchObject({ spans: 2, exclusiveErrors: 2 });
    expect(TRACE_EVIDENCE_DEFAULTS.minErrorSpans).toBeGreaterThan(2);
  });

  it('credits the exclusive latency of a slow database to the database, not to the services waiting on it', async () => {
    const result = await scores(DB, ['api', 'orders', 'orders-db']);
    expect(result.map((s) => [s.entity, s.indicator])).toEqual([['orders-db', 'latency']]);
    const db = result[0]!;
    expect(db.score).toBeCloseTo(1 - 3 / 60, 6);
    expect(db.explanation).toBe('self time of calls from orders to orders-db "SELECT orders" rose from 3.00 ms to 60.0 ms (75th percentile, 20.0x; 30 spans since the onset, 60 before)');
    expect(db.evidence.traceIds).toHaveLength(3);
  });

  it('puts a network delay on the service whose own calls and whose database calls slowed alike, not on its database', async () => {
    const result = await scores(NET, ['api', 'shop', 'shop-db']);
    expect(result.map((s) => [s.entity, s.indicator])).toEqual([
      ['shop', 'latency'],
      ['shop-db', 'latency'],
    ]);
    const [shop, db] = result as [EntityScore, EntityScore];
    // api -> shop: 2 ms of network became 32 ms; shop -> shop-db: 3 ms became 33 ms, counted half.
    expect(shop.score).toBeCloseTo((1 - 2 / 32) * 1, 6);
    expect(db.score).toBeCloseTo((1 - 3 / 33) * TRACE_EVIDENCE_DEFAULTS.callerSlowedFactor, 6);
    expect(db.explanation).toMatch(/^self time of calls from shop to shop-db "SELECT items" rose from 3\.00 ms to 33\.0 ms \(75th percentile, .*, and shop answered its own callers slower too$/);
  });

  it('judges a quiet callee on all its callers\' calls pooled, scaled by how few they are', async () => {
    const result = await scores(SPARSE, ['quote']);
    expect(result.map((s) => [s.entity, s.indicator])).toEqual([['quote', 'latency']]);
    // Wire time 1 ms -> 151 ms; 4 calls since the onset of the 5 a single operation needs.
    expect(result[0]!.score).toBeCloseTo((1 - 1 / 151) * (4 / TRACE_EVIDENCE_DEFAULTS.minLatencySpans), 6);
    expect(result[0]!.explanation).toBe('self time of calls from admin, web to quote rose from 1.00 ms to 151 ms (75th percentile, 151.0x; 4 spans since the onset, 4 before)');
    expect(TRACE_EVIDENCE_DEFAULTS.minPooledCallSpans).toBeLessThan(TRACE_EVIDENCE_DEFAULTS.minLatencySpans);
  });

  it('pools the calls to a callee whose own spans are busy: they do not show a delay on its network', async () => {
    const stats = await readOperationStats(t.store, periodsFrom(SPARSE), ['ship']);
    const own = stats.ok ? stats.value.find((s) => s.via === '') : undefined;
    // ship's own spans: enough to judge alone in both periods, and as fast as before.
    expect(own?.baseline?.spans).toBeGreaterThanOrEqual(TRACE_EVIDENCE_DEFAULTS.minLatencySpans);
    expect(own?.incident?.spans).toBeGreaterThanOrEqual(TRACE_EVIDENCE_DEFAULTS.minLatencySpans);
    const result = await scores(SPARSE, ['ship']);
    expect(result.map((s) => [s.entity, s.indicator])).toEqual([['ship', 'latency']]);
    expect(result[0]!.score).toBeCloseTo((1 - 1 / 151) * (3 / TRACE_EVIDENCE_DEFAULTS.minLatencySpans), 6);
    expect(result[0]!.explanation).toBe('self time of calls from web to ship rose from 1.00 ms to 151 ms (75th percentile, 151.0x; 3 spans since the onset, 3 before)');
  });

  it('scales a pooled callee down by the share of its callers whose calls slowed', async () => {
    const [ledger, ...rest] = await scores(SPARSE, ['ledger']);
    expect(rest).toEqual([]);
    // Pooled: web's 2 calls 1 ms -> 101 ms, batch's 2 stay at 1 ms: 51 ms; only 1 of 2 callers saw it.
    expect(ledger!.score).toBeCloseTo((1 - 1 / 51) * (4 / 5) * (1 / 2), 6);
    expect(ledger!.explanation).toContain('; the calls of 1 of the 2 callers seen in both periods slowed');
  });

  it('is not moved by one slow span among few', async () => {
    expect(await scores(OUTLIER, ['gw'])).toEqual([]);
    const stats = await readOperationStats(t.store, periodsFrom(OUTLIER), ['gw']);
    const trips = stats.ok ? stats.value.find((s) => s.operation === 'POST /trips') : undefined;
    // Its own time: 2 ms in every span but one, which took 152 ms: the mean moved 30 ms, three spans in four did not.
    expect(trips?.incident).toMatchObject({ spans: 5, selfP75Millis: 2 });
    expect(trips?.incident?.selfMeanMillis).toBeCloseTo(32, 6);
  });

  it('names as exemplars the incident spans with the largest self time, largest first, ties by trace id', async () => {
    const stats = await readOperationStats(t.store, periodsFrom(OUTLIER), ['gw']);
    const trips = stats.ok ? stats.value.find((s) => s.operation === 'POST /trips') : undefined;
    // Minute 12's 152 ms first; minutes 10 and 11 (2 ms each, the smallest trace ids of the rest) after it.
    expect(trips?.slowTraceIds).toEqual([12, 10, 11].map((m) => traceIdOf(outlierTraceNo + m)));
  });

  it('does not pool a callee whose operations are busy enough to judge alone: a shift towards a costlier call is no slowdown', async () => {
    expect(await scores(MIX, ['report'])).toEqual([]);
    // Pooled, the calls' own time would have risen from 17.3 ms to 33.7 ms.
    const judgedAlone = await createTraceEvidenceScorer({ minLatencySpans: 20 }).score(scorerInput({ store: t.store, candidates: ['report'], ...periodsFrom(MIX) }));
    expect(judgedAlone.ok && judgedAlone.value.map((s) => s.entity)).toEqual(['report']);
  });

  it('does not judge a callee called once per period', async () => {
    expect(await scores(SPARSE, ['lonely'])).toEqual([]);
    expect(await createTraceEvidenceScorer({ minPooledCallSpans: 5 }).score(scorerInput({ store: t.store, candidates: ['quote'], ...periodsFrom(SPARSE) }))).toEqual({ ok: true, value: [] });
  });

  it('blames a caller whose calls to every callee slowed at once, and halves the callees', async () => {
    const result = await scores(FAN, ['edge', 'a', 'b', 'c']);
    expect(result.map((s) => [s.entity, s.indicator])).toEqual([
      ['edge', 'latency'],
      ['a', 'latency'],
      ['b', 'latency'],
      ['c', 'latency'],
    ]);
    const [edge, a] = result as [EntityScore, EntityScore];
    expect(edge.score).toBeCloseTo(1 - 1 / 41, 6);
    expect(edge.explanation).toBe('calls from edge to 3 of the 3 services it called slowed at once (a, b, c; their own time from 1.00 ms to 41.0 ms on average): the time goes in edge, not in its callees');
    expect(a.score).toBeCloseTo((1 - 1 / 41) * TRACE_EVIDENCE_DEFAULTS.callerSlowedFactor, 6);
    expect(a.explanation).toMatch(/, and edge's calls to 2 other services slowed too$/);
  });

  it('blames the one slow callee, not a caller whose other calls kept their pace', async () => {
    const result = await scores(FAN, ['hub', 'x', 'y', 'z']);
    expect(result.map((s) => [s.entity, s.indicator])).toEqual([['x', 'latency']]);
    expect(result[0]!.score).toBeCloseTo(1 - 1 / 41, 6);
  });

  it('credits the calling service with its database calls when the database is not a candidate', async () => {
    // The client spans then count for their own service: their self time is the statement, seen from orders.
    const result = await scores(DB, ['api', 'orders']);
    expect(result.map((s) => [s.entity, s.indicator])).toEqual([['orders', 'latency']]);
    expect(result[0]!.explanation).toContain('orders "SELECT orders to orders-db"');
  });

  it('leaves calls to another incident\'s story to that incident, not to the service that made them', async () => {
    // orders-db is the story of another open incident: the slow statement is that incident's evidence.
    const input = scorerInput({ store: t.store, candidates: ['api', 'orders'], ...periodsFrom(DB) });
    const r = await scorer.score({ ...input, context: { ...input.context, otherStories: new Set(['orders-db']) } });
    expect(r).toEqual({ ok: true, value: [] });
    // A candidate is judged whatever the other incidents hold.
    const both = await scorer.score({ ...input, candidates: ['orders', 'orders-db'], context: { ...input.context, otherStories: new Set(['orders-db']) } });
    expect(both.ok && both.value.map((s) => s.entity)).toEqual(['orders-db']);
  });

  it('stops the incident period maxIncidentMillis after the onset', async () => {
    const input = scorerInput({ store: t.store, candidates: ['payment'], ...periodsFrom(LEAF), atMillis: LEAF + 300 * MINUTE });
    const r = await createTraceEvidenceScorer({ maxIncidentMillis: 2 * MINUTE }).score(input);
    // Traces every 10 s, every other one failing: 12 payment spans start in the two minutes (the 13th 6 ms after the limit).
    expect(r.ok && r.value[0]?.explanation).toContain('payment "POST /charge": 6 of 12 spans');
  });

  it('returns nothing where there are no spans', async () => {
    expect(await scores(Date.UTC(2030, 0, 1), ['frontend', 'checkout', 'payment'])).toEqual([]);
    expect(await scores(LEAF, ['no-such-service'])).toEqual([]);
    expect(await scores(LEAF, [])).toEqual([]);
  });
});

describe('readOperationStats', () => {
  it('takes self time as duration less the union of children, each clipped to the parent, once per stored span', async () => {
    const stats = await readOperationStats(t.store, periodsFrom(SHAPES), ['batch']);
    if (!stats.ok) throw new Error(stats.error.message);
    const run = stats.value.find((s) => s.operation === 'run');
    // Children cover [10, 80] (a and b overlap) and [90, 100] of the publish that runs on to 130: 80 of 100 ms.
    expect(run?.incident?.selfMeanMillis).toBeCloseTo(20, 6);
    expect(run?.incident).toMatchObject({ spans: 1, errors: 0 });
    expect(run?.incident?.durationMeanMillis).toBeCloseTo(100, 6);
    expect(run?.baseline).toBeUndefined();
  });

  it('treats a span without a kind that names a database as a call to that database', async () => {
    const stats = await readOperationStats(t.store, periodsFrom(SHAPES), ['legacy', 'legacy-db']);
    if (!stats.ok) throw new Error(stats.error.message);
    expect(stats.value.map((s) => [s.entity, s.via, s.operation])).toEqual([['legacy-db', 'legacy', 'query']]);
  });
});
