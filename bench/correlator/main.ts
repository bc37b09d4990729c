/**
 * `npm run bench:correlator`: the correlator runtime's cost per closed
 * window on the 40-service (Train-Ticket-like) system. The suite case
 * (datasets/generated/suite/train-ticket-*) is ingested into a fresh
 * embedded store through the collector's ingest path, then the watermark is
 * moved through the case one window (10 s) at a time, as live traffic moves
 * it, timing each `advanceTo`. Target: <= 50 ms per window.
 *
 * Two set-ups, both with rca/'s cause ranking (as the service runs it) and
 * topology snapshots saved:
 * - eval: what `causeway eval --method causeway` runs (built-in baseline
 *   detectors with the short-case baselines of this 10-minute case);
 * - live: what `causeway start` runs with the default configuration
 *   (correlator.* detectors, rules and sources).
 * The eval set-up runs twice: the first pass, right after loading, is cold
 * (the engine's first queries on freshly loaded tables are 2-3x slower);
 * the second is the steady state of a running service, as is the live pass.
 * Each reports mean, p95 and max per window, the share spent in storage
 * queries and inserts (and that time by the table each query reads first or writes), and the
 * whole case. Figures go to stdout and `.bench/correlator.json`.
 *
 * Environment: BENCH_CASE (a case folder; default the first train-ticket suite case).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../config/index.ts';
import { correlatorSettingsFromConfig } from '../../correlator/index.ts';
import { type CorrelatorRuntimeOptions, createCorrelatorRuntime, createMemoryIncidentSink } from '../../correlator/runtime/index.ts';
import { ok } from '../../core/result.ts';
import { withLoadedCase } from '../../datasets/eval/index.ts';
import { createCauseRanker } from '../../rca/index.ts';
import { shortCaseOptions } from '../../datasets/eval/methods/causeway-method.ts';
import type { Store } from '../../storage/index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SUITE = join(ROOT, 'datasets/generated/suite');
const TARGET_MILLIS_PER_WINDOW = 50;
const STEP_SECONDS = 10;

interface Figures {
  readonly windows: number;
  readonly meanMillis: number;
  readonly p95Millis: number;
  readonly maxMillis: number;
  readonly queryShare: number;
  readonly caseSeconds: number;
  readonly incidents: number;
  /** Query time per window by the table a query reads first (a rollup, a raw table). */
  readonly queryMillisPerWindowByTable: Readonly<Record<string, number>>;
}

function caseDir(): string {
  if (process.env.BENCH_CASE) return process.env.BENCH_CASE;
  const first = readdirSync(SUITE).filter((d) => d.startsWith('train-ticket-')).sort()[0];
  if (!first) throw new Error(`no train-ticket case in ${SUITE}`);
  return join(SUITE, first);
}

/** The store with its storage time (queries and inserts) counted, in all and by the first table a query reads or the table written. */
function timedStore(store: Store) {
  let queryMillis = 0;
  const byTable = new Map<string, number>();
  const timedAs = <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    return work().finally(() => {
      const spent = performance.now() - started;
      queryMillis += spent;
      byTable.set(key, (byTable.get(key) ?? 0) + spent);
    });
  };
  const timed = {
    queryRows: <T>(sql: string, params?: Record<string, unknown>) => timedAs(/\bFROM\s+([\w.]+)/i.exec(sql)?.[1] ?? 'other', () => store.queryRows<T>(sql, params)),
    insertRows: (table: string, rows: readonly object[]) => timedAs(`insert into ${table}`, () => store.insertRows(table, rows)),
  };
  return { timed, queryMillis: () => queryMillis, byTable };
}

/** A pass's runtime options, given the (timed) store its sources read. */
type Setup = (store: ReturnType<typeof timedStore>['timed']) => Partial<CorrelatorRuntimeOptions>;

async function measure(store: Store, window: { startMillis: number; endMillis: number }, setup: Setup): Promise<Figures> {
  const { timed, queryMillis, byTable } = timedStore(store);
  const options = setup(timed);
  const sink = createMemoryIncidentSink();
  const runtime = createCorrelatorRuntime({ store: timed, sink, snapshots: timed, startMillis: window.startMillis, stepSeconds: STEP_SECONDS, ranker: createCauseRanker(), ...options });
  const stepMillis = STEP_SECONDS * 1000;
  const lastEnd = Math.ceil(window.endMillis / stepMillis) * stepMillis;
  const perWindow: number[] = [];
  const started = performance.now();
  for (let wm = runtime.closedThroughMillis() + stepMillis; wm <= lastEnd; wm += stepMillis) {
    const t = performance.now();
    const r = await runtime.advanceTo(wm);
    perWindow.push(performance.now() - t);
    if (!r.ok) throw new Error(r.error.message);
  }
  const total = performance.now() - started;
  const sorted = [...perWindow].sort((a, b) => a - b);
  return {
    windows: perWindow.length,
    meanMillis: total / perWindow.length,
    p95Millis: sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!,
    maxMillis: sorted.at(-1)!,
    queryShare: queryMillis() / total,
    caseSeconds: total / 1000,
    incidents: sink.events().filter((e) => e.kind === 'opened').length,
    queryMillisPerWindowByTable: Object.fromEntries([...byTable.entries()].sort((a, b) => b[1] - a[1]).map(([t, ms]) => [t, Number((ms / perWindow.length).toFixed(1))])),
  };
}

async function main(): Promise<void> {
  const dir = caseDir();
  const truth = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as { id: string; window: { start: string; end: string } };
  const window = { startMillis: Date.parse(truth.window.start), endMillis: Date.parse(truth.window.end) };
  const dataDir = mkdtempSync(join(tmpdir(), 'cw-bench-correlator-'));
  const config = loadConfig({ env: {} });
  if (!config.ok) throw new Error(config.error.message);
  const started = performance.now();
  try {
    const done = await withLoadedCase(dir, { dataDir }, async (store, ingested) => {
      console.log(`ingested ${truth.id}: ${ingested.items} items in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      const series = await store.queryRows<{ n: number }>('SELECT uniqExact(ServiceName) AS n FROM otel_traces');
      if (series.ok) console.log(`${series.value[0]?.n ?? 0} services with traces`);

      const settings = correlatorSettingsFromConfig(config.value.correlator);
      const evalSetup = shortCaseOptions(window.endMillis - window.startMillis);
      // The first pass right after loading runs cold (the engine's first queries on fresh tables are
      // 2-3x slower); a running service is warm. Both are reported.
      const setups: Array<[string, Setup]> = [
        ['eval, cold (first pass)', () => evalSetup],
        ['eval', () => evalSetup],
        ['live', (timed) => ({ detectors: settings.detectors, sources: settings.createSources(timed), grouper: settings.grouper })],
      ];
      const results: Record<string, Figures> = {};
      console.log(`\nper closed window (${STEP_SECONDS} s)     mean     p95     max   storage   target   whole case   incidents`);
      const breakdowns: string[] = [];
      for (const [label, setup] of setups) {
        const f = await measure(store, window, setup);
        results[label] = f;
        breakdowns.push(`${label}: ${Object.entries(f.queryMillisPerWindowByTable).map(([t, ms]) => `${t} ${ms} ms`).join(', ')}`);
        const ms = (x: number) => `${x.toFixed(1).padStart(6)} ms`;
        console.log(
          `${label.padEnd(28)} ${ms(f.meanMillis)} ${ms(f.p95Millis)} ${ms(f.maxMillis)} ${(100 * f.queryShare).toFixed(0).padStart(7)}%  <= ${TARGET_MILLIS_PER_WINDOW} ms ${f.caseSeconds.toFixed(1).padStart(8)} s ${String(f.incidents).padStart(8)}   (${f.windows} windows)`,
        );
      }
      console.log(`\nstorage time per window, by the table read first or written:\n${breakdowns.join('\n')}`);
      mkdirSync(join(ROOT, '.bench'), { recursive: true });
      writeFileSync(join(ROOT, '.bench', 'correlator.json'), JSON.stringify({ at: new Date().toISOString(), case: truth.id, targetMillisPerWindow: TARGET_MILLIS_PER_WINDOW, ...results }, null, 2));
      return ok(undefined);
    });
    if (!done.ok) throw new Error(done.error.message);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
