/**
 * `npm run bench:insert`: the insert path of realistic span rows, JSONEachRow
 * and RowBinary side by side on the embedded engine, in one process:
 *
 * - encode: JS time to turn BENCH_ROWS rows into a body (what the Store does);
 * - insert: the time to store a ready body into otel_traces (its trace-id
 *   materialized view included) the way the Store sends it: JSONEachRow
 *   inline, RowBinary through a spool file (see storage/embedded-insert.ts);
 * - parse: the same body into a Null-engine twin of otel_traces, which parses
 *   and drops it: the format's parsing cost alone;
 * - store: `Store.insertRows` end to end (encode + insert), one batch at a
 *   time and two in flight, as rows per second;
 * - where the insert's time goes (RowBinary): the same body into a twin of
 *   otel_traces with its skip indexes but none of the materialized views
 *   that read otel_traces (trace-id table, spans by time and the span
 *   rollup behind it, deploy markers), into a twin without the skip
 *   indexes either (the views' and the indexes' share), and into twins
 *   whose one view is the spans-by-time view or the deploy-marker view
 *   (each view's share); the spans-by-time view as migration 9 made it
 *   too, without the timeout flag migration 13 added (that flag's cost).
 *
 * Rows come from OTLP protobuf payloads made by the OpenTelemetry JS SDK,
 * decoded by the collector's decoder (about 25 attributes per span). Each
 * figure is the median of BENCH_ROUNDS rounds after one warm-up round.
 * Figures go to stdout and to `.bench/insert.json`.
 *
 * Environment: BENCH_ROWS (default 20000), BENCH_ROUNDS (default 7).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeTracesProto } from '../../collector/decode/traces-proto.ts';
import { loadConfig } from '../../config/index.ts';
import { createStoreClient, type InsertBody, migrate, openStore, type Store, type StoreClient, type StoreOptions } from '../../storage/index.ts';
import { encodeJsonEachRow } from '../../storage/json-each-row.ts';
import type { SpanRow } from '../../storage/otel-rows.ts';
import { insertSettings } from '../../storage/request-settings.ts';
import { compileRowBinaryEncoder } from '../../storage/row-binary.ts';
import { createMaterializedViewStatement } from '../../storage/schema/ddl.ts';
import { SPANS_BY_TIME_TABLE, SPANS_BY_TIME_VIEW_SPEC } from '../../storage/schema/migrations/0009-spans-by-time.ts';
import { SPANS_BY_TIME_VIEW_WITH_TIMEOUTS } from '../../storage/schema/migrations/0013-span-timeouts.ts';
import { DEPLOY_MARKER_ROLLUP_TABLE, DEPLOY_MARKER_SPAN_VIEW } from '../../storage/schema/migrations/0011-deploy-marker-rollup.ts';
import { TRACES_SPEC } from '../../storage/schema/otel-tables.ts';
import { nanosecondColumns } from '../../storage/schema/table-spec.ts';
import { buildTracePayloads } from '../ingest/span-payloads.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DATABASE = 'bench_insert';
const SPANS_PER_PAYLOAD = 500;

type Format = InsertBody['format'];
const FORMATS: readonly Format[] = ['JSONEachRow', 'RowBinary'];

interface FormatFigures {
  bodyBytes: number;
  encodeMs: number;
  insertMs: number;
  parseMs: number;
  storeRowsPerSecond: number;
  storeRowsPerSecondTwoInFlight: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Median milliseconds of `run` over ROUNDS rounds after one warm-up. */
async function timed(run: () => unknown): Promise<number> {
  await run();
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

function spanRows(): SpanRow[] {
  const payloads = buildTracePayloads(Math.ceil(ROWS / SPANS_PER_PAYLOAD), SPANS_PER_PAYLOAD);
  const rows: SpanRow[] = [];
  for (const payload of payloads) {
    const decoded = decodeTracesProto(payload);
    if (!decoded.ok) throw new Error(decoded.error.message);
    rows.push(...(decoded.value.rows.traces ?? []));
  }
  return rows.slice(0, ROWS);
}

async function opened(store: Promise<Awaited<ReturnType<typeof openStore>>>): Promise<Store> {
  const result = await store;
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

async function must(result: Promise<{ ok: boolean; error?: { message: string } }>): Promise<void> {
  const settled = await result;
  if (!settled.ok) throw new Error(settled.error?.message ?? 'failed');
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cw-bench-insert-'));
  const config = loadConfig({ flags: { 'data-dir': dataDir } });
  if (!config.ok) throw new Error(config.error.message);
  const options: StoreOptions = { ...config.value.clickhouse, database: DATABASE, dataDir };

  const rows = spanRows();
  const attributes = rows.reduce((n, r) => n + Object.keys(r.ResourceAttributes).length + Object.keys(r.SpanAttributes).length, 0) / rows.length;

  // Schema, the Null twin, and two stores: the default one (RowBinary for
  // otel tables) and one that knows no encoders (JSONEachRow everywhere).
  const binaryStore = await opened(openStore(options));
  const jsonStore = await opened(openStore(options, []));
  await must(migrate(binaryStore, { ...options, retention: config.value.retention }));
  await must(binaryStore.command(`CREATE TABLE ${DATABASE}.otel_traces_null AS ${DATABASE}.otel_traces ENGINE = Null`));
  // Twins of otel_traces: no view reads them; the second has no skip index either.
  await must(binaryStore.command(`CREATE TABLE ${DATABASE}.otel_traces_no_views AS ${DATABASE}.otel_traces`));
  await must(binaryStore.command(`CREATE TABLE ${DATABASE}.otel_traces_bare AS ${DATABASE}.otel_traces`));
  for (const index of TRACES_SPEC.indexes) await must(binaryStore.command(`ALTER TABLE ${DATABASE}.otel_traces_bare DROP INDEX ${index.name}`));
  // A twin whose one view is the spans-by-time view, into a twin of its table.
  await must(binaryStore.command(`CREATE TABLE ${DATABASE}.otel_traces_by_time_only AS ${DATABASE}.otel_traces`));
  await must(binaryStore.command(`CREATE TABLE ${DATABASE}.spans_by_time_twin AS ${DATABASE}.${SPANS_BY_TIME_TABLE}`));
  const layout = { database: DATABASE, cluster: '' };
  await must(binaryStore.command(createMaterializedViewStatement({ ...SPANS_BY_TIME_VIEW_WITH_TIMEOUTS, name: 'spans_by_time_twin_mv', from: 'otel_traces_by_time_only', to: 'spans_by_time_twin' }, layout)));
  // The same, with the view as migration 9 made it (no timeout flag).
  await must(binaryStore.command(`CREATE TABLE ${DATABASE}.otel_traces_by_time_v9 AS ${DATABASE}.otel_traces`));
  await must(binaryStore.command(`CREATE TABLE ${DATABASE}.spans_by_time_twin_v9 AS ${DATABASE}.${SPANS_BY_TIME_TABLE}`));
  await must(binaryStore.command(createMaterializedViewStatement({ ...SPANS_BY_TIME_VIEW_SPEC, name: 'spans_by_time_twin_v9_mv', from: 'otel_traces_by_time_v9', to: 'spans_by_time_twin_v9' }, layout)));
  // A twin whose one view is the deploy-marker view of spans, into a twin of its table.
  await must(binaryStore.command(`CREATE TABLE ${DATABASE}.otel_traces_markers_only AS ${DATABASE}.otel_traces`));
  await must(binaryStore.command(`CREATE TABLE ${DATABASE}.deploy_markers_twin AS ${DATABASE}.${DEPLOY_MARKER_ROLLUP_TABLE}`));
  await must(binaryStore.command(createMaterializedViewStatement({ ...DEPLOY_MARKER_SPAN_VIEW, name: 'deploy_markers_twin_mv', from: 'otel_traces_markers_only', to: 'deploy_markers_twin' }, layout)));
  const created = await createStoreClient(options);
  if (!created.ok) throw new Error(created.error.message);
  const raw: StoreClient = created.value;
  const settings = insertSettings(raw.kind, raw.serverVersion, '');

  const compiled = compileRowBinaryEncoder(TRACES_SPEC);
  if (!compiled.ok) throw new Error(compiled.reason);
  const encoder = compiled.encoder;
  const nanos = nanosecondColumns(TRACES_SPEC);
  const encode: Record<Format, () => Buffer> = {
    JSONEachRow: () => Buffer.from(encodeJsonEachRow(rows, nanos)),
    RowBinary: () => encoder.encode(rows),
  };
  const insertInto = (table: string, format: Format, body: Buffer) =>
    raw.insertBody(
      format === 'RowBinary'
        ? { table: `${DATABASE}.${table}`, format, columns: encoder.columns, types: encoder.types, body, settings }
        : { table: `${DATABASE}.${table}`, format, body, settings },
    );
  const stores: Record<Format, Store> = { JSONEachRow: jsonStore, RowBinary: binaryStore };
  const truncate = async () => {
    for (const table of ['otel_traces', 'otel_traces_trace_id_ts', 'otel_traces_no_views', 'otel_traces_bare', 'otel_traces_by_time_only', 'spans_by_time_twin', 'otel_traces_by_time_v9', 'spans_by_time_twin_v9', SPANS_BY_TIME_TABLE, 'otel_traces_markers_only', 'deploy_markers_twin', DEPLOY_MARKER_ROLLUP_TABLE])
      await must(binaryStore.command(`TRUNCATE TABLE ${DATABASE}.${table}`));
  };

  const figures = {} as Record<Format, FormatFigures>;
  for (const format of FORMATS) {
    const body = encode[format]();
    const store = stores[format];
    if (store.insertFormat('otel_traces') !== format) throw new Error(`store inserts ${store.insertFormat('otel_traces')}, not ${format}`);
    const encodeMs = await timed(encode[format]);
    // Each format and step starts from empty tables: the same merges run behind both.
    await truncate();
    const insertMs = await timed(() => insertInto('otel_traces', format, body));
    const parseMs = await timed(() => insertInto('otel_traces_null', format, body));
    await truncate();
    const storeMs = await timed(() => must(store.insertRows('otel_traces', rows)));
    await truncate();
    const twoMs = await timed(() => Promise.all([must(store.insertRows('otel_traces', rows)), must(store.insertRows('otel_traces', rows))]));
    figures[format] = {
      bodyBytes: body.length,
      encodeMs,
      insertMs,
      parseMs,
      storeRowsPerSecond: rows.length / (storeMs / 1000),
      storeRowsPerSecondTwoInFlight: (2 * rows.length) / (twoMs / 1000),
    };
  }

  // The three tables round by round, each round from empty tables and in a
  // rotating order, so background merges and the machine's drift fall on all alike.
  const binaryBody = encode.RowBinary();
  const targets = ['otel_traces', 'otel_traces_no_views', 'otel_traces_bare', 'otel_traces_by_time_only', 'otel_traces_by_time_v9', 'otel_traces_markers_only'] as const;
  const samples: Record<(typeof targets)[number], number[]> = {
    otel_traces: [],
    otel_traces_no_views: [],
    otel_traces_bare: [],
    otel_traces_by_time_only: [],
    otel_traces_by_time_v9: [],
    otel_traces_markers_only: [],
  };
  for (let round = 0; round <= ROUNDS; round++) {
    await truncate();
    for (let i = 0; i < targets.length; i++) {
      const table = targets[(round + i) % targets.length]!;
      const start = performance.now();
      await insertInto(table, 'RowBinary', binaryBody);
      if (round > 0) samples[table].push(performance.now() - start);
    }
  }
  // The last round's rows must have gone through both copies of each view.
  for (const [table, counted] of [
    [SPANS_BY_TIME_TABLE, 'count()'],
    ['spans_by_time_twin', 'count()'],
    ['spans_by_time_twin_v9', 'count()'],
    [DEPLOY_MARKER_ROLLUP_TABLE, "sumIf(Records, Marker = 'service.version')"],
    ['deploy_markers_twin', "sumIf(Records, Marker = 'service.version')"],
  ]) {
    const read = await binaryStore.queryRows<{ n: string }>(`SELECT ${counted} AS n FROM ${DATABASE}.${table}`);
    if (!read.ok || Number(read.value[0]?.n) !== rows.length) throw new Error(`${table} holds ${read.ok ? read.value[0]?.n : read.error.message} rows, not ${rows.length}`);
  }
  const fullMs = median(samples.otel_traces);
  const noViewsMs = median(samples.otel_traces_no_views);
  const bareMs = median(samples.otel_traces_bare);
  const byTimeOnlyMs = median(samples.otel_traces_by_time_only);
  const byTimeV9Ms = median(samples.otel_traces_by_time_v9);
  const markersOnlyMs = median(samples.otel_traces_markers_only);

  const json = figures.JSONEachRow;
  const binary = figures.RowBinary;
  const ms = (v: number) => `${v.toFixed(1).padStart(8)} ms`;
  const line = (label: string, j: string, b: string, ratio: number) => `${label.padEnd(36)} ${j.padStart(14)} ${b.padStart(14)} ${`${ratio.toFixed(2)}x`.padStart(8)}`;
  console.log(`${rows.length} span rows, ${attributes.toFixed(1)} attributes each; median of ${ROUNDS} rounds`);
  console.log(line('', 'JSONEachRow', 'RowBinary', 1).replace(/1\.00x$/, ' speedup'));
  console.log(line('body size', `${(json.bodyBytes / 2 ** 20).toFixed(1)} MiB`, `${(binary.bodyBytes / 2 ** 20).toFixed(1)} MiB`, json.bodyBytes / binary.bodyBytes));
  console.log(line('JS encode', ms(json.encodeMs), ms(binary.encodeMs), json.encodeMs / binary.encodeMs));
  console.log(line('insert ready body into otel_traces', ms(json.insertMs), ms(binary.insertMs), json.insertMs / binary.insertMs));
  console.log(line('parse only (Null engine twin)', ms(json.parseMs), ms(binary.parseMs), json.parseMs / binary.parseMs));
  const perSecond = (v: number) => `${v.toFixed(0)}/s`;
  console.log(line('Store.insertRows, 1 in flight', perSecond(json.storeRowsPerSecond), perSecond(binary.storeRowsPerSecond), binary.storeRowsPerSecond / json.storeRowsPerSecond));
  console.log(
    line('Store.insertRows, 2 in flight', perSecond(json.storeRowsPerSecondTwoInFlight), perSecond(binary.storeRowsPerSecondTwoInFlight), binary.storeRowsPerSecondTwoInFlight / json.storeRowsPerSecondTwoInFlight),
  );

  const rate = (v: number) => `${(rows.length / (v / 1000)).toFixed(0)} rows/s`;
  console.log(`\nRowBinary body of ${rows.length} spans, median of ${ROUNDS} rounds, the six tables in turn:`);
  console.log(`  otel_traces (skip indexes, every view)                          ${ms(fullMs)}  ${rate(fullMs)}`);
  console.log(`  twin without the views                                          ${ms(noViewsMs)}  ${rate(noViewsMs)}  views ${((100 * (fullMs - noViewsMs)) / fullMs).toFixed(0)}% of the full insert`);
  console.log(`  twin without the views and the ${TRACES_SPEC.indexes.length} skip indexes                   ${ms(bareMs)}  ${rate(bareMs)}  indexes ${((100 * (noViewsMs - bareMs)) / fullMs).toFixed(0)}%, parsing (Null twin) ${((100 * binary.parseMs) / fullMs).toFixed(0)}%`);
  console.log(`  twin whose only view is the spans-by-time view                  ${ms(byTimeOnlyMs)}  ${rate(byTimeOnlyMs)}  that view ${((100 * (byTimeOnlyMs - noViewsMs)) / fullMs).toFixed(0)}% of the full insert`);
  console.log(`  the same, the view as migration 9 made it (no timeout flag)    ${ms(byTimeV9Ms)}  ${rate(byTimeV9Ms)}  the flag ${((100 * (byTimeOnlyMs - byTimeV9Ms)) / fullMs).toFixed(0)}% of the full insert`);
  console.log(`  twin whose only view is the deploy-marker view                  ${ms(markersOnlyMs)}  ${rate(markersOnlyMs)}  that view ${((100 * (markersOnlyMs - noViewsMs)) / fullMs).toFixed(0)}% of the full insert`);

  mkdirSync(join(ROOT, '.bench'), { recursive: true });
  writeFileSync(join(ROOT, '.bench', 'insert.json'), JSON.stringify({ at: new Date().toISOString(), rows: rows.length, rounds: ROUNDS, attributesPerRow: attributes, figures, rowBinaryInsertMs: { full: fullMs, noViews: noViewsMs, bare: bareMs, byTimeViewOnly: byTimeOnlyMs, byTimeViewOnlyWithoutTimeouts: byTimeV9Ms, deployMarkerViewOnly: markersOnlyMs } }, null, 2));

  await raw.close();
  await jsonStore.close();
  await binaryStore.close();
  rmSync(dataDir, { recursive: true, force: true });
}

await main();
