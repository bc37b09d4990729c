/**
 * `npm run bench:decode`: how fast the hand-written OTLP/protobuf decoders
 * turn export requests into rows, side by side with a generic decoder
 * (protobufjs reflection decoding to message objects, then mapped to the
 * same rows; see generic-decoders.ts). Single-threaded, in this process, no
 * I/O: the figures are decode cost only.
 *
 * Payloads are made by the OpenTelemetry JS SDK and its OTLP serializers
 * (spans with 10-20 attributes, HTTP/DB/runtime metrics, application logs
 * with trace context). Before timing, both decoders must produce equal rows
 * for every payload. Each decoder then runs for BENCH_SECONDS (default 3)
 * after a warm-up, in BENCH_SLICES alternating slices (ours, generic, ours,
 * ...) so that both see the same conditions on a shared machine; the figure
 * is the median slice. Items are spans, metric data points or log records;
 * MB are 10^6 bytes of protobuf input. A third line per signal times our
 * decoder followed by the RowBinary encoding of its rows (the batch
 * writer's next step): the JavaScript work a request costs before the
 * engine reads it, and so the most a decoder writing RowBinary directly
 * could save.
 *
 * Environment: BENCH_SECONDS (3), BENCH_SLICES (6), BENCH_WARMUP_SECONDS (1).
 */
import { isDeepStrictEqual } from 'node:util';
import type { Result } from '../../core/result.ts';
import type { DecodedRequest } from '../../collector/decode/decoded-request.ts';
import { decodeLogsProto } from '../../collector/decode/logs-proto.ts';
import { decodeMetricsProto } from '../../collector/decode/metrics-proto.ts';
import { decodeTracesProto } from '../../collector/decode/traces-proto.ts';
import { OTEL_TABLES } from '../../storage/otel-rows.ts';
import { type RowBinaryEncoder, compileRowBinaryEncoder } from '../../storage/row-binary.ts';
import { OTEL_TABLE_SPECS } from '../../storage/schema/otel-tables.ts';
import { buildTracePayloads } from '../ingest/span-payloads.ts';
import { type GenericResult, genericLogsDecoder, genericMetricsDecoder, genericTracesDecoder } from './generic-decoders.ts';
import { otlpTypes } from './otlp-schema.ts';
import { buildLogPayloads, buildMetricsPayloads } from './payloads.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const SLICES = Number(process.env.BENCH_SLICES ?? 6);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 1);

interface Case {
  readonly signal: string;
  readonly payloads: readonly Uint8Array[];
  readonly ours: (body: Uint8Array) => Result<DecodedRequest>;
  readonly generic: (body: Uint8Array) => GenericResult;
}

interface Rate {
  readonly itemsPerSecond: number;
  readonly mbPerSecond: number;
}

/** Decodes the payloads round robin for `seconds`; returns items and bytes per second. */
function measure(decode: (body: Uint8Array) => number, payloads: readonly Uint8Array[], seconds: number): Rate {
  let items = 0;
  let bytes = 0;
  let i = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let now = started;
  while (now < deadline) {
    const body = payloads[i++ % payloads.length]!;
    items += decode(body);
    bytes += body.length;
    now = performance.now();
  }
  const elapsed = (now - started) / 1000;
  return { itemsPerSecond: items / elapsed, mbPerSecond: bytes / 1e6 / elapsed };
}

/** Runs the decoders in alternating slices; returns the median slice of each. */
function measureInTurn(decoders: readonly ((body: Uint8Array) => number)[], payloads: readonly Uint8Array[]): Rate[] {
  const slices: Rate[][] = decoders.map(() => []);
  for (let i = 0; i < SLICES; i++) decoders.forEach((d, k) => slices[k]!.push(measure(d, payloads, SECONDS / SLICES)));
  return slices.map(median);
}

function median(rates: Rate[]): Rate {
  const sorted = [...rates].sort((x, y) => x.itemsPerSecond - y.itemsPerSecond);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** RowBinary encoders of the tables decoded rows go to, by RowsByTable key. */
function rowEncoders(): Map<string, RowBinaryEncoder> {
  const encoders = new Map<string, RowBinaryEncoder>();
  for (const [key, table] of Object.entries(OTEL_TABLES)) {
    const spec = OTEL_TABLE_SPECS.find((s) => s.name === table);
    const compiled = spec ? compileRowBinaryEncoder(spec) : undefined;
    if (compiled?.ok) encoders.set(key, compiled.encoder);
  }
  return encoders;
}

/** Our decoder followed by the RowBinary encoding of its rows: the JavaScript work on a request before the engine takes it. */
function oursEncodedCount(decode: Case['ours'], encoders: ReadonlyMap<string, RowBinaryEncoder>): (body: Uint8Array) => number {
  return (body) => {
    const r = decode(body);
    if (!r.ok) throw new Error(r.error.message);
    for (const [key, rows] of Object.entries(r.value.rows) as [string, object[] | undefined][]) {
      if (rows === undefined || rows.length === 0) continue;
      const encoder = encoders.get(key);
      if (!encoder) throw new Error(`no RowBinary encoder for ${key}`);
      encoder.encode(rows);
    }
    return r.value.acceptedItems;
  };
}

function oursCount(decode: Case['ours']): (body: Uint8Array) => number {
  return (body) => {
    const r = decode(body);
    if (!r.ok) throw new Error(r.error.message);
    return r.value.acceptedItems;
  };
}

/** Both decoders must store the same rows, or the comparison means nothing. */
function checkSameRows(c: Case): void {
  for (const body of c.payloads) {
    const ours = c.ours(body);
    if (!ours.ok) throw new Error(`${c.signal}: our decoder failed: ${ours.error.message}`);
    const generic = c.generic(body);
    if (ours.value.acceptedItems !== generic.acceptedItems || !isDeepStrictEqual(ours.value.rows, generic.rows)) {
      throw new Error(`${c.signal}: the generic decoder's rows differ from ours`);
    }
    if (ours.value.rejectedItems !== 0) throw new Error(`${c.signal}: ${ours.value.rejectionMessage}`);
  }
}

function describePayloads(c: Case): string {
  const bytes = c.payloads.reduce((n, p) => n + p.length, 0);
  let items = 0;
  for (const p of c.payloads) items += oursCount(c.ours)(p);
  return `${c.signal}: ${c.payloads.length} requests, ${(items / c.payloads.length).toFixed(0)} items and ${(bytes / c.payloads.length / 1024).toFixed(0)} KiB each`;
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const types = otlpTypes();
  const cases: Case[] = [
    { signal: 'traces', payloads: buildTracePayloads(24, 512), ours: decodeTracesProto, generic: genericTracesDecoder(types) },
    { signal: 'metrics', payloads: await buildMetricsPayloads(24), ours: decodeMetricsProto, generic: genericMetricsDecoder(types) },
    { signal: 'logs', payloads: buildLogPayloads(24, 512), ours: decodeLogsProto, generic: genericLogsDecoder(types) },
  ];
  for (const c of cases) {
    checkSameRows(c);
    console.log(describePayloads(c));
  }
  console.log(`${SECONDS} s per decoder in ${SLICES} alternating slices (median shown) after ${WARMUP_SECONDS} s warm-up, node ${process.version}\n`);
  console.log(`${'signal'.padEnd(8)} ${'decoder'.padEnd(26)} ${'items/s'.padStart(12)} ${'MB/s'.padStart(8)} ${'us/item'.padStart(8)}`);
  const line = (signal: string, name: string, r: Rate) =>
    console.log(`${signal.padEnd(8)} ${name.padEnd(26)} ${fmt(r.itemsPerSecond).padStart(12)} ${fmt(r.mbPerSecond, 1).padStart(8)} ${fmt(1e6 / r.itemsPerSecond, 2).padStart(8)}`);
  const encoders = rowEncoders();
  for (const c of cases) {
    const ours = oursCount(c.ours);
    const generic = (body: Uint8Array) => c.generic(body).acceptedItems;
    const encoded = oursEncodedCount(c.ours, encoders);
    for (const d of [ours, generic, encoded]) measure(d, c.payloads, WARMUP_SECONDS);
    const [a, b, e] = measureInTurn([ours, generic, encoded], c.payloads) as [Rate, Rate, Rate];
    line(c.signal, 'causeway', a);
    line('', 'protobufjs + mapping', b);
    console.log(`${''.padEnd(8)} ${'ratio'.padEnd(26)} ${`${(a.itemsPerSecond / b.itemsPerSecond).toFixed(2)}x`.padStart(12)}`);
    line('', 'causeway + RowBinary encode', e);
  }
}

void main();
