/**
 * Marking anomalies that followed their own service's deployment, on the
 * real embedded engine (deploy markers come from inserted records through
 * the rollup, as in production).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureStore, gaugeRowAt, openFixtureStore } from '../../storage/testing/fixture-store.ts';
import type { Anomaly } from '../detect/anomaly.ts';
import { followsOwnDeploy, withRecentDeploys } from './recent-deploys.ts';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 4, 4, 9);
/** billing runs 2.0 for 20 minutes, then 2.1; search runs 7 throughout; cart appears at T0 + 15 min with its first version. */
const DEPLOY = T0 + 20 * MINUTE;
let t: FixtureStore;

beforeAll(async () => {
  t = await openFixtureStore('recent-deploys');
  const rows = [];
  for (let at = T0; at < T0 + 40 * MINUTE; at += MINUTE) {
    rows.push(gaugeRowAt('billing', at, { 'service.version': at < DEPLOY ? '2.0' : '2.1' }), gaugeRowAt('search', at, { 'service.version': '7' }));
    if (at >= T0 + 15 * MINUTE) rows.push(gaugeRowAt('cart', at, { 'service.version': '1.0' }));
  }
  await t.insert('otel_metrics_gauge', rows);
});
afterAll(async () => {
  await t?.close();
});

const anomaly = (entity: string, onsetMillis: number, over: Partial<Anomaly> = {}): Anomaly => ({
  entity, indicator: 'log', signal: 'log_error_rate', detector: 'cusum', onsetMillis, score: 5, severity: 'critical', direction: 'up', evidence: { baseline: 0, observed: 0.1 }, ...over,
});

async function marked(anomalies: Anomaly[], atMillis = T0 + 40 * MINUTE): Promise<boolean[]> {
  const r = await withRecentDeploys(t.store, anomalies, atMillis);
  if (!r.ok) throw new Error(r.error.message);
  const withoutEvidence = (a: Anomaly) => ({ ...a, evidence: undefined });
  expect(r.value.map(withoutEvidence)).toEqual(anomalies.map(withoutEvidence));
  return r.value.map(followsOwnDeploy);
}

describe('withRecentDeploys', () => {
  it("marks a critical rise of a service's errors or error logs within ten minutes after its deployment", async () => {
    const r = await withRecentDeploys(t.store, [anomaly('billing', DEPLOY + 2 * MINUTE)], T0 + 40 * MINUTE);
    expect(r.ok && r.value[0]!.evidence).toEqual({ baseline: 0, observed: 0.1, deployedAtMillis: DEPLOY, deployChange: 'service.version 2.0 -> 2.1' });
    expect(await marked([
      anomaly('billing', DEPLOY + 9 * MINUTE, { indicator: 'errors', signal: 'error_rate', detector: 'robust-baseline' }),
      anomaly('billing', DEPLOY + 11 * MINUTE, { indicator: 'errors', signal: 'error_rate' }),
      // An onset a little before the first sighting: the bucket's start, or a rollout's first pod.
      anomaly('billing', DEPLOY - 50_000),
      anomaly('billing', DEPLOY - 2 * MINUTE),
    ])).toEqual([true, false, true, false]);
  });

  it('leaves warnings, falls, latency and resources, other services and first versions alone', async () => {
    const after = DEPLOY + MINUTE;
    expect(await marked([
      anomaly('billing', after, { severity: 'warning' }),
      anomaly('billing', after, { direction: 'down' }),
      // A freshly started process is slow for a while, and a rollout's restarts move memory: any release would confirm them.
      anomaly('billing', after, { indicator: 'latency', signal: 'latency_p50_ms', detector: 'robust-baseline' }),
      anomaly('billing', after, { indicator: 'mem', signal: 'container.memory.usage' }),
      anomaly('search', after),
      // cart's first version is where its data starts, not a deployment.
      anomaly('cart', T0 + 16 * MINUTE),
    ])).toEqual([false, false, false, false, false, false]);
  });

  it('does not see a deployment first seen after the time it is asked at', async () => {
    expect(await marked([anomaly('billing', DEPLOY - 30_000)], DEPLOY - 10_000)).toEqual([false]);
    expect(await marked([anomaly('billing', DEPLOY - 30_000)], DEPLOY + 10_000)).toEqual([true]);
  });

  it('reads nothing when no anomaly could follow a deployment, and returns a failed read as a failure', async () => {
    const failing = { queryRows: () => Promise.resolve({ ok: false as const, error: { code: 'CW_ERR_STORAGE_UNAVAILABLE' as const, message: 'down', retryable: true, httpStatus: 503 } }) };
    const quiet = [anomaly('billing', DEPLOY, { severity: 'warning' })];
    expect(await withRecentDeploys(failing, quiet, DEPLOY + MINUTE)).toEqual({ ok: true, value: quiet });
    const r = await withRecentDeploys(failing, [anomaly('billing', DEPLOY)], DEPLOY + MINUTE);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('CW_ERR_STORAGE_UNAVAILABLE');
  });
});
