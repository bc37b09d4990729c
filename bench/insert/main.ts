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
 *   time and two in flight, as rows per second.
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
    for (const table of ['otel_traces', 'otel_traces_trace_id_ts']) await must(binaryStore.command(`TRUNCATE TABLE ${DATABASE}.${table}`));
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

  mkdirSync(join(ROOT, '.bench'), { recursive: true });
  writeFileSync(join(ROOT, '.bench', 'insert.json'), JSON.stringify({ at: new Date().toISOString(), rows: rows.length, rounds: ROUNDS, attributesPerRow: attributes, figures }, null, 2));

  await raw.close();
  await jsonStore.close();
  await binaryStore.close();
  rmSync(dataDir, { recursive: true, force: true });
}

await main();
