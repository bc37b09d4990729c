/**
 * The runtime on the real embedded engine: a level shift nothing else
 * confirms opens an incident when its service was deployed just before,
 * and not otherwise. The change point's finding is stood in by a detector
 * that reports it (the detectors have their own tests); the deployment is
 * read from stored records as in production.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureStore, gaugeRowAt, openFixtureStore } from '../../storage/testing/fixture-store.ts';
import { CHANGE_POINT } from '../detect/change-point.ts';
import type { Anomaly, Detector } from '../detect/anomaly.ts';
import { createCorrelatorRuntime } from './correlator-runtime.ts';
import { createMemoryIncidentSink } from './incident-sink.ts';
import { createStandInCauseRanker } from './stand-in-ranker.ts';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 4, 5, 14);
const DEPLOY = T0 + 12 * MINUTE;
const SHIFT = DEPLOY + MINUTE;
const END = T0 + 20 * MINUTE;
let t: FixtureStore;

beforeAll(async () => {
  t = await openFixtureStore('deploy-confirmation');
  const rows = [];
  // billing is deployed (2.0 -> 2.1) at DEPLOY; ledger runs 5.3 throughout.
  for (let at = T0; at < END; at += 10_000) rows.push(gaugeRowAt('billing', at, { 'service.version': at < DEPLOY ? '2.0' : '2.1' }), gaugeRowAt('ledger', at, { 'service.version': '5.3' }));
  await t.insert('otel_metrics_gauge', rows);
});
afterAll(async () => {
  await t?.close();
});

/** Reports a critical change-point shift of `entity`'s error rate from SHIFT on, as CUSUM would for a few more errors a minute. */
function shiftOf(entity: string): Detector {
  return {
    name: 'stand-in',
    detect(series) {
      const newest = series.fromMillis + (series.values.length - 1) * series.stepSeconds * 1000;
      if (series.entity !== entity || newest < SHIFT) return [];
      const a: Anomaly = { entity, indicator: 'errors', signal: 'error_rate', detector: CHANGE_POINT, onsetMillis: SHIFT, score: 5, severity: 'critical', direction: 'up', evidence: { baseline: 0.02, observed: 0.06 } };
      return [a];
    },
  };
}

async function incidentsFor(entity: string) {
  const sink = createMemoryIncidentSink();
  const runtime = createCorrelatorRuntime({ store: t.store, sink, startMillis: T0, warmupMillis: 5 * MINUTE, ranker: createStandInCauseRanker(), detectors: [shiftOf(entity)] });
  const r = await runtime.advanceTo(END);
  if (!r.ok) throw new Error(r.error.message);
  return { opened: sink.events().filter((e) => e.kind === 'opened'), attached: sink.events().flatMap((e) => (e.kind === 'anomaly-attached' ? [e.anomaly] : [])) };
}

describe('a deployment confirming a level shift', () => {
  it("opens an incident on a change point's lone finding when the service was deployed just before", async () => {
    const { opened, attached } = await incidentsFor('billing');
    expect(opened).toHaveLength(1);
    expect(attached.map((a) => [a.entity, a.onsetMillis, a.evidence.deployedAtMillis, a.evidence.deployChange])).toEqual([['billing', SHIFT, DEPLOY, 'service.version 2.0 -> 2.1']]);
  });

  it('does not open one on the same finding of a service that was not deployed', async () => {
    expect(await incidentsFor('ledger')).toEqual({ opened: [], attached: [] });
  });
});
