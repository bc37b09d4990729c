/**
 * `npm run bench:ingest`: spans per second stored through the OTLP
 * receivers, export latency and peak memory, side by side with the raw
 * insert rate of the same rows straight into the engine.
 *
 * Each transport gets a fresh Causeway process (embedded store in a temp
 * folder) and a separate load-generator process; the raw insert runs in this
 * process against another fresh store. Figures go to stdout and to
 * `.bench/ingest.json`.
 *
 * Environment: BENCH_SECONDS (default 20), BENCH_CONCURRENCY (32),
 * BENCH_SPANS_PER_EXPORT (512), BENCH_IN_FLIGHT_MIB (256),
 * BENCH_SERVICE_NODE_ARGS (Node.js flags for the service under test, e.g.
 * `--cpu-prof --cpu-prof-dir=<dir>`; none by default).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeTracesProto } from '../../collector/decode/traces-proto.ts';
import type { SpanRow } from '../../storage/otel-rows.ts';
import { DEPLOY_MARKER_SPAN_VIEW, SPAN_ROLLUP_VIEW, SPANS_BY_TIME_VIEW, migrate, openStore } from '../../storage/index.ts';
import { loadConfig } from '../../config/index.ts';
import { waitUntilReady } from '../../api/index.ts';
import { writePayloadFile } from './payload-file.ts';
import { buildTracePayloads } from './span-payloads.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const SPANS_PER_EXPORT = Number(process.env.BENCH_SPANS_PER_EXPORT ?? 512);
const IN_FLIGHT_MIB = Number(process.env.BENCH_IN_FLIGHT_MIB ?? 256);
/** Extra Node.js flags for the service under test, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it. */
const SERVICE_NODE_ARGS = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface LoadResult {
  transport: string;
  seconds: number;
  exports: number;
  ackedSpans: number;
  retries: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU seconds (user + system) the load generator used while sending. */
  cpuSeconds: number;
}

function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat (fields 14 and 15, in clock ticks). */
function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const CLOCK_TICKS_PER_SECOND = 100;
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

async function storedSpans(apiPort: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${apiPort}/api/v1/services?from=0&to=${Date.now() + 86_400_000}`);
  const body = (await res.json()) as { services: Array<{ spans: number }> };
  return body.services.reduce((n, s) => n + s.spans, 0);
}

function runChild(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args[0]} exited with ${code}`))));
  });
}

async function benchTransport(transport: 'http' | 'grpc', payloadFile: string, portBase: number) {
  const dataDir = mkdtempSync(join(tmpdir(), `cw-bench-${transport}-`));
  const [grpcPort, httpPort, apiPort] = [portBase, portBase + 1, portBase + 2];
  const causeway = spawn(
    process.execPath,
    [
      ...SERVICE_NODE_ARGS,
      'bin/causeway.js', 'start',
      '--data-dir', dataDir,
      '--otlp-grpc-port', String(grpcPort), '--otlp-http-port', String(httpPort), '--api-port', String(apiPort),
      '--otlp-grpc-host', '127.0.0.1', '--otlp-http-host', '127.0.0.1', '--api-host', '127.0.0.1',
      '--otlp-max-in-flight-bytes', String(IN_FLIGHT_MIB * 1024 * 1024),
      '--log-level', 'warn',
    ],
    { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  try {
    await waitUntilReady(`http://127.0.0.1:${apiPort}`, { child: causeway });
    const rssBefore = peakRssMiB(causeway.pid!);
    const port = transport === 'grpc' ? grpcPort : httpPort;
    const cpuBefore = cpuSecondsOf(causeway.pid!);
    const out = await runChild(['bench/ingest/load-generator.ts', transport, String(port), payloadFile, String(SPANS_PER_EXPORT), String(CONCURRENCY), String(SECONDS)]);
    const serviceCpuSeconds = cpuSecondsOf(causeway.pid!) - cpuBefore;
    const load = JSON.parse(out.trim().split('\n').pop()!) as LoadResult;
    const peakRss = peakRssMiB(causeway.pid!);
    const stored = await storedSpans(apiPort);
    return {
      ...load,
      stored,
      spansPerSecond: load.ackedSpans / load.seconds,
      idleRssMiB: rssBefore,
      peakRssMiB: peakRss,
      // Cores busy on average while the load ran (the sender's start-up, before its clock starts, is not in its figure).
      serviceCores: serviceCpuSeconds / load.seconds,
      senderCores: load.cpuSeconds / load.seconds,
    };
  } finally {
    causeway.kill('SIGTERM');
    await new Promise((r) => causeway.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Rows straight into the engine. `withoutCausewayViews` drops the
 * materialized views that feed Causeway's own tables from every span
 * first (the span rollup, storage migration 5, the spans by time,
 * migration 9, and the deploy markers, migration 11), to show what they
 * cost every insert.
 */
async function benchRawInsert(payloads: Uint8Array[], withoutCausewayViews = false) {
  const rows: SpanRow[] = [];
  for (const p of payloads) {
    const d = decodeTracesProto(p);
    if (!d.ok) throw new Error(d.error.message);
    rows.push(...(d.value.rows.traces ?? []));
  }
  const config = loadConfig({ flags: { 'data-dir': mkdtempSync(join(tmpdir(), 'cw-bench-raw-')) } });
  if (!config.ok) throw new Error(config.error.message);
  const options = { ...config.value.clickhouse, dataDir: config.value.dataDir, retention: config.value.retention };
  const opened = await openStore(options);
  if (!opened.ok) throw new Error(opened.error.message);
  const store = opened.value;
  const migrated = await migrate(store, options);
  if (!migrated.ok) throw new Error(migrated.error.message);
  for (const view of withoutCausewayViews ? [SPAN_ROLLUP_VIEW, SPANS_BY_TIME_VIEW, DEPLOY_MARKER_SPAN_VIEW.name] : []) {
    const dropped = await store.command(`DROP VIEW ${view}`);
    if (!dropped.ok) throw new Error(dropped.error.message);
  }
  const batch = config.value.batch.maxRows;
  let inserted = 0;
  let offset = 0;
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  const deadline = started + SECONDS * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const slice: SpanRow[] = [];
      for (let i = 0; i < batch; i++) slice.push(rows[(offset + i) % rows.length]!);
      offset += batch;
      const r = await store.insertRows('otel_traces', slice);
      if (!r.ok) throw new Error(r.error.message);
      inserted += slice.length;
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  await store.close();
  rmSync(config.value.dataDir, { recursive: true, force: true });
  return { rows: inserted, seconds, rowsPerSecond: inserted / seconds, batchRows: batch, cores: (cpu.user + cpu.system) / 1e6 / seconds };
}

/** CPU time per item: cores kept busy over items per second, in microseconds. */
function microsPerItem(cores: number, itemsPerSecond: number): string {
  return ((cores / itemsPerSecond) * 1e6).toFixed(1);
}

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'cw-bench-'));
  const payloads = buildTracePayloads(48, SPANS_PER_EXPORT);
  const payloadFile = join(workDir, 'traces.bin');
  writePayloadFile(payloadFile, payloads);
  const avgBytes = payloads.reduce((n, p) => n + p.length, 0) / payloads.length;
  console.log(`payloads: ${payloads.length} exports x ${SPANS_PER_EXPORT} spans, ${(avgBytes / 1024).toFixed(0)} KiB each (protobuf); ${SECONDS} s per run, ${CONCURRENCY} concurrent exports, in-flight bound ${IN_FLIGHT_MIB} MiB`);

  const http = await benchTransport('http', payloadFile, 24317);
  const grpc = await benchTransport('grpc', payloadFile, 25317);
  const raw = await benchRawInsert(payloads);
  const rawWithoutViews = await benchRawInsert(payloads, true);

  const line = (r: typeof http) =>
    `${r.transport.padEnd(14)} ${r.spansPerSecond.toFixed(0).padStart(10)} spans/s stored  p50 ${r.p50Ms.toFixed(1)} ms  p99 ${r.p99Ms.toFixed(1)} ms  peak RSS ${r.peakRssMiB.toFixed(0)} MiB (idle ${r.idleRssMiB.toFixed(0)})  retries ${r.retries}  errors ${r.errors}  stored/acked ${r.stored}/${r.ackedSpans}  ratio to raw ${(r.spansPerSecond / raw.rowsPerSecond).toFixed(2)}  CPU: service ${r.serviceCores.toFixed(2)} cores (${microsPerItem(r.serviceCores, r.spansPerSecond)} us per span), sender ${r.senderCores.toFixed(2)}`;
  console.log(line({ ...http, transport: 'otlp/http-pb' }));
  console.log(line({ ...grpc, transport: 'otlp/grpc' }));
  console.log(`${'raw insert'.padEnd(14)} ${raw.rowsPerSecond.toFixed(0).padStart(10)} rows/s (same rows straight into the embedded engine through Store.insertRows, 4 concurrent inserts of ${raw.batchRows} rows; ${raw.cores.toFixed(2)} cores busy, ${microsPerItem(raw.cores, raw.rowsPerSecond)} us per row)`);
  console.log(
    `${'  no views'.padEnd(14)} ${rawWithoutViews.rowsPerSecond.toFixed(0).padStart(10)} rows/s (the same without Causeway's views of every span, the span rollup, the spans by time and the deploy markers: they cost ${(100 * (1 - raw.rowsPerSecond / rawWithoutViews.rowsPerSecond)).toFixed(0)}% of raw insert throughput)`,
  );
  const peakLimit = IN_FLIGHT_MIB + 300;
  console.log(`targets: >= 100000 spans/s, ratio >= 0.5, peak RSS <= ${peakLimit} MiB (in-flight bound + 300 MiB)`);

  mkdirSync(join(ROOT, '.bench'), { recursive: true });
  writeFileSync(join(ROOT, '.bench', 'ingest.json'), JSON.stringify({ at: new Date().toISOString(), seconds: SECONDS, concurrency: CONCURRENCY, spansPerExport: SPANS_PER_EXPORT, inFlightMiB: IN_FLIGHT_MIB, http, grpc, raw, rawWithoutViews }, null, 2));
  rmSync(workDir, { recursive: true, force: true });
}

void main();
