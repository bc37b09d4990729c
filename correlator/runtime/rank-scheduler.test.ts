import { describe, expect, it } from 'vitest';
import { ok } from '../../core/result.ts';
import type { Anomaly } from '../detect/anomaly.ts';
import type { CauseRanker, RankingContext } from '../incidents/causes.ts';
import { type IncidentEvent, type IncidentState, foldIncidents } from '../incidents/incident-events.ts';
import { graphOf } from '../incidents/incident-test-helpers.ts';
import type { ServiceGraph } from '../topology/service-graph.ts';
import { createRankScheduler } from './rank-scheduler.ts';

const T0 = Date.UTC(2026, 0, 1);
const STEP = 10_000;

const anomaly = (entity: string, at: number): Anomaly => ({
  entity,
  indicator: 'latency',
  signal: 'latency_p95_ms',
  detector: 'test',
  onsetMillis: at,
  score: 2,
  severity: 'warning',
  direction: 'up',
  evidence: {},
});

/** A ranker that records when it was asked. */
function recordingRanker(): CauseRanker & { calls: number[] } {
  const calls: number[] = [];
  return {
    calls,
    rank(context: RankingContext) {
      calls.push(context.atMillis);
      return Promise.resolve(ok([{ entity: context.incident.entities[0]!, indicator: 'latency' as const, score: 1, explanation: 'test', evidence: {} }]));
    },
  };
}

/** Runs windows 1..n; `growth(w)` says which windows attach an anomaly to incident `inc-1` (opened in window 1). */
async function run(windows: number, growth: (w: number) => boolean, ranker = recordingRanker(), graphAt: (w: number) => ServiceGraph | undefined = () => undefined, refreshMillis = 0) {
  const scheduler = createRankScheduler(ranker, 60_000, refreshMillis);
  const log: IncidentEvent[] = [];
  const frame = { fromMillis: T0, stepSeconds: 10, buckets: 0, series: [] };
  for (let w = 1; w <= windows; w++) {
    const at = T0 + w * STEP;
    const events: IncidentEvent[] = w === 1 ? [{ kind: 'opened', incidentId: 'inc-1', atMillis: at }] : [];
    if (w === 1 || growth(w)) {
      const a = anomaly(`svc-${w}`, at);
      events.push({ kind: 'anomaly-attached', incidentId: 'inc-1', atMillis: at, fingerprint: `f${w}`, anomaly: a });
    }
    log.push(...events);
    const incidents: ReadonlyMap<string, IncidentState> = foldIncidents(log);
    const ranked = await scheduler.rank({ windowEndMillis: at, events, incidents: () => incidents, frame: () => frame, graph: graphAt(w), store: { queryRows: () => Promise.resolve(ok([])) } });
    log.push(...ranked.events);
  }
  return { ranker, log };
}

const windowsOf = (calls: number[]) => calls.map((at) => (at - T0) / STEP);

describe('rank scheduler', () => {
  it('ranks an incident when it opens and once more when it stops growing', async () => {
    const { ranker, log } = await run(10, (w) => w <= 3);
    expect(windowsOf(ranker.calls)).toEqual([1, 4]);
    expect(log.filter((e) => e.kind === 'causes-ranked')).toHaveLength(2);
  });

  it('ranks a quiet incident again when the graph comes to know one of its entities', async () => {
    // svc-1's first spans (its calls) reach the graph in window 5; svc-other, not the incident's, in window 3.
    const before = graphOf([['web', 'svc-other']]);
    const after = graphOf([['web', 'svc-other'], ['svc-1', 'db']]);
    const graphAt = (w: number) => (w < 3 ? graphOf([['web', 'api']]) : w < 5 ? before : after);
    const { ranker } = await run(12, () => false, recordingRanker(), graphAt);
    expect(windowsOf(ranker.calls)).toEqual([1, 5]);
    // Without a graph at all nothing is learnt: ranked once.
    expect(windowsOf((await run(12, () => false)).ranker.calls)).toEqual([1]);
  });

  it('ranks a quiet incident again once a minute for refreshMillis after it opened, while evidence keeps arriving', async () => {
    // Opened in window 1, grew until window 3: ranked at 1 and 4, then every minute while within three minutes of opening.
    const { ranker } = await run(30, (w) => w <= 3, recordingRanker(), () => undefined, 180_000);
    expect(windowsOf(ranker.calls)).toEqual([1, 4, 10, 16]);
    // Without refresh: the two rankings only.
    expect(windowsOf((await run(30, (w) => w <= 3)).ranker.calls)).toEqual([1, 4]);
  });

  it('ranks an incident that keeps growing at most once per minute of event time', async () => {
    const { ranker } = await run(20, (w) => w <= 15);
    expect(windowsOf(ranker.calls)).toEqual([1, 7, 13, 16]);
  });

  it('does not rank incidents that are quiet, and hands the ranker the previous ranking', async () => {
    const seen: number[] = [];
    const ranker = recordingRanker();
    const wrapped: CauseRanker & { calls: number[] } = {
      calls: ranker.calls,
      rank(context) {
        seen.push(context.incident.causes.length);
        return ranker.rank(context);
      },
    };
    await run(12, (w) => w === 9, wrapped);
    expect(windowsOf(ranker.calls)).toEqual([1, 9]);
    expect(seen).toEqual([0, 1]);
  });

  it("hands each ranking the other open incidents' entities, founders and symptoms, that are not its own", async () => {
    const seen = new Map<string, string[]>();
    const ranker: CauseRanker = {
      rank(context) {
        seen.set(context.incident.id, [...(context.otherStories ?? [])].sort());
        return Promise.resolve(ok([]));
      },
    };
    const scheduler = createRankScheduler(ranker, 60_000);
    const at = T0 + STEP;
    const attach = (incidentId: string, entity: string, asSymptom?: true): IncidentEvent => ({
      kind: 'anomaly-attached',
      incidentId,
      atMillis: at,
      fingerprint: `${incidentId}/${entity}`,
      anomaly: anomaly(entity, at),
      ...(asSymptom ? { asSymptom } : {}),
    });
    const events: IncidentEvent[] = [
      { kind: 'opened', incidentId: 'inc-1', atMillis: at },
      attach('inc-1', 'db'),
      attach('inc-1', 'front'),
      { kind: 'opened', incidentId: 'inc-2', atMillis: at },
      attach('inc-2', 'cache'),
      attach('inc-2', 'front', true),
      attach('inc-2', 'api', true),
      { kind: 'opened', incidentId: 'inc-3', atMillis: at },
      attach('inc-3', 'queue'),
      { kind: 'resolved', incidentId: 'inc-3', atMillis: at, reason: 'quiet' },
    ];
    const incidents = foldIncidents(events);
    await scheduler.rank({ windowEndMillis: at, events, incidents: () => incidents, frame: () => ({ fromMillis: T0, stepSeconds: 10, buckets: 0, series: [] }), graph: undefined, store: { queryRows: () => Promise.resolve(ok([])) } });
    // front is inc-1's story but also an entity of inc-2 (as a symptom): inc-2 keeps it. api, only inc-2's symptom, is
    // explained there: inc-1 leaves it too. The resolved inc-3 counts for neither.
    expect(Object.fromEntries(seen)).toEqual({ 'inc-1': ['api', 'cache'], 'inc-2': ['db'] });
  });

  it('tries a failed ranking again in the next window', async () => {
    let fail = true;
    const ranker = recordingRanker();
    const flaky: CauseRanker & { calls: number[] } = {
      calls: ranker.calls,
      rank(context) {
        if (fail) {
          fail = false;
          return Promise.resolve({ ok: false as const, error: { code: 'CW_ERR_STORAGE_UNAVAILABLE' as const, message: 'down', retryable: true, httpStatus: 503 } });
        }
        return ranker.rank(context);
      },
    };
    const { log } = await run(3, () => false, flaky);
    expect(log.filter((e) => e.kind === 'causes-ranked').map((e) => (e.atMillis - T0) / STEP)).toEqual([2]);
  });
});
