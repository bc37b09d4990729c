/**
 * Change evidence on resource attributes written into the real embedded
 * engine: a bad deploy just before the onset, a harmless earlier deploy, a
 * rollout that changes only the ReplicaSet, a deploy older than the window,
 * a service that only starts sending.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Anomaly } from '../../correlator/index.ts';
import { type FixtureStore, gaugeRowAt, openFixtureStore } from '../../storage/testing/fixture-store.ts';
import { MINUTE, anomalyOf, logRow, scorerInput, traceRows } from '../evidence/evidence-fixtures.ts';
import { formatTime } from '../evidence/format.ts';
import type { EntityScore } from '../scorer.ts';
import { createChangeEvidenceScorer } from './change-evidence.ts';

let t: FixtureStore;
const BASE = Date.UTC(2026, 3, 1, 10);
const ONSET = BASE + 30 * MINUTE;
const AT = ONSET + 5 * MINUTE;
const CANDIDATES = ['cart', 'search', 'auth', 'feed', 'ledger', 'profile'];

interface Generation {
  readonly fromMillis: number;
  readonly version: string;
  /** Pod name `<deployment>-<pod-template-hash>-<suffix>`. */
  readonly pod: string;
}

/** Which generation of each service runs when; the newest generation whose start has passed. */
const FLEET: Record<string, Generation[]> = {
  cart: [
    { fromMillis: BASE, version: '2.3.0', pod: 'cart-7d9f8c6b5-x2x9q' },
    { fromMillis: ONSET - 2 * MINUTE, version: '2.4.0', pod: 'cart-5f6d7c8b9-k4m2p' },
  ],
  search: [
    { fromMillis: BASE, version: '1.8.1', pod: 'search-6b7c8d9f5-abcde' },
    { fromMillis: ONSET - 8 * MINUTE, version: '1.8.2', pod: 'search-9c8b7a6d5-fghij' },
  ],
  auth: [
    { fromMillis: BASE, version: '3.0.0', pod: 'auth-5d6f7b8c9-aaaaa' },
    { fromMillis: BASE + 5 * MINUTE, version: '3.1.0', pod: 'auth-8f7d6c5b4-bbbbb' },
  ],
  feed: [{ fromMillis: ONSET - 5 * MINUTE, version: '1.0.0', pod: 'feed-7b8c9d6f5-ccccc' }],
  ledger: [
    { fromMillis: BASE, version: '4.2.0', pod: 'ledger-6c8d9f7b4-ddddd' },
    { fromMillis: ONSET + 90_000, version: '4.2.0', pod: 'ledger-8b7c6d5f4-eeeee' },
  ],
  profile: [{ fromMillis: BASE, version: '5.0.1', pod: 'profile-4b5c6d7f8-fffff' }],
};

function resourceAt(service: string, atMillis: number): Record<string, string> | undefined {
  const gen = FLEET[service]!.filter((g) => g.fromMillis <= atMillis).at(-1);
  return gen && { 'service.version': gen.version, 'k8s.deployment.name': service, 'k8s.pod.name': gen.pod };
}

beforeAll(async () => {
  t = await openFixtureStore('rca-change-evidence');
  const spans = [];
  const logs = [];
  const gauges = [];
  let traceNo = 0;
  for (let at = BASE; at <= AT; at += 30_000) {
    for (const service of Object.keys(FLEET)) {
      const resource = resourceAt(service, at);
      if (!resource) continue;
      spans.push(...traceRows(++traceNo, at, [{ no: 0, service, name: 'GET /', kind: 'Server', offsetMillis: 0, durationMillis: 5, resource }]));
      logs.push(logRow({ service, timeMillis: at + 1000, severity: 9, body: 'request served', resource }));
    }
    // Container metrics carry the image tag, 30 s behind the SDK's version.
    const cart = resourceAt('cart', at - 30_000);
    if (cart) gauges.push(gaugeRowAt('cart', at, { 'k8s.pod.name': cart['k8s.pod.name']!, 'container.image.tag': cart['service.version']! }));
  }
  await t.insert('otel_traces', spans);
  await t.insert('otel_logs', logs);
  await t.insert('otel_metrics_gauge', gauges);
});
afterAll(async () => {
  await t?.close();
});

async function scores(anomalies: readonly Anomaly[]): Promise<EntityScore[]> {
  const input = scorerInput({ store: t.store, candidates: CANDIDATES, baselineFromMillis: ONSET - 15 * MINUTE, onsetMillis: ONSET, atMillis: AT, anomalies });
  const r = await createChangeEvidenceScorer().score(input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

// cart's errors rise at the onset; ledger's latency rose before its rollout, so that rollout is not to blame.
const INCIDENT = [anomalyOf('cart', 'errors', ONSET), anomalyOf('profile', 'latency', ONSET + MINUTE), anomalyOf('ledger', 'latency', ONSET)];

describe('change evidence scorer', () => {
  it('puts a bad deploy followed by its own anomalies first, and a harmless earlier deploy lower', async () => {
    const result = await scores(INCIDENT);
    expect(result.map((s) => [s.entity, s.indicator])).toEqual([
      ['cart', 'code'],
      ['ledger', 'code'],
      ['search', 'code'],
    ]);
    const by = (e: string) => result.find((s) => s.entity === e)!;
    expect(by('cart').score).toBeCloseTo(1 - 0.5 * (2 / 15), 10);
    expect(by('ledger').score).toBeCloseTo(0.4, 10);
    expect(by('search').score).toBeCloseTo(0.4 * (1 - 0.5 * (8 / 15)), 10);
  });

  it('says what changed, from what, when, and what followed', async () => {
    const cart = (await scores(INCIDENT)).find((s) => s.entity === 'cart')!;
    const deployed = formatTime(ONSET - 2 * MINUTE);
    expect(cart.explanation).toBe(`cart was deployed: service.version 2.3.0 -> 2.4.0 at ${deployed}, 2.0 min before the onset; then its errors went anomalous (from ${formatTime(ONSET)})`);
    expect(cart.evidence.changes).toEqual([
      `service.version 2.3.0 -> 2.4.0 first seen at ${deployed}`,
      `k8s.replicaset.name cart-7d9f8c6b5 -> cart-5f6d7c8b9 first seen at ${deployed}`,
      `container.image.tag 2.3.0 -> 2.4.0 first seen at ${formatTime(ONSET - 90_000)}`,
    ]);
  });

  it('does not say "then" of an anomaly that began in the slack just before the change', async () => {
    const early = ONSET - 8 * MINUTE - 30_000;
    const search = (await scores([...INCIDENT, anomalyOf('search', 'errors', early)])).find((s) => s.entity === 'search')!;
    expect(search.explanation).toBe(
      `search was deployed: service.version 1.8.1 -> 1.8.2 at ${formatTime(ONSET - 8 * MINUTE)}, 8.0 min before the onset; its errors went anomalous at about the same time (from ${formatTime(early)})`,
    );
  });

  it('sees a rollout that changes only the ReplicaSet', async () => {
    const ledger = (await scores(INCIDENT)).find((s) => s.entity === 'ledger')!;
    expect(ledger.evidence.changes).toEqual([`k8s.replicaset.name ledger-6c8d9f7b4 -> ledger-8b7c6d5f4 first seen at ${formatTime(ONSET + 90_000)}`]);
    expect(ledger.explanation).toContain('90 s after the onset; none of its own signals went anomalous after it');
  });

  it('scores the bad deploy moderately while its service shows no anomaly', async () => {
    const cart = (await scores([anomalyOf('profile', 'latency', ONSET)])).find((s) => s.entity === 'cart')!;
    expect(cart.score).toBeCloseTo(0.4 * (1 - 0.5 * (2 / 15)), 10);
  });

  it('ignores deploys before the window, services that only start sending, and services that did not change', async () => {
    const entities = (await scores(INCIDENT)).map((s) => s.entity);
    expect(entities).not.toContain('auth');
    expect(entities).not.toContain('feed');
    expect(entities).not.toContain('profile');
  });

  it('returns nothing without deployment markers', async () => {
    const input = scorerInput({ store: t.store, candidates: ['nobody'], baselineFromMillis: ONSET - 15 * MINUTE, onsetMillis: ONSET, atMillis: AT });
    expect(await createChangeEvidenceScorer().score(input)).toEqual({ ok: true, value: [] });
  });
});
