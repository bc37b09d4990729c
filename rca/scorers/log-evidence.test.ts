/**
 * Log evidence on records written into the real embedded engine: a
 * service whose errors show only in its logs (no spans at all), an
 * exception, a known message spiking, a caller relaying the failure, a new
 * exception Drain folds into an old template, one-off lines, JSON lines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureStore, openFixtureStore } from '../../storage/testing/fixture-store.ts';
import { type LogSpec, MINUTE, logRow, scorerInput, traceIdOf } from '../evidence/evidence-fixtures.ts';
import { createServiceGraph } from '../../correlator/index.ts';
import type { EntityScore } from '../scorer.ts';
import { LOG_EVIDENCE_DEFAULTS, createLogEvidenceScorer } from './log-evidence.ts';
import { createTraceEvidenceScorer } from './trace-evidence.ts';

let t: FixtureStore;
const BASE = Date.UTC(2026, 2, 1, 10);
const ONSET = BASE + 10 * MINUTE;
const AT = ONSET + 5 * MINUTE;
const CANDIDATES = ['inventory', 'billing', 'web', 'gateway', 'quiet', 'accounts', 'shipping', 'catalog'];

/** `count` records spread evenly over [fromMillis, fromMillis + spanMillis). */
function every(count: number, fromMillis: number, spanMillis: number, make: (i: number, timeMillis: number) => LogSpec): LogSpec[] {
  return Array.from({ length: count }, (_, i) => make(i, fromMillis + Math.floor((i * spanMillis) / count)));
}

const SERVLET = (cause: string) => `Servlet.service() threw exception [Request processing failed: ${cause}] with root cause`;

beforeAll(async () => {
  t = await openFixtureStore('rca-log-evidence');
  const logs: LogSpec[] = [
    // inventory: routine info and a cache warning before; after the onset, stdout errors with no severity at all.
    ...every(30, BASE, 10 * MINUTE, (i, at) => ({ service: 'inventory', timeMillis: at, severity: 9, body: `reserved stock for order ${1000 + i}` })),
    ...every(10, BASE, 10 * MINUTE, (i, at) => ({ service: 'inventory', timeMillis: at, severity: 13, body: `cache miss ratio 0.${10 + i} above threshold` })),
    ...every(20, ONSET, 5 * MINUTE, (i, at) => ({
      service: 'inventory',
      timeMillis: at,
      severity: 0,
      body: `Failed to reserve stock for order ${2000 + i}: lock wait timeout exceeded`,
      traceId: traceIdOf(500 + i),
    })),
    // billing: a new exception with its stack trace.
    ...every(12, ONSET, 5 * MINUTE, (i, at) => ({
      service: 'billing',
      timeMillis: at,
      body: `java.lang.IllegalStateException: ledger closed for account ${40 + i}\n\tat com.shop.billing.Ledger.post(Ledger.java:88)\n\tat com.shop.billing.Api.charge(Api.java:31)`,
    })),
    // web: the caller, relaying the failure of whatever it proxies to.
    ...every(30, ONSET, 5 * MINUTE, (i, at) => ({ service: 'web', timeMillis: at, body: `upstream returned 502 while reading response header from upstream, request: GET /cart/${i}` })),
    // gateway spikes from 1/min to 10/min; quiet stays at 1/min.
    ...every(10, BASE, 10 * MINUTE, (i, at) => ({ service: 'gateway', timeMillis: at, severity: 13, body: `rate limit exceeded for client 10.0.0.${i}` })),
    ...every(50, ONSET, 5 * MINUTE, (i, at) => ({ service: 'gateway', timeMillis: at, severity: 13, body: `rate limit exceeded for client 10.0.1.${i}` })),
    ...every(10, BASE, 15 * MINUTE, (i, at) => ({ service: 'quiet', timeMillis: at, severity: 13, body: `retrying connection attempt ${i}` })),
    // accounts: one-off lines whose variable (a user name) masking cannot see.
    ...every(5, BASE, 10 * MINUTE, (_i, at) => ({ service: 'accounts', timeMillis: at, body: 'user carol not found' })),
    ...['alice', 'bob', 'dave', 'erin', 'frank'].map((u, i) => ({ service: 'accounts', timeMillis: ONSET + i * MINUTE, body: `user ${u} not found` })),
    // shipping: Drain folds the new exception into the old one's template (same length, most tokens equal).
    ...every(10, BASE, 10 * MINUTE, (_i, at) => ({ service: 'shipping', timeMillis: at, body: SERVLET('java.lang.NumberFormatException: bad input x') })),
    ...every(10, ONSET, 5 * MINUTE, (_i, at) => ({ service: 'shipping', timeMillis: at, body: SERVLET('java.lang.ArithmeticException: division by zero') })),
    // catalog: JSON lines, the same fields before and after; only the message is new.
    ...every(10, BASE, 10 * MINUTE, (i, at) => ({ service: 'catalog', timeMillis: at, body: JSON.stringify({ level: 'error', msg: 'cache refresh failed', user: `u-${i}` }) })),
    ...every(5, ONSET, 5 * MINUTE, (i, at) => ({ service: 'catalog', timeMillis: at, body: JSON.stringify({ level: 'error', msg: 'price feed rejected token', user: `u-${i}` }) })),
    // storefront waits on pricing: both log the same new warning, the callee's message passed back.
    ...['storefront', 'pricing'].flatMap((service) => every(10, ONSET, 5 * MINUTE, (i, at) => ({ service, timeMillis: at, severity: 13, body: `price list ${900 + i} is stale, serving the cached one` }))),
    // basket logs its calls to ledger failing; ledger itself logs nothing. shelf names only a longer name that contains ledger's.
    ...every(10, ONSET, 5 * MINUTE, (i, at) => ({ service: 'basket', timeMillis: at, severity: 13, body: `Retrying request to ledger (attempt ${1 + (i % 3)} of 3) after I/O error on POST http://ledger:8080/post` })),
    ...every(10, ONSET, 5 * MINUTE, (i, at) => ({ service: 'shelf', timeMillis: at, severity: 13, body: `ledger-archive compaction failed for segment ${i}` })),
    // teller names vault only inside a URL, which the template masks: the samples still name it.
    ...every(10, ONSET, 5 * MINUTE, (i, at) => ({ service: 'teller', timeMillis: at, severity: 13, body: `I/O error on GET request for "http://vault:8200/v1/secret/${i}": Read timed out` })),
    // checkout only says its own requests got slow.
    ...every(10, ONSET, 5 * MINUTE, (i, at) => ({ service: 'checkout', timeMillis: at, severity: 13, body: `Slow request: POST /api/checkout took ${1500 + i} ms` })),
    // heap runs out of memory (a JVM); spool's disk fills (a Go service): both messages name the resource.
    ...every(10, ONSET, 5 * MINUTE, (i, at) => ({ service: 'heap', timeMillis: at, body: `java.lang.OutOfMemoryError: Java heap space\n\tat java.base/java.util.Arrays.copyOf(Arrays.java:${3500 + i})` })),
    ...every(10, ONSET, 5 * MINUTE, (i, at) => ({ service: 'spool', timeMillis: at, severity: 17, body: `write /var/spool/batch-${i}.dat: no space left on device` })),
    // syslog-style appenders (not among CANDIDATES): no severity number, only a text; the body has no error words.
    ...every(10, ONSET, 5 * MINUTE, (i, at) => ({ service: 'legacy', timeMillis: at, severity: 0, severityText: 'err', body: `disk quota reached on volume ${i}` })),
    ...every(10, ONSET, 5 * MINUTE, (i, at) => ({ service: 'legacy-info', timeMillis: at, severity: 0, severityText: 'notice', body: `disk quota reached on volume ${i}` })),
  ];
  await t.insert('otel_logs', logs.map(logRow));
});
afterAll(async () => {
  await t?.close();
});

async function scores(options: Parameters<typeof createLogEvidenceScorer>[0] = {}): Promise<EntityScore[]> {
  const r = await createLogEvidenceScorer(options).score(scorerInput({ store: t.store, candidates: CANDIDATES, baselineFromMillis: BASE, onsetMillis: ONSET, atMillis: AT }));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('log evidence scorer', () => {
  it('ranks new error messages first, spikes next, relayed failures lower, and leaves steady and one-off lines out', async () => {
    const result = await scores();
    expect(result.map((s) => [s.entity, s.indicator])).toEqual([
      ['inventory', 'log'],
      ['billing', 'errors'],
      ['shipping', 'errors'],
      ['catalog', 'log'],
      ['gateway', 'log'],
      ['web', 'log'],
    ]);
    const by = (e: string) => result.find((s) => s.entity === e)!;
    expect(by('inventory').score).toBe(1);
    expect(by('billing').score).toBeCloseTo(0.6 + (0.4 * 12) / 20, 10);
    expect(by('shipping').score).toBeCloseTo(0.6 + (0.4 * 10) / 20, 10);
    expect(by('catalog').score).toBeCloseTo(0.6 + (0.4 * 5) / 20, 10);
    expect(by('gateway').score).toBeCloseTo(0.6 * (1 - 1 / 10), 10);
    expect(by('web').score).toBeCloseTo(0.5, 10);
  });

  it('finds a service whose errors show only in its logs, with the template, samples and traces', async () => {
    const inventory = (await scores()).find((s) => s.entity === 'inventory')!;
    expect(inventory.explanation).toBe('inventory logs a new message "Failed to reserve stock for order <*>: lock wait timeout exceeded": 20 records since the onset, never seen before');
    expect(inventory.evidence.logSamples).toEqual([
      'Failed to reserve stock for order 2000: lock wait timeout exceeded',
      'Failed to reserve stock for order 2001: lock wait timeout exceeded',
      'Failed to reserve stock for order 2002: lock wait timeout exceeded',
    ]);
    expect(inventory.evidence.traceIds).toEqual([traceIdOf(500), traceIdOf(501), traceIdOf(502)]);
    // The same logs hold no spans: trace evidence has nothing to say, and says nothing.
    const traces = await createTraceEvidenceScorer().score(scorerInput({ store: t.store, candidates: CANDIDATES, baselineFromMillis: BASE, onsetMillis: ONSET, atMillis: AT }));
    expect(traces).toEqual({ ok: true, value: [] });
  });

  it('takes a call that failed on its way to the callee as relayed, and a failure of the service\'s own code as its own', () => {
    const relayed = new RegExp(LOG_EVIDENCE_DEFAULTS.relayedPattern, 'i');
    const relays = [
      'upstream returned 502 while reading response header from upstream',
      'HttpServerErrorException$InternalServerError: 500 Internal Server Error',
      'GET /cart returned 503',
      'request error: rpc error: code = Unavailable desc = connection error',
      'rpc error: code = DeadlineExceeded desc = context deadline exceeded',
      'request error: rpc error: code = Unavailable desc = context deadline exceeded',
      'I/O error on POST request for "http://ts-seat-service:18898/api": Connection refused',
      'connect ECONNREFUSED 10.0.0.7:6379',
      'Error handling GET /catalogue Error: read ECONNRESET',
      'java.net.SocketException: Connection reset',
    ];
    const own = [
      'java.lang.IllegalStateException: ledger closed for account 40',
      'Failed to reserve stock for order 2000: lock wait timeout exceeded',
      'rpc error: code = Internal desc = index out of range [3] with length 3',
      'request error: runtime error: invalid memory address or nil pointer dereference',
      'OutOfMemoryError: Java heap space',
    ];
    expect(relays.filter((m) => !relayed.test(m))).toEqual([]);
    expect(own.filter((m) => relayed.test(m))).toEqual([]);
  });

  it('explains spikes, relays and new forms of an old template', async () => {
    const result = await scores();
    const by = (e: string) => result.find((s) => s.entity === e)!;
    expect(by('gateway').explanation).toBe('gateway logs "rate limit exceeded for client <*>" 10.0x as often since the onset (10/min against 1.0/min)');
    expect(by('web').explanation).toMatch(/^web logs a new message "upstream returned <\*> while .*": 30 records since the onset, never seen before \(it relays a failure from elsewhere\)$/);
    expect(by('shipping').explanation).toContain('10 records since the onset, in a form never seen before');
    expect(by('shipping').evidence.logSamples).toEqual([SERVLET('java.lang.ArithmeticException: division by zero')]);
    expect(by('billing').evidence.logSamples).toHaveLength(3);
    expect(by('catalog').explanation).toBe('catalog logs a new message "price feed rejected token": 5 records since the onset, never seen before');
  });

  it("halves a caller's copy of a message its callee logs too, and says whose it is", async () => {
    const input = scorerInput({ store: t.store, candidates: ['storefront', 'pricing'], baselineFromMillis: BASE, onsetMillis: ONSET, atMillis: AT });
    const edge = { kind: 'calls' as const, calls: 10, errors: 0, p50Ms: 1, p95Ms: 2 };
    const graph = createServiceGraph({
      fromMillis: BASE,
      toMillis: AT,
      nodes: ['storefront', 'cart', 'pricing'].map((id) => ({ id, kind: 'service' as const, name: id })),
      edges: [
        { from: 'storefront', to: 'cart', ...edge },
        { from: 'cart', to: 'pricing', ...edge },
      ],
    });
    const score = async (withGraph: boolean) => {
      const r = await createLogEvidenceScorer().score(withGraph ? { ...input, context: { ...input.context, graph } } : input);
      if (!r.ok) throw new Error(r.error.message);
      return Object.fromEntries(r.value.map((s) => [s.entity, s]));
    };
    const alone = await score(false);
    expect(alone.storefront!.score).toBeCloseTo(0.8, 10);
    expect(alone.pricing!.score).toBeCloseTo(0.8, 10);
    const placed = await score(true);
    expect(placed.pricing!.score).toBeCloseTo(0.8, 10);
    expect(placed.storefront!.score).toBeCloseTo(0.4, 10);
    expect(placed.storefront!.explanation).toMatch(/^storefront logs a new message "price list <\*> is stale, serving the cached one": 10 records since the onset, never seen before \(its callee pricing logs the same\)$/);
  });

  it('counts a message that names another candidate for that candidate, and halves it for the service writing it', async () => {
    const r = await createLogEvidenceScorer().score(scorerInput({ store: t.store, candidates: ['basket', 'ledger', 'shelf'], baselineFromMillis: BASE, onsetMillis: ONSET, atMillis: AT }));
    if (!r.ok) throw new Error(r.error.message);
    const by = Object.fromEntries(r.value.map((s) => [s.entity, s]));
    expect(by.ledger!.score).toBeCloseTo(0.5 * 0.8, 10);
    expect(by.ledger!.explanation).toBe('basket logs a new message "Retrying request to ledger (attempt <*> of <*>) after I/O error on POST <*>": 10 records since the onset, never seen before');
    expect(by.ledger!.evidence.logSamples!.length).toBeGreaterThan(0);
    expect(by.basket!.score).toBeCloseTo(0.5 * 0.8, 10);
    expect(by.basket!.explanation).toMatch(/never seen before \(it names ledger\)$/);
    // "ledger-archive" is another name, not ledger's: shelf's message is its own.
    expect(by.shelf!.score).toBeCloseTo(0.8, 10);
    expect(by.shelf!.explanation).not.toMatch(/names/);
    expect(r.value.map((s) => s.entity)).toEqual(['shelf', 'basket', 'ledger']);
  });

  it('finds a name the template masked in the samples', async () => {
    const r = await createLogEvidenceScorer().score(scorerInput({ store: t.store, candidates: ['teller', 'vault'], baselineFromMillis: BASE, onsetMillis: ONSET, atMillis: AT }));
    if (!r.ok) throw new Error(r.error.message);
    const by = Object.fromEntries(r.value.map((s) => [s.entity, s]));
    expect(by.teller!.explanation).toContain('"I/O error on GET request for <*>: Read timed out"');
    expect(by.teller!.explanation).toMatch(/\(it names vault\)$/);
    expect(by.vault!.score).toBeCloseTo(0.5 * 0.8, 10);
    expect(by.teller!.score).toBeCloseTo(0.5 * 0.8, 10);
  });

  it('names memory or disk when the message says it ran out, where an exception would name errors', async () => {
    const r = await createLogEvidenceScorer().score(scorerInput({ store: t.store, candidates: ['heap', 'spool', 'billing'], baselineFromMillis: BASE, onsetMillis: ONSET, atMillis: AT }));
    if (!r.ok) throw new Error(r.error.message);
    const by = Object.fromEntries(r.value.map((s) => [s.entity, s.indicator]));
    expect(by).toEqual({ heap: 'mem', spool: 'disk', billing: 'errors' });
  });

  it('halves a message that only says requests were slow: a caller of anything slow writes it too', async () => {
    const r = await createLogEvidenceScorer().score(scorerInput({ store: t.store, candidates: ['checkout'], baselineFromMillis: BASE, onsetMillis: ONSET, atMillis: AT }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toHaveLength(1);
    expect(r.value[0]!.score).toBeCloseTo(0.5 * 0.8, 10);
    expect(r.value[0]!.explanation).toMatch(/: 10 records since the onset, never seen before \(it says requests were slow, which waiting on anything slow also makes them\)$/);
    const waiting = new RegExp(LOG_EVIDENCE_DEFAULTS.waitingPattern, 'i');
    const slow = ['Slow request: POST /api/v1/preserveservice/preserve took 1535 ms', '{"message":"slow request","took_ms":1200}', 'level=warn msg="slow request" took=900ms'];
    const notSlow = ['slow query: SELECT * FROM orders took 900 ms', 'java.lang.IllegalStateException: ledger closed', 'request took 12 ms'];
    expect(slow.filter((m) => !waiting.test(m))).toEqual([]);
    expect(notSlow.filter((m) => waiting.test(m))).toEqual([]);
  });

  it('reads a bounded sample per candidate and period, and scales its counts back up', async () => {
    const result = await scores({ maxRecordsPerPeriod: 5 });
    const inventory = result.find((s) => s.entity === 'inventory')!;
    expect(inventory.explanation).toContain(': 20 records since the onset');
    expect(inventory.evidence.logSamples!.length).toBeLessThanOrEqual(3);
    expect(result.find((s) => s.entity === 'web')?.explanation).toContain(': 30 records since the onset');
  });

  it('returns nothing without logs for the candidates or before any incident time has passed', async () => {
    const none = await createLogEvidenceScorer().score(scorerInput({ store: t.store, candidates: ['nobody'], baselineFromMillis: BASE, onsetMillis: ONSET, atMillis: AT }));
    expect(none).toEqual({ ok: true, value: [] });
    const early = await createLogEvidenceScorer().score(scorerInput({ store: t.store, candidates: CANDIDATES, baselineFromMillis: BASE, onsetMillis: ONSET, atMillis: ONSET }));
    expect(early).toEqual({ ok: true, value: [] });
  });

  it('reads a record without a severity number by the level its text names', async () => {
    const r = await createLogEvidenceScorer().score(scorerInput({ store: t.store, candidates: ['legacy', 'legacy-info'], baselineFromMillis: BASE, onsetMillis: ONSET, atMillis: AT }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.map((e) => e.entity)).toEqual(['legacy']);
    expect(r.value[0]!.explanation).toMatch(/^legacy logs a new message "disk quota reached on volume <\*>"/);
  });

  it('refuses invalid options when created', () => {
    expect(() => createLogEvidenceScorer({ maxRecordsPerPeriod: 0 })).toThrow(RangeError);
    expect(() => createLogEvidenceScorer({ spikeFactor: 1 })).toThrow(RangeError);
  });
});
