/**
 * The runtime on the real embedded engine with hand-built telemetry
 * (runtime-fixtures.ts): a cascade opens one incident, the events do not
 * depend on how the watermark moved, late rows within the lateness are
 * counted and later ones are not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../storage/index.ts';
import { openMigratedStore, storeOptions, tempDir } from '../../storage/testing/test-store.ts';
import type { Anomaly, Detector } from '../detect/anomaly.ts';
import type { IncidentEvent } from '../incidents/incident-events.ts';
import { createCorrelatorRuntime } from './correlator-runtime.ts';
import { createMemoryIncidentSink } from './incident-sink.ts';
import { createIngestWatermark } from './ingest-watermark.ts';
import { BASE_MILLIS, KEEP_FOREVER, STEP_MILLIS, cascadeSpans, spanRow } from './runtime-fixtures.ts';
import type { CorrelatorRuntimeOptions } from './runtime-options.ts';
import { createStandInCauseRanker } from './stand-in-ranker.ts';

const MINUTE = 60_000;
const FAULT = BASE_MILLIS + 8 * MINUTE;
const END = BASE_MILLIS + 11 * MINUTE;
const dir = tempDir('runtime');
let store: Store;

/** Short baselines so that an 11-minute fixture has a warm-up, a baseline and a fault. */
const SHORT = {
  warmupMillis: 3 * MINUTE,
  robustBaseline: { windowSeconds: 180, minHistoryPoints: 6 },
  changePoint: { windowSeconds: 180, minHistoryPoints: 6 },
  historyMinutes: 30,
} as const;

function runtimeOn(extra: Partial<CorrelatorRuntimeOptions> = {}) {
  const sink = createMemoryIncidentSink();
  const anomalies: Anomaly[] = [];
  const runtime = createCorrelatorRuntime({
    store,
    sink,
    startMillis: BASE_MILLIS,
    ranker: createStandInCauseRanker(),
    onAnomalies: (a) => anomalies.push(...a),
    ...SHORT,
    ...extra,
  });
  return { runtime, sink, anomalies };
}

async function advance(runtime: ReturnType<typeof runtimeOn>['runtime'], watermark: number): Promise<IncidentEvent[]> {
  const r = await runtime.advanceTo(watermark);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

let windowByWindow: { events: readonly IncidentEvent[]; anomalies: readonly Anomaly[] };

beforeAll(async () => {
  store = await openMigratedStore(storeOptions({ dataDir: dir.path, retention: KEEP_FOREVER }));
  const inserted = await store.insertRows('otel_traces', cascadeSpans(BASE_MILLIS, END, FAULT));
  if (!inserted.ok) throw new Error(inserted.error.message);

  const { runtime, sink, anomalies } = runtimeOn({ snapshots: store });
  for (let wm = BASE_MILLIS + STEP_MILLIS; wm <= END; wm += STEP_MILLIS) await advance(runtime, wm);
  windowByWindow = { events: [...sink.events()], anomalies };
});
afterAll(async () => {
  await store?.close();
  dir.remove();
});

describe('correlator runtime', () => {
  it('opens one incident for a cascade, with every affected service, ranked', () => {
    const { events, anomalies } = windowByWindow;
    const opened = events.filter((e) => e.kind === 'opened');
    expect(opened).toHaveLength(1);
    expect(opened[0]!.atMillis).toBeGreaterThanOrEqual(FAULT);
    expect(opened[0]!.atMillis).toBeLessThan(FAULT + 2 * MINUTE);
    const attached = events.flatMap((e) => (e.kind === 'anomaly-attached' ? [e.anomaly.entity] : []));
    expect(new Set(attached)).toEqual(new Set(['front-end', 'orders', 'payment']));
    // No alert in the warm-up or before the fault, and each anomaly taken once.
    expect(anomalies.length).toBeGreaterThanOrEqual(3);
    expect(anomalies.every((a) => a.onsetMillis >= FAULT - STEP_MILLIS)).toBe(true);
    const keys = anomalies.map((a) => `${a.entity}|${a.signal}|${a.detector}|${a.onsetMillis}`);
    expect(new Set(keys).size).toBe(keys.length);
    const ranked = events.filter((e) => e.kind === 'causes-ranked');
    expect(ranked.length).toBeGreaterThanOrEqual(1);
    expect(ranked.at(-1)!.kind === 'causes-ranked' && ranked.at(-1)!.causes[0]!.entity).toBe('payment');
  });

  it('keeps the topology current and saves it as snapshots, one per minute of event time', async () => {
    const rows = await store.queryRows<{ n: number | string; first: number | string }>('SELECT count() AS n, toUnixTimestamp64Milli(min(snapshot_time)) AS first FROM causeway_topology_snapshots');
    expect(rows.ok).toBe(true);
    if (!rows.ok) return;
    // The first window, then every whole minute up to the end.
    expect(Number(rows.value[0]!.n)).toBe(1 + 11);
    expect(Number(rows.value[0]!.first)).toBe(BASE_MILLIS + STEP_MILLIS);
  });

  it('gives the same events whether the watermark moves window by window, in one jump or in uneven steps', async () => {
    const oneJump = runtimeOn();
    const all = await advance(oneJump.runtime, END);
    expect(all).toEqual(windowByWindow.events);
    expect(oneJump.sink.events()).toEqual(windowByWindow.events);

    // Uneven steps, and a storage outage in the middle: the failed window stays open and is read on the next call.
    let failing = false;
    const flaky = {
      queryRows: <T>(sql: string, params?: Record<string, unknown>) =>
        failing ? Promise.resolve({ ok: false as const, error: { code: 'CW_ERR_STORAGE_UNAVAILABLE' as const, message: 'down', retryable: true, httpStatus: 503 } }) : store.queryRows<T>(sql, params),
    };
    const uneven = runtimeOn({ store: flaky });
    for (const wm of [BASE_MILLIS + 25_000, BASE_MILLIS + 4 * MINUTE + 3_000, FAULT + 15_000]) await advance(uneven.runtime, wm);
    failing = true;
    const failed = await uneven.runtime.advanceTo(FAULT + 26_000);
    expect(failed.ok).toBe(false);
    expect(uneven.runtime.closedThroughMillis()).toBe(FAULT + 10_000);
    failing = false;
    for (const wm of [FAULT + 26_000, END - 1, END]) await advance(uneven.runtime, wm);
    expect(uneven.sink.events()).toEqual(windowByWindow.events);
    expect(uneven.anomalies).toEqual(windowByWindow.anomalies);
  });

  it('does not take anomalies a previous run already handled (a restart reading its history again)', async () => {
    const lastOnset = Math.max(...windowByWindow.anomalies.map((a) => a.onsetMillis));
    const { runtime, sink, anomalies } = runtimeOn({ takeOnsetsFromMillis: lastOnset + 1 });
    await advance(runtime, END);
    expect(windowByWindow.anomalies.length).toBeGreaterThan(0);
    expect(anomalies).toEqual([]);
    expect(sink.events()).toEqual([]);
  });

  it('counts rows that arrive late but within the allowed lateness, and not rows later than that', async () => {
    // A spy detector records what each closed window held for the service `late`.
    const seen = new Map<number, number>();
    const spy: Detector = {
      name: 'spy',
      detect(series) {
        const last = series.values.length - 1;
        if (series.entity === 'late' && series.name === 'request_rate' && Number.isFinite(series.values[last]!)) seen.set(series.fromMillis + last * STEP_MILLIS, series.values[last]!);
        return [];
      },
    };
    const from = END + 10 * MINUTE;
    const { runtime } = runtimeOn({ startMillis: from, detectors: [spy] });
    const watermark = createIngestWatermark({ allowedLatenessSeconds: 30, maxClockSkewSeconds: 30, nowMillis: () => from + 60 * MINUTE });
    const store1 = async (atMillis: number, id: number) => {
      const r = await store.insertRows('otel_traces', [spanRow(id.toString(16).padStart(32, '0'), id.toString(16).padStart(16, '0'), '', 'late', 'Server', atMillis, 5)]);
      if (!r.ok) throw new Error(r.error.message);
      watermark.observe(atMillis, atMillis);
      await advance(runtime, watermark.watermarkMillis()!);
    };
    await store1(from + 60_000, 1); // watermark from + 30 s: windows up to from + 30 s closed
    expect(runtime.closedThroughMillis()).toBe(from + 30_000);
    await store1(from + 35_000, 2); // late, but its window [from + 30 s, from + 40 s) is still open
    await store1(from + 5_000, 3); // too late: its window closed already
    await store1(from + 90_000, 4); // moves the watermark to from + 60 s
    expect(runtime.closedThroughMillis()).toBe(from + 60_000);
    expect(seen.get(from + 30_000)).toBeCloseTo(0.1, 10); // one span in 10 s
    expect(seen.has(from)).toBe(false);
    expect(seen.has(from + 50_000)).toBe(false);
  });
});
