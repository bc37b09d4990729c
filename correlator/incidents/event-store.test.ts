/**
 * The incident event log on the real embedded engine: append and load with
 * every event kind and awkward evidence, per-incident and listing folds,
 * refusal of contradicting events, retries after failed writes, and a
 * restart that restores the grouper's incidents.
 *
 * Each scenario has its own database, opened after the previous one closed
 * (one data folder per process; one store at a time keeps `USE` unambiguous).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { causewayError } from '../../core/errors.ts';
import { type Result, fail } from '../../core/result.ts';
import { type Store, migrate, openStore } from '../../storage/index.ts';
import { storeOptions, tempDir } from '../../storage/testing/test-store.ts';
import type { Anomaly } from '../detect/anomaly.ts';
import { KEEP_FOREVER } from '../topology/topology-fixtures.ts';
import { createIncidentEventReader, createIncidentEventStore, decodeIncidentEvent, encodeIncidentEvent, type IncidentWriteStore } from './event-store.ts';
import { type IncidentEvent, foldIncidents } from './incident-events.ts';
import { createIncidentGrouper } from './incident-grouper.ts';
import { MINUTE, T0, anomaly, graphOf } from './incident-test-helpers.ts';

const dir = tempDir('incident-events');
afterAll(() => dir.remove());

async function openDatabase(database: string): Promise<Store> {
  const options = storeOptions({ dataDir: dir.path, database, retention: KEEP_FOREVER });
  const opened = await openStore(options);
  if (!opened.ok) throw new Error(opened.error.message);
  const migrated = await migrate(opened.value, options);
  if (!migrated.ok) throw new Error(migrated.error.message);
  return opened.value;
}

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** Evidence that plain JSON would change: non-finite numbers, -0, typed arrays, keys that look like the codec's tags. */
const AWKWARD_EVIDENCE = {
  baseline: Number.NaN,
  observed: Number.POSITIVE_INFINITY,
  threshold: Number.NEGATIVE_INFINITY,
  zero: -0,
  series: Float64Array.of(1.5, Number.NaN, -Number.MAX_VALUE),
  nested: { values: [1, Number.NaN, null, 'NaN'], deeper: { inf: [Number.NEGATIVE_INFINITY] } },
  lookalike: { $float: 'NaN' },
  literal: { $literal: { $float: 'Infinity' } },
  ['__proto__']: { polluted: true },
  text: 'quotes " and \\ and \n newline, ünïcødé ✓',
  tiny: Number.MIN_VALUE,
};

/** What the awkward evidence reads back as: typed arrays become arrays; everything else is kept exactly. */
const AWKWARD_EVIDENCE_READ = { ...AWKWARD_EVIDENCE, series: [1.5, Number.NaN, -Number.MAX_VALUE] };

const awkward: Anomaly = { ...anomaly('carts', 0, 'critical'), signal: 'latency_p95_ms', score: Number.POSITIVE_INFINITY, evidence: AWKWARD_EVIDENCE };

/** A log with every event kind: inc-2 merges into inc-1, which resolves and recurs as inc-3. */
function everyKind(): IncidentEvent[] {
  return [
    { kind: 'opened', incidentId: 'inc-1', atMillis: T0 },
    { kind: 'anomaly-attached', incidentId: 'inc-1', atMillis: T0, fingerprint: 'carts|latency|latency_p95_ms|robust-baseline', anomaly: awkward },
    { kind: 'opened', incidentId: 'inc-2', atMillis: T0 + MINUTE },
    { kind: 'anomaly-attached', incidentId: 'inc-2', atMillis: T0 + MINUTE, fingerprint: 'orders|errors', anomaly: anomaly('orders', 1, 'critical', 'errors') },
    { kind: 'merged-into', incidentId: 'inc-2', atMillis: T0 + 2 * MINUTE, targetIncidentId: 'inc-1' },
    { kind: 'severity-changed', incidentId: 'inc-1', atMillis: T0 + 2 * MINUTE, severity: 'critical', priority: 'P2', services: 2 },
    {
      kind: 'causes-ranked',
      incidentId: 'inc-1',
      atMillis: T0 + 3 * MINUTE,
      causes: [
        {
          entity: 'carts',
          indicator: 'latency',
          score: 0.9,
          explanation: 'latency of carts rose first',
          evidence: {
            series: [{ entity: 'carts', signal: 'latency_p95_ms', fromMillis: T0 - MINUTE, stepSeconds: 10, values: [12, null, Number.NaN, 480] }],
            traceIds: ['ab'.repeat(16)],
            scores: { magnitude: 0.95, order: Number.NaN },
          },
        },
      ],
    },
    { kind: 'resolved', incidentId: 'inc-1', atMillis: T0 + 20 * MINUTE, reason: 'quiet' },
    { kind: 'opened', incidentId: 'inc-3', atMillis: T0 + 30 * MINUTE, reopenOf: 'inc-1' },
    { kind: 'reopened-as', incidentId: 'inc-1', atMillis: T0 + 30 * MINUTE, newIncidentId: 'inc-3' },
    { kind: 'anomaly-attached', incidentId: 'inc-3', atMillis: T0 + 30 * MINUTE, fingerprint: 'carts|cpu', anomaly: anomaly('carts', 30, 'critical', 'cpu') },
  ];
}

describe('event JSON', () => {
  it('keeps NaN, infinities, -0 and objects shaped like its tags, and reads typed arrays as arrays', () => {
    const [, attached] = everyKind();
    const decoded = decodeIncidentEvent(encodeIncidentEvent(attached as IncidentEvent)) as { anomaly: Anomaly };
    expect(decoded.anomaly.evidence).toEqual(AWKWARD_EVIDENCE_READ);
    expect(Object.is(decoded.anomaly.evidence.zero, -0)).toBe(true);
    expect(decoded.anomaly.score).toBe(Number.POSITIVE_INFINITY);
    expect(Object.getPrototypeOf(decoded.anomaly.evidence)).toBe(Object.prototype);
    expect(Object.keys(decoded.anomaly.evidence)).toContain('__proto__');
    // The stored text is plain JSON any tool can read.
    expect(JSON.parse(encodeIncidentEvent(attached as IncidentEvent)).anomaly.evidence.baseline).toEqual({ $float: 'NaN' });
  });
});

describe('append and load', () => {
  let store: Store;
  afterAll(async () => store?.close());

  it('reads back every event kind in log order, numbered from 1 in append order', async () => {
    store = await openDatabase('cw_events_roundtrip');
    const events = createIncidentEventStore(store);
    const log = everyKind();
    expect(await events.load()).toEqual({ ok: true, value: [] });
    value(await events.append(log.slice(0, 4)));
    value(await events.append([]));
    value(await events.append(log.slice(4)));

    const loaded = value(await events.load());
    expect(loaded).toEqual(log.map((e) => (e === log[1] ? { ...e, anomaly: { ...awkward, evidence: AWKWARD_EVIDENCE_READ } } : e)));
    expect(Object.is((loaded[1] as { anomaly: Anomaly }).anomaly.evidence.zero, -0)).toBe(true);

    const rows = value(
      await store.queryRows<{ seq: number; incident_id: string; kind: string; at: number; age: number }>(
        "SELECT seq, incident_id, kind, toUnixTimestamp64Milli(event_time) AS at, dateDiff('second', written_at, now64(3)) AS age FROM causeway_incident_events ORDER BY seq",
      ),
    );
    expect(rows.map((r) => [r.seq, r.incident_id, r.kind, r.at])).toEqual(log.map((e, i) => [i + 1, e.incidentId, e.kind, e.atMillis]));
    for (const r of rows) expect(Math.abs(r.age)).toBeLessThan(60);
  });

  it('filters by incident and by event time', async () => {
    const events = createIncidentEventReader(store);
    const log = everyKind();
    expect(value(await events.load({ incidentIds: ['inc-2', 'inc-3'] }))).toEqual(log.filter((e) => e.incidentId === 'inc-2' || e.incidentId === 'inc-3'));
    expect(value(await events.load({ incidentIds: [] }))).toEqual([]);
    const window = value(await events.load({ fromMillis: T0 + MINUTE, toMillis: T0 + 20 * MINUTE }));
    expect(window.map((e) => e.kind)).toEqual(['opened', 'anomaly-attached', 'merged-into', 'severity-changed', 'causes-ranked']);
  });

  it('folds one incident with the incidents merged into it, and its timeline', async () => {
    const events = createIncidentEventReader(store);
    const all = foldIncidents(value(await events.load()));
    const one = value(await events.incident('inc-1'));
    expect(one?.state).toEqual(all.get('inc-1'));
    expect(one?.state.entities).toEqual(['carts', 'orders']);
    expect(one?.timeline.map((e) => `${e.kind}:${e.incidentId}`)).toEqual([
      'opened:inc-1',
      'anomaly-attached:inc-1',
      'merged-into:inc-2',
      'severity-changed:inc-1',
      'causes-ranked:inc-1',
      'resolved:inc-1',
      'reopened-as:inc-1',
    ]);
    const merged = value(await events.incident('inc-2'));
    expect(merged?.state).toMatchObject({ status: 'merged', mergedInto: 'inc-1' });
    expect(merged?.timeline.map((e) => e.kind)).toEqual(['opened', 'anomaly-attached', 'merged-into']);
    expect(value(await events.incident('inc-3'))?.state).toMatchObject({ status: 'open', reopenOf: 'inc-1', entities: ['carts'] });
    expect(await events.incident('inc-404')).toEqual({ ok: true, value: undefined });
  });

  it('lists incidents alive in a range by status, newest first, up to a limit', async () => {
    const events = createIncidentEventReader(store);
    const ids = async (status: 'open' | 'resolved' | 'merged' | 'all', fromMinutes: number, toMinutes: number, limit = 10) =>
      value(await events.list({ status, fromMillis: T0 + fromMinutes * MINUTE, toMillis: T0 + toMinutes * MINUTE, limit })).map((s) => `${s.id}:${s.status}`);
    expect(await ids('all', 0, 60)).toEqual(['inc-3:open', 'inc-2:merged', 'inc-1:resolved']);
    expect(await ids('all', 0, 60, 2)).toEqual(['inc-3:open', 'inc-2:merged']);
    expect(await ids('open', 0, 60)).toEqual(['inc-3:open']);
    expect(await ids('resolved', 0, 60)).toEqual(['inc-1:resolved']);
    expect(await ids('merged', 0, 60)).toEqual(['inc-2:merged']);
    // inc-1 resolved at 20 min and inc-2 merged at 2 min: ended before 25 min; inc-3 opens at 30.
    expect(await ids('all', 25, 29)).toEqual([]);
    // Still open: alive in every later range.
    expect(await ids('all', 600, 601)).toEqual(['inc-3:open']);
    // Before anything opened.
    expect(await ids('all', -60, 0)).toEqual([]);
    const [listed] = value(await events.list({ status: 'resolved', fromMillis: T0, toMillis: T0 + 60 * MINUTE, limit: 1 }));
    expect(listed).toEqual(foldIncidents(value(await events.load())).get('inc-1'));
  });

  it('refuses events that contradict the log, writing none of the call', async () => {
    const events = createIncidentEventStore(store);
    const before = value(await events.load()).length;
    await expect(events.append([{ kind: 'opened', incidentId: 'inc-9', atMillis: T0 }, { kind: 'opened', incidentId: 'inc-1', atMillis: T0 }])).rejects.toThrow(
      /incident inc-1 opened twice/,
    );
    await expect(events.append([{ kind: 'resolved', incidentId: 'inc-404', atMillis: T0, reason: 'quiet' }])).rejects.toThrow(/inc-404, which the event log never opened/);
    await expect(events.append([{ kind: 'merged-into', incidentId: 'inc-3', atMillis: T0, targetIncidentId: 'inc-404' }])).rejects.toThrow(/merged into inc-404/);
    await expect(events.append([{ kind: 'opened', incidentId: 'inc-9', atMillis: Number.NaN }])).rejects.toThrow(/finite/);
    expect(value(await events.load())).toHaveLength(before);
    // The store still works after a refusal; inc-9 was never written, so it may open now.
    value(await events.append([{ kind: 'opened', incidentId: 'inc-9', atMillis: T0 + 40 * MINUTE }]));
    expect(value(await events.load()).at(-1)).toEqual({ kind: 'opened', incidentId: 'inc-9', atMillis: T0 + 40 * MINUTE });
  });

  it('skips what a log cut by retention cannot explain instead of failing', async () => {
    // inc-2's `opened` and inc-1's whole start are gone, as after a TTL drop of their first day.
    value(await store.command('DELETE FROM causeway_incident_events WHERE seq IN (1, 2, 3)'));
    const events = createIncidentEventReader(store);
    expect(await events.incident('inc-1')).toEqual({ ok: true, value: undefined });
    expect(await events.incident('inc-2')).toEqual({ ok: true, value: undefined });
    expect(value(await events.incident('inc-3'))?.state.status).toBe('open');
    const listed = value(await events.list({ status: 'all', fromMillis: T0, toMillis: T0 + 60 * MINUTE, limit: 10 }));
    expect(listed.map((s) => s.id)).toEqual(['inc-9', 'inc-3']);
  });

  it('reports an unreadable stored event as a query error naming it', async () => {
    value(await store.insertRows('causeway_incident_events', [{ incident_id: 'inc-bad', seq: 999, kind: 'opened', event_time: T0, written_at: T0, event: '{not json' }]));
    const loaded = await createIncidentEventReader(store).load({ incidentIds: ['inc-bad'] });
    expect(loaded.ok).toBe(false);
    expect(!loaded.ok && loaded.error).toMatchObject({ code: 'CW_ERR_STORAGE_QUERY', message: expect.stringMatching(/causeway_incident_events event 999 of inc-bad: unreadable JSON/) });
  });
});

describe('failed writes', () => {
  let store: Store;
  afterAll(async () => store?.close());

  /** The real store, with inserts that fail: after writing (a timeout once the server wrote) or before. */
  function flaky(real: Store, mode: { fail: 'none' | 'after-write' | 'before-write' }): IncidentWriteStore {
    const unavailable = fail(causewayError('CW_ERR_STORAGE_UNAVAILABLE', 'insert: timed out'));
    return {
      queryRows: real.queryRows,
      async insertRows(table, rows) {
        if (mode.fail === 'before-write') return unavailable;
        const written = await real.insertRows(table, rows);
        return mode.fail === 'after-write' && written.ok ? unavailable : written;
      },
    };
  }

  const seqs = async () => value(await store.queryRows<{ seq: number; incident_id: string }>('SELECT seq, incident_id FROM causeway_incident_events ORDER BY seq')).map((r) => `${r.seq}:${r.incident_id}`);
  const opening = (id: string, minutes: number): IncidentEvent[] => [
    { kind: 'opened', incidentId: id, atMillis: T0 + minutes * MINUTE },
    { kind: 'anomaly-attached', incidentId: id, atMillis: T0 + minutes * MINUTE, fingerprint: `${id}|x`, anomaly: anomaly(id, minutes) },
  ];

  it('writes a retried batch that had landed only once', async () => {
    store = await openDatabase('cw_events_retry');
    const mode: { fail: 'none' | 'after-write' | 'before-write' } = { fail: 'after-write' };
    const events = createIncidentEventStore(flaky(store, mode));
    const first = await events.append(opening('a', 0));
    expect(!first.ok && first.error.code).toBe('CW_ERR_STORAGE_UNAVAILABLE');
    mode.fail = 'none';
    value(await events.append(opening('a', 0)));
    expect(await seqs()).toEqual(['1:a', '2:a']);
    expect(value(await events.load())).toEqual(opening('a', 0));
  });

  it('writes a retried batch that had not landed under its first numbers', async () => {
    const mode: { fail: 'none' | 'after-write' | 'before-write' } = { fail: 'before-write' };
    const events = createIncidentEventStore(flaky(store, mode));
    expect((await events.append(opening('b', 1))).ok).toBe(false);
    mode.fail = 'none';
    value(await events.append(opening('b', 1)));
    expect(await seqs()).toEqual(['1:a', '2:a', '3:b', '4:b']);
  });

  it('writes the missing part of a batch that landed in part, under its first numbers', async () => {
    const mode: { fail: 'none' | 'after-write' | 'before-write' } = { fail: 'after-write' };
    const events = createIncidentEventStore(flaky(store, mode));
    expect((await events.append(opening('c', 2))).ok).toBe(false);
    // As if only the first row of the failed batch had reached its shard.
    value(await store.command('DELETE FROM causeway_incident_events WHERE seq = 6'));
    mode.fail = 'none';
    value(await events.append(opening('c', 2)));
    expect(await seqs()).toEqual(['1:a', '2:a', '3:b', '4:b', '5:c', '6:c']);
    expect(value(await events.load({ incidentIds: ['c'] }))).toEqual(opening('c', 2));
  });

  it('never gives a failed batch’s numbers to other events', async () => {
    const mode: { fail: 'none' | 'after-write' | 'before-write' } = { fail: 'none' };
    const events = createIncidentEventStore(flaky(store, mode));
    value(await events.append([{ kind: 'anomaly-attached', incidentId: 'c', atMillis: T0 + 4 * MINUTE, fingerprint: 'c|y', anomaly: anomaly('c', 4) }]));
    mode.fail = 'before-write';
    expect((await events.append(opening('e', 5))).ok).toBe(false);
    mode.fail = 'none';
    // Something else than the retry: numbers after the failed batch's 8 and 9.
    value(await events.append(opening('f', 6)));
    expect((await seqs()).slice(-3)).toEqual(['7:c', '10:f', '11:f']);
  });
});

describe('restart', () => {
  const graph = graphOf([
    ['web', 'db'],
    ['api', 'db'],
    ['x', 'y'],
  ]);

  it('restores the incidents, the next number and the known ids from the log', async () => {
    const grouper = createIncidentGrouper({ quietMillis: 5 * MINUTE }, () => graph);
    let store = await openDatabase('cw_events_restart');
    const before = createIncidentEventStore(store);
    const emitted: IncidentEvent[] = [];
    for (const [anomalies, watermark] of [
      [[anomaly('db', 0, 'critical'), anomaly('web', 0.5)], T0 + MINUTE],
      [[anomaly('y', 1, 'critical'), anomaly('api', 1.5)], T0 + 2 * MINUTE],
      [[], T0 + 30 * MINUTE],
      [[anomaly('x', 31, 'critical')], T0 + 31 * MINUTE],
    ] as const) {
      const events = grouper.ingest(anomalies, watermark);
      emitted.push(...events);
      value(await before.append(events));
    }
    await store.close();

    store = await openDatabase('cw_events_restart');
    try {
      const after = createIncidentEventStore(store);
      const restored = value(await after.restore());
      expect(restored.states).toEqual(grouper.incidents());
      expect([...restored.states.values()].map((s) => `${s.id}:${s.status}`)).toEqual(['inc-1:resolved', 'inc-2:resolved', 'inc-3:open']);
      expect(restored.events).toEqual(emitted);
      expect(restored.nextSequence).toBe(emitted.length + 1);
      expect(restored.incidentIds).toEqual(new Set(['inc-1', 'inc-2', 'inc-3']));

      // Only what is still active: inc-1 and inc-2 resolved at 6.5 and 6 minutes.
      const active = value(await after.restore({ activeSinceMillis: T0 + 10 * MINUTE }));
      expect([...active.states.keys()]).toEqual(['inc-3']);

      // The writer continues after the restored log, and refuses an id the log already has.
      value(await after.append([{ kind: 'resolved', incidentId: 'inc-3', atMillis: T0 + 36 * MINUTE, reason: 'quiet' }]));
      const last = value(await store.queryRows<{ seq: number; kind: string }>('SELECT seq, kind FROM causeway_incident_events ORDER BY seq DESC LIMIT 1'));
      expect(last).toEqual([{ seq: emitted.length + 1, kind: 'resolved' }]);
      await expect(after.append([{ kind: 'opened', incidentId: 'inc-1', atMillis: T0 + 40 * MINUTE }])).rejects.toThrow(/inc-1 opened twice/);
    } finally {
      await store.close();
    }
  });
});
