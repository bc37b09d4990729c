import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEEP_FOREVER, type SpanRow, type Store } from '../../storage/index.ts';
import { openMigratedStore, storeOptions, tempDir } from '../../storage/testing/test-store.ts';
import type { Anomaly } from './anomaly.ts';
import { createLatencySloSource, type LatencySlo } from './latency-slo-source.ts';

const T0 = Date.parse('2026-01-05T00:00:00Z');
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const dir = tempDir('latency-slo');
let store: Store;

function span(service: string, kind: string, atMs: number, durationMs: number): SpanRow {
  return {
    Timestamp: String(BigInt(atMs) * 1_000_000n), TraceId: 'ab'.repeat(16), SpanId: '01'.repeat(8), ParentSpanId: '', TraceState: '', SpanName: 'GET /checkout', SpanKind: kind,
    ServiceName: service, ResourceAttributes: {}, ScopeName: '', ScopeVersion: '', SpanAttributes: {}, Duration: durationMs * 1_000_000,
    StatusCode: 'Unset', StatusMessage: '', 'Events.Timestamp': [], 'Events.Name': [], 'Events.Attributes': [],
    'Links.TraceId': [], 'Links.SpanId': [], 'Links.TraceState': [], 'Links.Attributes': [],
  };
}

/**
 * An hour of checkout requests, 10 every 10 s, fast (100 ms) except: from
 * 40:00 to 50:00 every fifth is slow (900 ms: 20% bad against a 99%
 * objective, a burn rate of 20). Slow client spans all along must not count.
 */
function spans(): SpanRow[] {
  const rows: SpanRow[] = [];
  for (let s = 0; s < 3600; s += 10) {
    for (let k = 0; k < 10; k++) {
      const slow = s >= 2400 && s < 3000 && k % 5 === 0;
      rows.push(span('checkout', 'Server', T0 + s * SECOND + k * 100, slow ? 900 : 100));
    }
    rows.push(span('checkout', 'Client', T0 + s * SECOND + 50, 2000));
  }
  return rows;
}

// Windows scaled by 1/12: the page tier looks at 5 min and 25 s, the ticket tier at 30 and 2.5 min.
const slo: LatencySlo = { name: 'checkout-fast', service: 'checkout', objective: 0.99, thresholdMillis: 500, windowScale: 1 / 12 };

async function run(windowMillis: number): Promise<Anomaly[]> {
  const source = createLatencySloSource(store, { slos: [slo] });
  const out: Anomaly[] = [];
  for (let t = T0; t < T0 + 60 * MINUTE; t += windowMillis) {
    const r = await source.advance(t, Math.min(t + windowMillis, T0 + 60 * MINUTE));
    if (!r.ok) throw new Error(r.error.message);
    out.push(...r.value);
  }
  return out;
}

let tenSeconds: Anomaly[];

beforeAll(async () => {
  store = await openMigratedStore(storeOptions({ dataDir: dir.path, retention: KEEP_FOREVER }));
  const inserted = await store.insertRows('otel_traces', spans());
  if (!inserted.ok) throw new Error(inserted.error.message);
  tenSeconds = await run(10 * SECOND);
});

afterAll(async () => {
  await store?.close();
  dir.remove();
});

describe('latency SLO source', () => {
  it('pages once when slow requests burn the budget 20 times too fast, and not before', () => {
    expect(tenSeconds).toHaveLength(1);
    const page = tenSeconds[0]!;
    expect(page).toMatchObject({ entity: 'checkout', indicator: 'latency', severity: 'critical', detector: 'slo-burn', signal: 'slo:checkout-fast' });
    expect(page.evidence).toMatchObject({ tier: 'page', kind: 'latency', latencyThresholdMillis: 500, slo: 'checkout-fast', objective: 0.99 });
    // The 5 min burn passes 14.4 once 72% of the window is slow time: ~3.6 min in.
    expect(page.onsetMillis).toBeGreaterThanOrEqual(T0 + 43 * MINUTE);
    expect(page.onsetMillis).toBeLessThanOrEqual(T0 + 44 * MINUTE + 30 * SECOND);
    expect(page.evidence.longBurnRate as number).toBeGreaterThan(14.4);
  });

  it('gives the same anomalies for windows that do not follow its grid', async () => {
    expect(await run(45 * SECOND)).toEqual(tenSeconds);
  });

  it('stays quiet below the objective: a threshold above the slow requests', async () => {
    const source = createLatencySloSource(store, { slos: [{ ...slo, thresholdMillis: 1000 }] });
    const r = await source.advance(T0, T0 + 60 * MINUTE);
    expect(r.ok && r.value).toEqual([]);
  });
});
