import { describe, expect, it } from 'vitest';
import { foldIncidents, type IncidentEvent } from './incident-events.ts';
import { CHANGE_POINT } from '../detect/change-point.ts';
import { ROBUST_BASELINE } from '../detect/robust-baseline.ts';
import { createIncidentGrouper } from './incident-grouper.ts';
import { anomaly, graphOf, MINUTE, T0 } from './incident-test-helpers.ts';

const kinds = (events: IncidentEvent[]) => events.map((e) => `${e.kind}:${e.incidentId}`);
const opened = (events: IncidentEvent[]) => events.filter((e) => e.kind === 'opened');

// Two components: a small cascade around `db`, and a chain a-b-c-d-e.
const graph = graphOf(
  [
    ['web', 'db'],
    ['api', 'db'],
    ['jobs', 'db'],
    ['x', 'y'],
    ['a', 'b'],
    ['b', 'c'],
    ['c', 'd'],
    ['d', 'e'],
  ],
  [
    ['s1', 'host:h1'],
    ['s2', 'host:h1'],
  ],
);
const grouper = (options = {}) => createIncidentGrouper(options, () => graph);

describe('incident grouper', () => {
  it('groups a callee anomaly and its three callers within a minute into one incident', () => {
    const g = grouper();
    const events = g.ingest([anomaly('db', 0), anomaly('web', 0.5), anomaly('api', 0.7), anomaly('jobs', 1)], T0 + MINUTE);
    expect(opened(events)).toHaveLength(1);
    const [incident] = [...g.incidents().values()];
    expect(incident?.entities).toEqual(['api', 'db', 'jobs', 'web']);
    expect(incident?.anomalies).toHaveLength(4);
    expect(incident?.priority).toBe('P3');
  });

  it('keeps two faults in unconnected parts of the graph apart', () => {
    const g = grouper();
    const events = g.ingest([anomaly('db', 0, 'critical'), anomaly('y', 0.2, 'critical')], T0 + MINUTE);
    expect(opened(events)).toHaveLength(2);
    expect([...g.incidents().values()].map((s) => s.entities)).toEqual([['db'], ['y']]);
  });

  it('groups by time alone when there is no graph (metrics-only data)', () => {
    const g = createIncidentGrouper({}, () => undefined);
    expect(opened(g.ingest([anomaly('carts', 0), anomaly('orders', 1), anomaly('front-end', 2)], T0 + 2 * MINUTE))).toHaveLength(1);
    expect([...g.incidents().values()][0]?.entities).toEqual(['carts', 'front-end', 'orders']);
  });

  it('relates an entity the graph does not know to anything close in time, but not two known unrelated ones', () => {
    const g = grouper();
    g.ingest([anomaly('db', 0, 'critical'), anomaly('no-traces', 0.5)], T0 + MINUTE);
    g.ingest([anomaly('y', 1, 'critical')], T0 + 2 * MINUTE);
    expect([...g.incidents().values()].map((s) => s.entities)).toEqual([['db', 'no-traces'], ['y']]);
  });

  it("relates a rise in the own CPU, memory or disk of an entity without traces to nothing, unless no entity has traces", () => {
    const g = grouper();
    g.ingest([anomaly('db', 0, 'critical'), anomaly('no-traces', 0.5, 'critical', 'mem')], T0 + MINUTE);
    expect([...g.incidents().values()].map((s) => s.entities)).toEqual([['db'], ['no-traces']]);
    // Without calls in the graph (metrics-only data), time is all there is to relate anomalies by.
    const h = createIncidentGrouper({}, () => graphOf([], [['s1', 'host:h1']]));
    h.ingest([anomaly('carts', 0, 'critical'), anomaly('orders', 0.5, 'critical', 'mem')], T0 + MINUTE);
    expect([...h.incidents().values()].map((s) => s.entities)).toEqual([['carts', 'orders']]);
  });

  it('opens nothing for a fleet-wide load change, even with a critical CPU rise, but attaches it to a real incident', () => {
    const burst = ['a', 'b', 'c', 'd'].map((e) => anomaly(e, 0, 'warning', 'traffic'));
    const cpu = anomaly('b', 0.5, 'critical', 'cpu');
    const quiet = grouper();
    expect(opened(quiet.ingest([...burst, cpu], T0 + MINUTE))).toHaveLength(0);

    const alone = grouper();
    expect(opened(alone.ingest([cpu], T0 + MINUTE))).toHaveLength(1);

    const moreRequests = grouper();
    expect(opened(moreRequests.ingest([anomaly('web', 0, 'critical', 'traffic')], T0 + MINUTE))).toHaveLength(0);
    const fewerRequests = grouper();
    expect(opened(fewerRequests.ingest([{ ...anomaly('web', 0, 'critical', 'traffic'), direction: 'down' }], T0 + MINUTE))).toHaveLength(1);
    const lessThroughput = grouper();
    expect(opened(lessThroughput.ingest([{ ...anomaly('web', 0, 'critical', 'net'), direction: 'down', signal: 'k8s.pod.network.io.rate' }], T0 + MINUTE))).toHaveLength(0);
    const packetsDropped = grouper();
    expect(opened(packetsDropped.ingest([{ ...anomaly('web', 0, 'critical', 'net'), signal: 'k8s.pod.network.errors.rate' }], T0 + MINUTE))).toHaveLength(1);

    const withFault = grouper();
    withFault.ingest([anomaly('c', 0, 'critical', 'errors')], T0);
    withFault.ingest([...burst, cpu], T0 + MINUTE);
    const [incident] = [...withFault.incidents().values()];
    expect(incident?.entities).toEqual(['a', 'b', 'c', 'd']);
  });

  it('does not open on borderline anomalies alone, but lets them join', () => {
    const weak = (e: string, at: number) => ({ ...anomaly(e, at), score: 1.5 });
    const g = grouper();
    expect(opened(g.ingest([weak('web', 0), weak('db', 0.2)], T0 + MINUTE))).toHaveLength(0);
    expect(opened(g.ingest([anomaly('api', 0.5, 'critical')], T0 + MINUTE))).toHaveLength(1);
    expect([...g.incidents().values()][0]?.entities).toEqual(['api', 'db', 'web']);
  });

  it('lets a burst of load join an incident without gluing a later independent fault to it', () => {
    const g = grouper();
    // On the chain a-b-c-d-e, a fault at a and one at e are 4 hops apart: independent.
    const burst = ['a', 'b', 'd', 'e'].map((e) => anomaly(e, 0, 'warning', 'traffic'));
    g.ingest(burst, T0);
    g.ingest([anomaly('a', 1, 'critical', 'errors')], T0 + MINUTE);
    g.ingest([anomaly('e', 1.5, 'critical', 'latency')], T0 + 2 * MINUTE);
    const states = [...g.incidents().values()];
    expect(states.map((s) => s.entities)).toEqual([['a', 'b', 'd', 'e'], ['e']]);
  });

  it('lets no waiting group of load found a story: a caller slowed by a failing callee joins the callee\'s incident', () => {
    // The fleet's traffic rose a little before a database slowed: network throughput is load, never a story of its own.
    // carts-db is three calls below front: beyond the grouping's hops from it.
    const shop = graphOf([
      ['front', 'orders'],
      ['orders', 'carts'],
      ['carts', 'carts-db'],
      ['front', 'catalogue'],
      ['front', 'payment'],
    ]);
    const g = createIncidentGrouper({}, () => shop);
    const throughput = (e: string) => ({ ...anomaly(e, 0, 'warning', 'net'), signal: 'k8s.pod.network.io.rate' });
    g.ingest(['front', 'catalogue', 'payment'].map(throughput), T0);
    g.ingest([anomaly('carts', 0.5)], T0 + 0.5 * MINUTE);
    g.ingest([anomaly('front', 0.7, 'critical')], T0 + 0.7 * MINUTE);
    g.ingest([anomaly('carts-db', 0.8), anomaly('carts-db', 0.9, 'warning', 'cpu')], T0 + MINUTE);
    const states = [...g.incidents().values()].filter((s) => s.status !== 'merged');
    expect(states).toHaveLength(1);
    expect(states[0]?.entities).toEqual(expect.arrayContaining(['carts', 'carts-db', 'front']));
  });

  it('counts p95 and p99 of one service as one finding', () => {
    const g = grouper();
    const p95 = { ...anomaly('web', 0), signal: 'latency_p95_ms' };
    const p99 = { ...anomaly('web', 0), signal: 'latency_p99_ms' };
    expect(opened(g.ingest([p95, p99], T0 + MINUTE))).toHaveLength(0);
    expect(opened(g.ingest([anomaly('db', 1, 'warning', 'errors')], T0 + 2 * MINUTE))).toHaveLength(1);
  });

  it('waits for a second finding before opening on a statistical critical anomaly, unless its value moved threefold', () => {
    // A filesystem growing in steps (or a noisy front-end percentile) is far outside its own noise by chance.
    const step = { ...anomaly('web', 0, 'critical', 'disk'), detector: ROBUST_BASELINE, evidence: { baseline: 4e7, observed: 7e7 } };
    const g = grouper();
    expect(g.ingest([step], T0 + MINUTE)).toEqual([]);
    expect(g.pending()).toHaveLength(1);
    const events = g.ingest([{ ...anomaly('db', 1, 'warning', 'errors'), detector: ROBUST_BASELINE }], T0 + 2 * MINUTE);
    expect(opened(events)).toEqual([expect.objectContaining({ atMillis: T0 + MINUTE })]);
    expect(g.incidents().get('inc-1')?.entities).toEqual(['db', 'web']);

    const hog = { ...anomaly('web', 0, 'critical', 'cpu'), detector: ROBUST_BASELINE, evidence: { baseline: 0.2, observed: 0.9 } };
    expect(opened(grouper().ingest([hog], T0 + MINUTE))).toHaveLength(1);
    const errors = { ...anomaly('web', 0, 'critical', 'errors'), detector: ROBUST_BASELINE, evidence: { baseline: 0, observed: 0.05 } };
    expect(opened(grouper().ingest([errors], T0 + MINUTE))).toHaveLength(1);
    const drop = { ...anomaly('web', 0, 'critical', 'traffic'), detector: ROBUST_BASELINE, direction: 'down' as const, evidence: { baseline: 30, observed: 6 } };
    expect(opened(grouper().ingest([drop], T0 + MINUTE))).toHaveLength(1);
  });

  it('does not open on level shifts alone, but counts one beside a finding of another detector', () => {
    const shift = (e: string, at: number) => ({ ...anomaly(e, at, 'critical'), detector: CHANGE_POINT, evidence: { baseline: 10, observed: 100 } });
    const g = grouper();
    expect(opened(g.ingest([shift('web', 0), shift('api', 0.5), shift('db', 1)], T0 + 2 * MINUTE))).toHaveLength(0);
    expect(opened(g.ingest([{ ...anomaly('db', 2, 'warning', 'errors'), detector: ROBUST_BASELINE }], T0 + 3 * MINUTE))).toHaveLength(1);
    expect(g.incidents().get('inc-1')?.entities).toEqual(['api', 'db', 'web']);
  });

  it('relates a host\'s resource anomaly to those of its services, but not two services that merely share the host', () => {
    const g = grouper();
    expect(opened(g.ingest([anomaly('host:h1', 0, 'warning', 'cpu'), anomaly('s1', 1, 'warning', 'cpu')], T0 + MINUTE))).toHaveLength(1);
    expect([...g.incidents().values()][0]?.entities).toEqual(['host:h1', 's1']);
    const h = grouper();
    expect(opened(h.ingest([anomaly('s1', 0, 'warning', 'cpu'), anomaly('s2', 1, 'warning', 'mem')], T0 + MINUTE))).toHaveLength(0);
    expect(h.pending()).toHaveLength(2);
    const latency = grouper();
    expect(opened(latency.ingest([anomaly('host:h1', 0, 'warning', 'cpu'), anomaly('s1', 1, 'warning')], T0 + MINUTE))).toHaveLength(0);
  });

  it('opens a new incident linked to a resolved one instead of attaching to it', () => {
    const g = grouper();
    g.ingest([anomaly('db', 0, 'critical')], T0);
    expect(kinds(g.advance(T0 + 10 * MINUTE))).toEqual(['resolved:inc-1']);
    const events = g.ingest([anomaly('web', 12)], T0 + 12 * MINUTE);
    expect(events[0]).toMatchObject({ kind: 'opened', incidentId: 'inc-2', reopenOf: 'inc-1' });
    expect(events[1]).toMatchObject({ kind: 'reopened-as', incidentId: 'inc-1', newIncidentId: 'inc-2' });
    const states = g.incidents();
    expect(states.get('inc-1')?.anomalies).toHaveLength(1);
    expect(states.get('inc-1')?.status).toBe('resolved');
    expect(states.get('inc-2')?.entities).toEqual(['web']);
  });

  it('reopens a resolved incident only on a finding that could open one', () => {
    const g = grouper();
    g.ingest([anomaly('db', 0, 'critical')], T0);
    expect(kinds(g.advance(T0 + 10 * MINUTE))).toEqual(['resolved:inc-1']);
    // A level shift only the change point saw waits as a pending group instead of reopening inc-1 ...
    expect(g.ingest([{ ...anomaly('web', 12), detector: CHANGE_POINT, score: 5 }], T0 + 12 * MINUTE)).toEqual([]);
    expect(g.pending()).toHaveLength(1);
    // ... until a founding finding of its story arrives.
    const events = g.ingest([anomaly('api', 13)], T0 + 13 * MINUTE);
    expect(events[0]).toMatchObject({ kind: 'opened', incidentId: 'inc-2', reopenOf: 'inc-1' });
    expect(g.incidents().get('inc-2')?.entities).toEqual(['api', 'web']);
  });

  it('opens a waiting group when one of its anomalies is reported again stronger', () => {
    const g = grouper();
    expect(g.ingest([anomaly('db', 0)], T0 + MINUTE)).toEqual([]);
    // The same run, reported again once critical (correlator/runtime/reported-anomalies.ts), is enough alone.
    const events = g.ingest([anomaly('db', 0, 'critical')], T0 + 2 * MINUTE);
    expect(events[0]).toMatchObject({ kind: 'opened', incidentId: 'inc-1', atMillis: T0, detectedAtMillis: T0 + 2 * MINUTE });
    expect(g.incidents().get('inc-1')?.anomalies.map((a) => a.severity)).toEqual(['critical']);
    expect(g.pending()).toHaveLength(0);
    // A weaker or equal repeat of an anomaly already in an open incident changes nothing.
    expect(g.ingest([anomaly('db', 0, 'critical')], T0 + 3 * MINUTE)).toEqual([]);
    // A weaker repeat does not replace a waiting anomaly.
    const h = grouper();
    h.ingest([{ ...anomaly('web', 0), score: 2.5 }], T0 + MINUTE);
    expect(h.ingest([anomaly('web', 0)], T0 + 2 * MINUTE)).toEqual([]);
    expect(h.pending()[0]?.map((a) => a.score)).toEqual([2.5]);
    // Nor does a later run of the same signal (another onset): it is a repeat of the finding, not a stronger report of that run.
    expect(h.ingest([anomaly('web', 1, 'critical')], T0 + 3 * MINUTE)).toEqual([]);
    expect(h.pending()[0]?.map((a) => a.score)).toEqual([2.5]);
  });

  it("raises an open incident's severity when one of its anomalies is reported again critical, in the earlier report's place", () => {
    const g = grouper();
    const opening = g.ingest([anomaly('db', 0), anomaly('web', 0.5), anomaly('api', 0.5)], T0 + MINUTE);
    expect(opening[0]).toMatchObject({ kind: 'opened', incidentId: 'inc-1' });
    expect(g.incidents().get('inc-1')).toMatchObject({ severity: 'warning' });
    const events = g.ingest([anomaly('db', 0, 'critical')], T0 + 2 * MINUTE);
    expect(events.map((e) => e.kind)).toEqual(['anomaly-attached', 'severity-changed']);
    const state = g.incidents().get('inc-1')!;
    expect(state).toMatchObject({ severity: 'critical', priority: 'P1' }); // three services: broad enough for P1 once critical
    expect(state.anomalies.map((a) => `${a.entity}:${a.severity}`).sort()).toEqual(['api:warning', 'db:critical', 'web:warning']);
    // The log folds to the same state (a restart reads it back).
    expect(foldIncidents([...opening, ...events]).get('inc-1')).toEqual(state);
  });

  it('does not share an anomaly of an entity the graph does not know into waiting stories when it opens its own', () => {
    const g = grouper();
    expect(g.ingest([anomaly('db', 0), anomaly('x', 0)], T0 + MINUTE)).toEqual([]);
    const events = g.ingest([anomaly('ghost', 1, 'critical')], T0 + 2 * MINUTE);
    expect(opened(events)).toHaveLength(1);
    expect(g.incidents().get('inc-1')?.entities).toEqual(['ghost']);
    expect(g.pending().map((group) => group.map((a) => a.entity))).toEqual([['db'], ['x']]);
    // One that cannot open an incident alone joins both waiting stories as a symptom, as before (time is all that relates it), and
    // with it each has two findings, enough to open.
    const h = grouper();
    h.ingest([anomaly('db', 0), anomaly('x', 0)], T0 + MINUTE);
    h.ingest([anomaly('phantom', 1)], T0 + 2 * MINUTE);
    expect([...h.incidents().values()].map((s) => s.entities)).toEqual([
      ['db', 'phantom'],
      ['phantom', 'x'],
    ]);
  });

  it('merges two incidents when a bridging anomaly connects them', () => {
    const g = grouper();
    g.ingest([anomaly('a', 0, 'critical'), anomaly('e', 0.5, 'critical')], T0 + MINUTE);
    expect(g.incidents().size).toBe(2);
    const events = g.ingest([anomaly('c', 2)], T0 + 2 * MINUTE);
    expect(events.find((e) => e.kind === 'merged-into')).toMatchObject({ incidentId: 'inc-2', targetIncidentId: 'inc-1' });
    const states = g.incidents();
    expect(states.get('inc-2')?.status).toBe('merged');
    expect(states.get('inc-1')?.entities).toEqual(['a', 'c', 'e']);
    expect(states.get('inc-1')?.priority).toBe('P1');
  });

  it('lets only a finding that could open an incident bridge two: a level shift the change point alone saw, or a borderline anomaly, joins the first', () => {
    for (const bridge of [{ ...anomaly('c', 2), detector: CHANGE_POINT, score: 5 }, { ...anomaly('c', 2), detector: ROBUST_BASELINE, score: 1.5 }]) {
      const g = grouper();
      g.ingest([anomaly('a', 0, 'critical'), anomaly('e', 0.5, 'critical')], T0 + MINUTE);
      const events = g.ingest([bridge], T0 + 2 * MINUTE);
      expect(events.some((e) => e.kind === 'merged-into')).toBe(false);
      expect([...g.incidents().values()].map((s) => [s.id, s.status, s.entities.join(',')])).toEqual([
        ['inc-1', 'open', 'a,c'],
        ['inc-2', 'open', 'e'],
      ]);
    }
  });

  it('keeps two independent faults apart when their common caller suffers from both', () => {
    // front calls catalogue directly and shipping through orders: catalogue and shipping are 3 hops apart.
    const shop = graphOf([
      ['front', 'catalogue'],
      ['front', 'orders'],
      ['orders', 'shipping'],
    ]);
    const g = createIncidentGrouper({}, () => shop);
    g.ingest([anomaly('shipping', 0, 'critical', 'disk')], T0);
    const events = g.ingest([anomaly('catalogue', 0.2, 'critical', 'errors'), anomaly('front', 0.3, 'critical', 'errors')], T0 + MINUTE);
    expect(events.some((e) => e.kind === 'merged-into')).toBe(false);
    expect([...g.incidents().values()].map((s) => s.entities)).toEqual([['shipping'], ['catalogue', 'front']]);
  });

  describe('stories under a common caller', () => {
    // front calls cat and cart, cart calls redis: cat and cart are siblings, redis is below cart.
    const shop = graphOf([
      ['front', 'cat'],
      ['front', 'cart'],
      ['cart', 'redis'],
    ]);

    it('does not let a callee of an incident\'s symptom join it: a sibling of its root is another story', () => {
      const g = createIncidentGrouper({}, () => shop);
      g.ingest([anomaly('redis', 0, 'critical'), anomaly('front', 0.5)], T0 + MINUTE);
      g.ingest([anomaly('cat', 1, 'critical', 'errors')], T0 + 2 * MINUTE);
      expect([...g.incidents().values()].map((s) => s.entities)).toEqual([['front', 'redis'], ['cat']]);
      // A callee of the root is the same story, told further down.
      const h = createIncidentGrouper({}, () => shop);
      h.ingest([anomaly('cart', 0, 'critical'), anomaly('redis', 0.5)], T0 + MINUTE);
      expect([...h.incidents().values()].map((s) => s.entities)).toEqual([['cart', 'redis']]);
    });

    it('takes a drop in the requests reaching a service as a symptom: it points to the callers, so it roots no story', () => {
      // cart is down: front fails before it calls cat, so cat receives fewer requests; cart's own findings come a minute later.
      const fewer = { ...anomaly('cat', 0, 'critical', 'traffic'), direction: 'down' as const };
      const g = createIncidentGrouper({}, () => shop);
      g.ingest([anomaly('front', 0, 'critical', 'errors'), fewer], T0 + MINUTE);
      g.ingest([anomaly('cart', 1, 'critical', 'errors')], T0 + 2 * MINUTE);
      const [only, ...others] = [...g.incidents().values()];
      expect(others).toEqual([]);
      expect(only?.entities).toEqual(['cart', 'cat', 'front']);
      expect(only?.founders).toEqual(['cart', 'front']);
      // A rise in cat's errors at that time would have rooted the story at cat, and cart, its sibling, would tell another one.
      const h = createIncidentGrouper({}, () => shop);
      h.ingest([anomaly('front', 0, 'critical', 'errors'), anomaly('cat', 0, 'critical', 'errors')], T0 + MINUTE);
      h.ingest([anomaly('cart', 1, 'critical', 'errors')], T0 + 2 * MINUTE);
      expect([...h.incidents().values()].map((s) => s.entities)).toEqual([['cat', 'front'], ['cart']]);
      // Alone, a drop in requests still opens an incident; what calls the service carries its story on, and nothing below it does.
      const k = createIncidentGrouper({}, () => shop);
      k.ingest([{ ...anomaly('cat', 0, 'critical', 'traffic'), direction: 'down' }], T0 + MINUTE);
      expect([...k.incidents().values()].map((s) => [s.entities, s.founders])).toEqual([[['cat'], []]]);
      k.ingest([anomaly('redis', 0.3, 'critical', 'errors')], T0 + 2 * MINUTE);
      k.ingest([anomaly('front', 0.5, 'critical', 'cpu')], T0 + 3 * MINUTE);
      expect([...k.incidents().values()].map((s) => [s.entities, s.founders])).toEqual([
        [['cat', 'front'], ['front']],
        [['redis'], ['redis']],
      ]);
    });

    it('lets a service calling what the root calls join as a symptom: their common callee may be a silent cause', () => {
      const g = grouper();
      // web and api both call db, which shows nothing.
      g.ingest([anomaly('web', 0, 'critical', 'errors'), anomaly('api', 0.5, 'critical', 'errors')], T0 + MINUTE);
      expect([...g.incidents().values()].map((s) => s.entities)).toEqual([['api', 'web']]);
      // Joined as a symptom, api explains nothing: a later fault below api alone is another story.
      const h = createIncidentGrouper({}, () => graphOf([['web', 'db'], ['api', 'db'], ['api', 'auth']]));
      h.ingest([anomaly('web', 0, 'critical', 'errors'), anomaly('api', 0.5, 'critical', 'errors')], T0 + MINUTE);
      h.ingest([anomaly('auth', 1, 'critical', 'cpu')], T0 + 2 * MINUTE);
      expect([...h.incidents().values()].map((s) => s.entities)).toEqual([['api', 'web'], ['auth']]);
    });

    it("does not take a rise in a service's own CPU, memory or disk as a symptom: it tells a story of its own", () => {
      // api calls db as web does, and calls auth: api's CPU burning is not db's doing, nor auth's.
      const calls = graphOf([['web', 'db'], ['api', 'db'], ['api', 'auth']]);
      const g = createIncidentGrouper({}, () => calls);
      g.ingest([anomaly('web', 0, 'critical', 'errors'), anomaly('api', 0.5, 'critical', 'cpu')], T0 + MINUTE);
      expect([...g.incidents().values()].map((s) => s.entities)).toEqual([['web'], ['api']]);
      // Its latency rising after the incident opened is still a symptom of it (a caller waits on what it calls)...
      const h = createIncidentGrouper({}, () => calls);
      h.ingest([anomaly('auth', 0, 'critical', 'errors'), anomaly('api', 0.5, 'critical', 'latency')], T0 + MINUTE);
      expect([...h.incidents().values()].map((s) => s.entities)).toEqual([['api', 'auth']]);
      // ...and its own memory climbing after that is not: it was in the incident as a symptom, it now founds one.
      h.ingest([anomaly('api', 1, 'critical', 'mem')], T0 + 2 * MINUTE);
      expect([...h.incidents().values()].map((s) => s.entities)).toEqual([['api', 'auth'], ['api']]);
      // A fall in CPU is what a caller left waiting shows: a symptom.
      const k = createIncidentGrouper({}, () => calls);
      k.ingest([anomaly('auth', 0, 'critical', 'errors'), { ...anomaly('api', 0.5, 'critical', 'cpu'), direction: 'down' }], T0 + MINUTE);
      expect([...k.incidents().values()].map((s) => s.entities)).toEqual([['api', 'auth']]);
      // A cause is still a cause: the root's callee's disk filling up explains the root's errors.
      const m = createIncidentGrouper({}, () => calls);
      m.ingest([anomaly('api', 0, 'critical', 'errors'), anomaly('auth', 0.5, 'critical', 'disk')], T0 + MINUTE);
      expect([...m.incidents().values()].map((s) => s.entities)).toEqual([['api', 'auth']]);
    });

    it('takes errors or drops at a service\'s own network interface as its own, and retransmits as what a peer may cause', () => {
      const calls = graphOf([['web', 'db'], ['api', 'db']]);
      const net = (entity: string, at: number, signal: string) => ({ ...anomaly(entity, at, 'critical', 'net'), signal });
      const g = createIncidentGrouper({}, () => calls);
      g.ingest([anomaly('web', 0, 'critical', 'errors'), net('api', 0.5, 'k8s.pod.network.errors.rate')], T0 + MINUTE);
      expect([...g.incidents().values()].map((s) => s.entities)).toEqual([['web'], ['api']]);
      const h = createIncidentGrouper({}, () => calls);
      h.ingest([anomaly('web', 0, 'critical', 'errors'), net('api', 0.5, 'system.network.dropped.rate')], T0 + MINUTE);
      expect([...h.incidents().values()].map((s) => s.entities)).toEqual([['web'], ['api']]);
      // Its own packet loss slows the calls it makes too: a story rooted at its callee (db slow as api's client spans see it) is its doing.
      const p = createIncidentGrouper({}, () => calls);
      p.ingest([anomaly('db', 0, 'critical'), net('api', 0.5, 'k8s.pod.network.errors.rate')], T0 + MINUTE);
      expect([...p.incidents().values()].map((s) => [s.entities, s.founders])).toEqual([[['api', 'db'], ['api', 'db']]]);
      // TCP retransmits rise when the path to a callee loses packets: a symptom of the callee's story.
      const k = createIncidentGrouper({}, () => calls);
      k.ingest([anomaly('db', 0, 'critical', 'errors'), net('api', 0.5, 'tcp.retransmits.rate')], T0 + MINUTE);
      expect([...k.incidents().values()].map((s) => s.entities)).toEqual([['api', 'db']]);
      // So is a fall in throughput: a caller left waiting sends less.
      const m = createIncidentGrouper({}, () => calls);
      m.ingest([anomaly('db', 0, 'critical', 'errors'), { ...net('api', 0.5, 'k8s.pod.network.io.rate'), direction: 'down' }], T0 + MINUTE);
      expect([...m.incidents().values()].map((s) => s.entities)).toEqual([['api', 'db']]);
    });

    it('takes a callee of services that call each other back as their story\'s cause', () => {
      // a and b call each other: neither is the bottom, both are roots.
      const loop = graphOf([['a', 'b'], ['b', 'a'], ['b', 'db']]);
      const g = createIncidentGrouper({}, () => loop);
      g.ingest([anomaly('a', 0, 'critical'), anomaly('b', 0.2, 'critical')], T0 + MINUTE);
      g.ingest([anomaly('db', 1, 'critical', 'cpu')], T0 + 2 * MINUTE);
      expect([...g.incidents().values()].map((s) => s.entities)).toEqual([['a', 'b', 'db']]);
    });

    it('opens a weak fault of its own with a symptom it shares with another fault, instead of letting the other swallow it', () => {
      const g = createIncidentGrouper({}, () => shop);
      // One warning on cat is not enough to open anything; it waits.
      expect(opened(g.ingest([anomaly('cat', 0, 'warning', 'mem')], T0 + MINUTE))).toHaveLength(0);
      g.ingest([anomaly('cart', 1), anomaly('redis', 1.1), anomaly('front', 1.2)], T0 + 2 * MINUTE);
      const incidents = [...g.incidents().values()];
      expect(incidents.map((s) => s.entities)).toEqual([
        ['cart', 'front', 'redis'],
        ['cat', 'front'],
      ]);
      expect(incidents.some((s) => s.status === 'merged')).toBe(false);
      // The shared front end is each incident's symptom, not part of its story (what rca/ looks below).
      expect(incidents.map((s) => s.founders)).toEqual([['cart', 'redis'], ['cat']]);
    });

    it('does not open a story on shared symptoms alone', () => {
      const g = createIncidentGrouper({}, () => shop);
      // A level shift alone founds nothing (opening-evidence.ts), and a shared symptom does not make up for it.
      g.ingest([{ ...anomaly('cat', 0, 'critical', 'traffic'), detector: CHANGE_POINT }], T0 + MINUTE);
      g.ingest([anomaly('cart', 1), anomaly('redis', 1.1), anomaly('front', 1.2)], T0 + 2 * MINUTE);
      expect([...g.incidents().values()].map((s) => s.entities)).toEqual([['cart', 'front', 'redis']]);
    });
  });

  it('deduplicates repeated anomalies while the incident is active, extending its quiet period', () => {
    const g = grouper();
    g.ingest([anomaly('db', 0, 'critical')], T0);
    const repeat = g.ingest([anomaly('db', 0, 'critical'), anomaly('db', 5, 'critical')], T0 + 5 * MINUTE);
    expect(repeat).toEqual([]);
    expect(g.incidents().get('inc-1')?.anomalies).toHaveLength(1);
    expect(g.advance(T0 + 14 * MINUTE)).toEqual([]);
    expect(g.advance(T0 + 15 * MINUTE)).toEqual([{ kind: 'resolved', incidentId: 'inc-1', atMillis: T0 + 15 * MINUTE, reason: 'quiet' }]);
  });

  it('needs two related warnings to open; a lone warning waits and expires', () => {
    const g = grouper();
    expect(g.ingest([anomaly('db', 0)], T0)).toEqual([]);
    expect(g.pending()).toHaveLength(1);
    expect(g.ingest([anomaly('y', 1)], T0 + MINUTE)).toEqual([]);
    expect(opened(g.ingest([anomaly('web', 2)], T0 + 2 * MINUTE))).toHaveLength(1);
    expect(g.incidents().get('inc-1')?.entities).toEqual(['db', 'web']);

    const late = grouper();
    late.ingest([anomaly('db', 0)], T0);
    late.advance(T0 + 6 * MINUTE);
    expect(late.pending()).toEqual([]);
    expect(late.ingest([anomaly('web', 6)], T0 + 6 * MINUTE)).toEqual([]);
  });

  it('stamps an incident with the onset that completed its evidence and with when that was known', () => {
    const g = grouper();
    // Found late (a detector confirms a run over a few windows): onsets at 0 and 0.5 min, the window closing at 1.5 min.
    const events = g.ingest([anomaly('db', 0), anomaly('web', 0.5)], T0 + 1.5 * MINUTE);
    expect(opened(events)).toEqual([{ kind: 'opened', incidentId: 'inc-1', atMillis: T0 + 0.5 * MINUTE, detectedAtMillis: T0 + 1.5 * MINUTE }]);
    expect(g.incidents().get('inc-1')).toMatchObject({ openedAtMillis: T0 + 0.5 * MINUTE, detectedAtMillis: T0 + 1.5 * MINUTE });
  });

  it('dates an incident completed by a finding reported late with an early onset from when its evidence was enough', () => {
    const g = grouper();
    // web's memory leak (minute 2, a statistical critical too small a change to open alone) waits; db's level shift
    // (CUSUM dates it back to minute 0) is reported at minute 5 and completes the story: web calls db, so db is its cause.
    const leak = { ...anomaly('web', 2, 'critical', 'mem'), detector: ROBUST_BASELINE, evidence: { baseline: 400, observed: 500 } };
    expect(opened(g.ingest([leak], T0 + 3 * MINUTE))).toEqual([]);
    const drift = { ...anomaly('db', 0, 'critical', 'mem'), detector: CHANGE_POINT };
    const events = g.ingest([drift], T0 + 5 * MINUTE);
    // Not minute 0: the level shift alone could never open an incident, so the evidence was enough from the leak's onset on.
    expect(opened(events)).toEqual([{ kind: 'opened', incidentId: 'inc-1', atMillis: T0 + 2 * MINUTE, detectedAtMillis: T0 + 5 * MINUTE }]);
    expect(g.incidents().get('inc-1')?.entities).toEqual(['db', 'web']);
  });

  it('resolves after the quiet period of event time, not before', () => {
    const g = grouper({ quietMillis: 3 * MINUTE });
    g.ingest([anomaly('db', 0, 'critical'), anomaly('web', 1)], T0 + MINUTE);
    expect(g.advance(T0 + 4 * MINUTE - 1)).toEqual([]);
    expect(g.advance(T0 + 60 * MINUTE)).toEqual([{ kind: 'resolved', incidentId: 'inc-1', atMillis: T0 + 4 * MINUTE, reason: 'quiet' }]);
    expect(g.advance(T0 + 90 * MINUTE)).toEqual([]);
  });

  it('holds an entity and indicator that flaps more than K times in the window', () => {
    const g = grouper({ quietMillis: MINUTE, flapMaxToggles: 3, flapWindowMillis: 30 * MINUTE });
    const openings = [0, 2, 4, 6].map((m) => opened(g.ingest([anomaly('db', m, 'critical', 'errors')], T0 + (m + 1.5) * MINUTE)).length);
    expect(openings).toEqual([1, 1, 1, 0]);
    // Another indicator of the same entity is not held.
    expect(opened(g.ingest([anomaly('db', 8, 'critical', 'latency')], T0 + 8 * MINUTE))).toHaveLength(1);
  });

  it('emits events whose fold reproduces the grouper state', () => {
    const g = grouper({ quietMillis: 3 * MINUTE });
    const log = [
      ...g.ingest([anomaly('a', 0, 'critical'), anomaly('e', 0), anomaly('d', 0.5)], T0 + MINUTE),
      ...g.ingest([anomaly('c', 1), anomaly('y', 1, 'critical')], T0 + 2 * MINUTE),
      ...g.advance(T0 + 10 * MINUTE),
      ...g.ingest([anomaly('x', 11)], T0 + 11 * MINUTE),
    ];
    const folded = foldIncidents(log);
    expect(folded).toEqual(g.incidents());
    expect([...folded.values()].map((s) => [s.id, s.status, s.entities.join(','), s.mergedInto ?? s.reopenedAs ?? s.reopenOf ?? ''])).toEqual([
      ['inc-1', 'resolved', 'a,c,d,e', ''],
      ['inc-2', 'merged', 'd,e', 'inc-1'],
      ['inc-3', 'resolved', 'y', 'inc-4'],
      ['inc-4', 'open', 'x', 'inc-3'],
    ]);
  });

  it('goes on after a restart from the folded log: open incidents take related anomalies, resolve, and ids continue', () => {
    const first = grouper();
    const log = [...first.ingest([anomaly('db', 0, 'critical')], T0), ...first.ingest([anomaly('y', 1, 'critical')], T0 + MINUTE)];
    log.push(...first.advance(T0 + 11 * MINUTE + 1)); // db resolves at 10 min; y stays open (quiet until 11 min)
    const restored = foldIncidents(log);
    expect([...restored.values()].map((s) => s.status)).toEqual(['resolved', 'resolved']);

    const again = createIncidentGrouper({}, () => graph, { states: foldIncidents(log.slice(0, -1)) });
    const events = again.ingest([anomaly('x', 2)], T0 + 2 * MINUTE);
    expect(events.filter((e) => e.kind === 'anomaly-attached').map((e) => e.incidentId)).toEqual(['inc-2']);
    const later = again.ingest([anomaly('web', 12, 'critical')], T0 + 12 * MINUTE);
    expect(later.find((e) => e.kind === 'resolved')).toMatchObject({ incidentId: 'inc-2', atMillis: T0 + 12 * MINUTE });
    expect(later.find((e) => e.kind === 'opened')).toMatchObject({ incidentId: 'inc-3', reopenOf: 'inc-1' });

    // Nothing recent to continue, but ids used long ago are not opened again.
    const fresh = createIncidentGrouper({}, () => graph, { states: new Map(), usedIds: ['inc-1', 'inc-7', 'other-99'] });
    expect(fresh.ingest([anomaly('db', 30, 'critical')], T0 + 30 * MINUTE)[0]).toMatchObject({ kind: 'opened', incidentId: 'inc-8' });
  });
});
