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
 * MB are 10^6 bytes of protobuf input.
 *
 * Environment: BENCH_SECONDS (3), BENCH_SLICES (6), BENCH_WARMUP_SECONDS (1).
 */
import { isDeepStrictEqual } from 'node:util';
import type { Result } from '../../core/result.ts';
import type { DecodedRequest } from '../../collector/decode/decoded-request.ts';
import { decodeLogsProto } from '../../collector/decode/logs-proto.ts';
import { decodeMetricsProto } from '../../collector/decode/metrics-proto.ts';
import { decodeTracesProto } from '../../collector/decode/traces-proto.ts';
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

/** Runs `a` and `b` in alternating slices; returns the median slice of each. */
function measurePair(a: (body: Uint8Array) => number, b: (body: Uint8Array) => number, payloads: readonly Uint8Array[]): [Rate, Rate] {
  const as: Rate[] = [];
  const bs: Rate[] = [];
  for (let i = 0; i < SLICES; i++) {
    as.push(measure(a, payloads, SECONDS / SLICES));
    bs.push(measure(b, payloads, SECONDS / SLICES));
  }
  return [median(as), median(bs)];
}

function median(rates: Rate[]): Rate {
  const sorted = [...rates].sort((x, y) => x.itemsPerSecond - y.itemsPerSecond);
  return sorted[Math.floor(sorted.length / 2)]!;
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
  console.log(`${'signal'.padEnd(8)} ${'decoder'.padEnd(22)} ${'items/s'.padStart(12)} ${'MB/s'.padStart(8)}`);
  for (const c of cases) {
    const ours = oursCount(c.ours);
    const generic = (body: Uint8Array) => c.generic(body).acceptedItems;
    measure(ours, c.payloads, WARMUP_SECONDS);
    measure(generic, c.payloads, WARMUP_SECONDS);
    const [a, b] = measurePair(ours, generic, c.payloads);
    console.log(`${c.signal.padEnd(8)} ${'causeway'.padEnd(22)} ${fmt(a.itemsPerSecond).padStart(12)} ${fmt(a.mbPerSecond, 1).padStart(8)}`);
    console.log(`${''.padEnd(8)} ${'protobufjs + mapping'.padEnd(22)} ${fmt(b.itemsPerSecond).padStart(12)} ${fmt(b.mbPerSecond, 1).padStart(8)}`);
    console.log(`${''.padEnd(8)} ${'ratio'.padEnd(22)} ${`${(a.itemsPerSecond / b.itemsPerSecond).toFixed(2)}x`.padStart(12)}`);
  }
}

void main();
