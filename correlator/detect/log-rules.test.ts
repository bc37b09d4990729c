import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEEP_FOREVER, type LogRow, type Store } from '../../storage/index.ts';
import { logRowOf } from '../../storage/testing/log-row.ts';
import { openMigratedStore, storeOptions, tempDir } from '../../storage/testing/test-store.ts';
import { readTemplates } from '../logs/template-store.ts';
import type { Anomaly } from './anomaly.ts';
import { LOG_COUNT_RULE, LOG_NEW_TEMPLATE, LOG_TEMPLATE_SPIKE, type LogCountRule, type LogRulesSourceOptions, createLogRulesSource } from './log-rules.ts';

const T0 = Date.parse('2026-01-05T00:00:00Z');
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const at = (minutes: number, seconds = 0): number => T0 + minutes * MINUTE + seconds * SECOND;

const dir = tempDir('log-rules');
let store: Store;

function log(service: string, atMs: number, severity: number, body: string, severityText = '', resource: Record<string, string> = {}): LogRow {
  return logRowOf({
    Timestamp: String(BigInt(atMs) * 1_000_000n),
    SeverityText: severityText,
    SeverityNumber: severity,
    ServiceName: service,
    Body: body,
    ResourceAttributes: { 'service.name': service, ...resource },
  });
}

const ERROR = 17;
const WARN = 13;
const INFO = 9;

/**
 * One hour of logs:
 * - checkout: an INFO access line and a steady ERROR cache timeout every 10 s;
 *   from 50:00 to 53:00 the timeout also comes every second (a spike).
 * - payment: INFO every 10 s from the start; an ERROR at 05:00 (in its warm-up);
 *   a burst of 8 WARN "rejected card" lines at 20:00 (shorter than the rule's `for`);
 *   from 40:00 to 45:00 an ERROR "rejected card" every 5 s (new, and the rule fires);
 *   at 42:00 a severity-less panic line (new, by its words).
 */
function dataset(): LogRow[] {
  const rows: LogRow[] = [];
  for (let s = 0; s < 3600; s += 10) {
    rows.push(log('checkout', at(0, s), INFO, `GET /api/cart/${s} 200`));
    rows.push(log('checkout', at(0, s + 1), ERROR, `Connection to cache 10.0.0.${s % 7} timed out after ${100 + (s % 13)}ms`));
    rows.push(log('payment', at(0, s + 2), INFO, `charge ok id=${s}`, 'INFO', { 'deployment.environment': 'prod' }));
  }
  for (let s = 0; s < 180; s++) rows.push(log('checkout', at(50, s) + 500, ERROR, `Connection to cache 10.0.0.${s % 5} timed out after ${200 + s}ms`));
  rows.push(log('payment', at(5), ERROR, 'Failed to load config key alpha'));
  for (let i = 0; i < 8; i++) rows.push(log('payment', at(20, i), WARN, `Provider acme rejected card ending ${1000 + i}: retry`));
  for (let s = 0; s < 300; s += 5) rows.push(log('payment', at(40, s) + 250, ERROR, `Provider acme rejected card ending ${2000 + s}: insufficient funds`, 'ERROR', { 'deployment.environment': 'prod' }));
  rows.push(log('payment', at(42) + 700, 0, 'panic: runtime error: index out of range [7] with length 3'));
  return rows;
}

const declines: LogCountRule = {
  name: 'payment-declines',
  service: 'payment',
  minSeverity: 'warn',
  bodyRegex: 'rejected card',
  attributes: {},
  windowSeconds: 60,
  countAbove: 5,
  forSeconds: 60,
  severity: 'critical',
};
const staging: LogCountRule = { name: 'staging-errors', minSeverity: 'error', attributes: { 'deployment.environment': 'staging' }, windowSeconds: 60, countAbove: 0, severity: 'warning' };
const options: LogRulesSourceOptions = { rules: [declines, staging], templates: { warmupSeconds: 1800 } };

/** Runs a fresh source over [from, to) in windows of the given lengths (cycled). */
async function run(from: number, to: number, windowMillis: readonly number[], o: LogRulesSourceOptions = options): Promise<Anomaly[]> {
  const source = createLogRulesSource(store, o);
  const out: Anomaly[] = [];
  let t = from;
  for (let i = 0; t < to; i++) {
    const end = Math.min(to, t + windowMillis[i % windowMillis.length]!);
    const r = await source.advance(t, end);
    if (!r.ok) throw new Error(r.error.message);
    for (const a of r.value) {
      // The contract: template onsets lie inside the window that reports them.
      if (a.detector !== LOG_COUNT_RULE) expect(a.onsetMillis >= t && a.onsetMillis < end).toBe(true);
      out.push(a);
    }
    t = end;
  }
  // What the source held back for storage is written when it stops.
  const flushed = await source.flush!();
  if (!flushed.ok) throw new Error(flushed.error.message);
  return out;
}

let tenSeconds: Anomaly[];

beforeAll(async () => {
  store = await openMigratedStore(storeOptions({ dataDir: dir.path, retention: KEEP_FOREVER }));
  const inserted = await store.insertRows('otel_logs', dataset());
  if (!inserted.ok) throw new Error(inserted.error.message);
  tenSeconds = await run(T0, at(60), [10 * SECOND]);
});

afterAll(async () => {
  await store?.close();
  dir.remove();
});

const summary = (list: readonly Anomaly[]) => list.map((a) => [a.detector, a.entity, a.onsetMillis]);

describe('log rules and templates as an anomaly source, on the embedded engine', () => {
  it('reports a new error template at its first record, with the service, the template and a sample', () => {
    const fresh = tenSeconds.filter((a) => a.detector === LOG_NEW_TEMPLATE);
    expect(fresh.map((a) => [a.entity, a.onsetMillis])).toEqual([
      ['payment', at(40) + 250],
      ['payment', at(42) + 700],
    ]);
    expect(fresh[0]!.evidence.template).toBe('Provider acme rejected card ending <*>: insufficient funds');
    expect(fresh[0]!.evidence.sample).toBe('Provider acme rejected card ending 2000: insufficient funds');
    expect(fresh[0]!.indicator).toBe('log');
    expect(fresh[0]!.signal).toMatch(/^log_template:tpl_/);
    expect(fresh[1]!.evidence.severityNumber).toBe(0);
  });

  it('reports one spike per spiking template episode, while it happens', () => {
    const spikes = tenSeconds.filter((a) => a.detector === LOG_TEMPLATE_SPIKE);
    expect(spikes).toHaveLength(1);
    const s = spikes[0]!;
    expect(s.entity).toBe('checkout');
    // Baseline 6 a minute, line 18: the 19th record of 50:xx crosses it
    // (the steady ones at 50:01 and 50:11 count too).
    expect(s.onsetMillis).toBe(at(50, 16) + 500);
    expect(s.evidence).toMatchObject({ baseline: 6, threshold: 18, count: 19 });
    expect(s.evidence.template).toBe('Connection to cache <*> timed out after <*>');
  });

  it('fires a count rule only once its condition held for `for`, dated to when it began to hold', () => {
    const fired = tenSeconds.filter((a) => a.detector === LOG_COUNT_RULE);
    expect(fired).toHaveLength(1);
    const f = fired[0]!;
    expect(f.entity).toBe('payment');
    expect(f.signal).toBe('log_rule:payment-declines');
    expect(f.severity).toBe('critical');
    // Records at 40:00.25, 40:05.25, ...: the sixth lands in the 10 s bucket of 40:20;
    // held through the bucket of 41:20 (60 s later) it fires.
    expect(f.onsetMillis).toBe(at(40, 20));
    expect(f.evidence.firedAtMillis).toBe(at(41, 20));
    expect(f.evidence.count).toBe(12);
    expect(f.evidence.sample).toMatch(/rejected card ending \d+: insufficient funds/);
  });

  it('reports nothing during the warm-up: the first half hour gives no anomaly at all', async () => {
    expect(tenSeconds.filter((a) => a.onsetMillis < at(30))).toEqual([]);
    expect(await run(T0, at(30), [MINUTE])).toEqual([]);
    // Without warm-up the config error of 05:00 and checkout's first template are new.
    const cold = await run(T0, at(30), [MINUTE], { templates: { warmupSeconds: 0 } });
    expect(summary(cold)).toEqual([
      [LOG_NEW_TEMPLATE, 'checkout', at(0, 1)],
      [LOG_NEW_TEMPLATE, 'payment', at(5)],
    ]);
  });

  it('gives the same anomalies for the same data cut into other windows', async () => {
    expect(tenSeconds.length).toBe(4);
    const ragged = await run(T0, at(60), [7 * SECOND, 53 * SECOND, 95 * SECOND]);
    expect(ragged).toEqual(tenSeconds);
    const minutes = await run(T0, at(60), [MINUTE]);
    expect(minutes).toEqual(tenSeconds);
  });

  it('without count rules reads when services began to log once a minute, and finds the same', async () => {
    let reads = 0;
    const counting = { queryRows: <T,>(sql: string, params?: Record<string, unknown>) => (reads++, store.queryRows<T>(sql, params)), insertRows: store.insertRows.bind(store) };
    const readsOver = async (o: LogRulesSourceOptions) => {
      reads = 0;
      const source = createLogRulesSource(counting, o);
      const out: Anomaly[] = [];
      for (let t = T0; t < at(10); t += 10 * SECOND) {
        const r = await source.advance(t, t + 10 * SECOND);
        if (!r.ok) throw new Error(r.error.message);
        out.push(...r.value);
      }
      return { reads, found: summary(out) };
    };
    // A 4-minute warm-up: payment has logged INFO since 00:02, so its config error of 05:00 is new.
    // Counted from that error instead (the service unknown to the warm-up), it would not be.
    const templates = { warmupSeconds: 240 };
    const expected = [[LOG_NEW_TEMPLATE, 'payment', at(5)]];
    // 60 windows: the template records every window, the services every sixth.
    expect(await readsOver({ templates })).toEqual({ reads: 60 + 10, found: expected });
    // A count rule needs its counts every window, services included.
    expect(await readsOver({ templates, rules: [staging] })).toEqual({ reads: 2 * 60, found: expected });
  });

  it('writes the templates it saw once a minute of event time, and what is left when it stops', async () => {
    let writes = 0;
    const counting = { queryRows: store.queryRows.bind(store), insertRows: (table: string, rows: readonly object[]) => (writes++, store.insertRows(table, rows)) };
    const source = createLogRulesSource(counting, options);
    for (let t = at(40); t < at(45); t += 10 * SECOND) {
      const r = await source.advance(t, t + 10 * SECOND);
      if (!r.ok) throw new Error(r.error.message);
    }
    // 30 windows with records in every one: the first write, then one a minute.
    expect(writes).toBe(5);
    expect(source.pendingTemplateRows).toBeGreaterThan(0);
    const flushed = await source.flush!();
    expect(flushed.ok).toBe(true);
    expect([writes, source.pendingTemplateRows]).toEqual([6, 0]);
  });

  it('stores the templates it saw, with counts and first and last times', async () => {
    const stored = await readTemplates(store, 'payment');
    if (!stored.ok) throw new Error(stored.error.message);
    const declined = stored.value.find((t) => t.template === 'Provider acme rejected card ending <*>: insufficient funds');
    // Every run above stored what it saw; the 10 s run saw all 60 records.
    expect(declined).toMatchObject({ service: 'payment', firstSeenMillis: at(40) + 250, lastSeenMillis: at(44, 55) + 250 });
    expect(declined!.count % 60).toBe(0);
    expect(stored.value.map((t) => t.template)).toContain('Failed to load config key alpha');
  });
});
