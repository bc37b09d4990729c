/**
 * `causeway replay <dataset-or-case>`: sends the cases of a dataset (or one
 * case) to an OTLP receiver in time order (see datasets/replay). Progress
 * goes to stderr (one updating line on a terminal, a line every few seconds
 * otherwise); what was sent and acknowledged per case and per signal goes to
 * stdout. Exit code: 0 when every item of every case was acknowledged, 1
 * when anything failed or was rejected, 2 for invalid arguments.
 * Ctrl-C stops after the requests in flight and still prints the summary.
 */
import type { Command } from 'commander';
import { causewayError } from '../core/errors.ts';
import { SIGNAL_FILES, isoToNanos, listCases } from '../datasets/format/index.ts';
import { DEFAULT_COALESCE_ITEMS, DEFAULT_COALESCE_SECONDS, DEFAULT_MAX_AHEAD_SECONDS, DEFAULT_MAX_IN_FLIGHT, type ReplayOptions, type ReplayProgress, type ReplayResult, type SignalReplayCounts, replayCase } from '../datasets/replay/index.ts';

interface ReplayFlags {
  readonly endpoint?: string;
  readonly json?: boolean;
  readonly grpc?: boolean;
  readonly speed?: string;
  readonly now?: string;
  readonly cases?: string;
  readonly maxInFlight: string;
  readonly maxAheadSeconds: string;
  readonly coalesceItems: string;
  readonly coalesceSeconds: string;
  readonly header: string[];
  readonly validate: boolean;
}

const ITEM_NAMES = { traces: 'spans', metrics: 'data points', logs: 'log records' } as const;
const NON_TTY_PROGRESS_MILLIS = 5_000;
const TTY_PROGRESS_MILLIS = 100;

export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description('Send the cases of a dataset to an OTLP receiver, in time order.')
    .argument('<dataset-or-case>', 'a dataset folder (cases in subfolders) or one case folder')
    .option('--endpoint <url>', 'OTLP receiver base URL (default http://localhost:4318, or http://localhost:4317 with --grpc)')
    .option('--json', 'OTLP/HTTP with JSON bodies: the lines are sent as they are (default: protobuf)')
    .option('--grpc', 'OTLP/gRPC instead of OTLP/HTTP')
    .option('--speed <n>', 'pace by event time at n times real time, e.g. 60 (default: as fast as possible)')
    .option('--now <time>', 'shift timestamps so each case starts at this ISO 8601 time, or "now" (when the case starts)')
    .option('--cases <glob>', 'only the cases whose id matches (* and ? wildcards)')
    .option('--max-in-flight <n>', 'requests in flight at once (1 with --coalesce-items 1 keeps the exact order)', String(DEFAULT_MAX_IN_FLIGHT))
    .option('--max-ahead-seconds <s>', 'send no request starting more than s seconds (event time) after the oldest one in flight', String(DEFAULT_MAX_AHEAD_SECONDS))
    .option('--coalesce-items <n>', 'join consecutive lines of a signal into requests of up to n items when unpaced (1: one request per line)', String(DEFAULT_COALESCE_ITEMS))
    .option('--coalesce-seconds <s>', 'a joined request spans at most s seconds of event time, so a live receiver gets sparse signals in time', String(DEFAULT_COALESCE_SECONDS))
    .option('--header <name=value>', 'header (gRPC metadata) for every request, e.g. authorization=Bearer x; repeatable', (v: string, all: string[]) => [...all, v], [])
    .option('--no-validate', 'skip the OTLP shape check of each line before sending')
    .action(async (path: string, flags: ReplayFlags) => {
      const parsed = parseFlags(flags);
      if (typeof parsed === 'string') {
        process.stderr.write(`causeway: CW_ERR_CLI_USAGE: ${parsed}\n`);
        process.exitCode = 2;
        return;
      }
      process.exitCode = await runReplay(path, flags, parsed);
    });
}

interface ParsedFlags {
  readonly options: ReplayOptions;
  /** ns since the epoch, or 'now' (taken when each case starts), or undefined (no shift). */
  readonly now: bigint | 'now' | undefined;
}

/** The replay options the flags ask for, or what is wrong with them. */
function parseFlags(flags: ReplayFlags): ParsedFlags | string {
  if (flags.json && flags.grpc) return '--json and --grpc exclude each other (OTLP/gRPC carries protobuf only)';
  let speed: number | undefined;
  if (flags.speed !== undefined) {
    speed = Number(flags.speed);
    if (!(speed > 0) || !Number.isFinite(speed)) return `--speed must be a positive number, got "${flags.speed}"`;
  }
  const maxInFlight = Number(flags.maxInFlight);
  if (!Number.isInteger(maxInFlight) || maxInFlight < 1) return `--max-in-flight must be a positive integer, got "${flags.maxInFlight}"`;
  const maxAheadSeconds = Number(flags.maxAheadSeconds);
  if (!(maxAheadSeconds >= 0) || !Number.isFinite(maxAheadSeconds)) return `--max-ahead-seconds must be a number of seconds, 0 or more, got "${flags.maxAheadSeconds}"`;
  const coalesceItems = Number(flags.coalesceItems);
  if (!Number.isInteger(coalesceItems) || coalesceItems < 1) return `--coalesce-items must be a positive integer, got "${flags.coalesceItems}"`;
  const coalesceSeconds = Number(flags.coalesceSeconds);
  if (!(coalesceSeconds >= 0) || !Number.isFinite(coalesceSeconds)) return `--coalesce-seconds must be a number of seconds, 0 or more, got "${flags.coalesceSeconds}"`;
  let now: bigint | 'now' | undefined;
  if (flags.now === 'now') now = 'now';
  else if (flags.now !== undefined) {
    now = isoToNanos(flags.now);
    if (now === undefined) return `--now must be "now" or an ISO 8601 time with a zone, like 2024-05-17T18:30:00Z; got "${flags.now}"`;
  }
  const headers: Record<string, string> = {};
  for (const h of flags.header) {
    const eq = h.indexOf('=');
    if (eq <= 0) return `--header must be name=value, got "${h}"`;
    headers[h.slice(0, eq).trim().toLowerCase()] = h.slice(eq + 1).trim();
  }
  if (flags.endpoint !== undefined && !flags.grpc && !/^https?:\/\/[^/]/.test(flags.endpoint)) {
    return `--endpoint must be an http:// or https:// URL, got "${flags.endpoint}"`;
  }
  return {
    now,
    options: {
      ...(flags.endpoint !== undefined ? { endpoint: flags.endpoint } : {}),
      json: flags.json ?? false,
      grpc: flags.grpc ?? false,
      ...(speed !== undefined ? { speed } : {}),
      maxInFlight,
      maxAheadSeconds,
      coalesceItems,
      coalesceSeconds,
      headers,
      validate: flags.validate,
    },
  };
}

async function runReplay(path: string, flags: ReplayFlags, parsed: ParsedFlags): Promise<number> {
  const listed = await listCases(path, flags.cases);
  if (!listed.ok) {
    process.stderr.write(`causeway: ${listed.error.code}: ${listed.error.message}\n`);
    return 1;
  }
  const cases = listed.value.cases;
  if (cases.length === 0) {
    const e = causewayError('CW_ERR_DATASET_NOT_FOUND', `no case of ${path} matches --cases ${JSON.stringify(flags.cases)}`);
    process.stderr.write(`causeway: ${e.code}: ${e.message}\n`);
    return 1;
  }

  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const results: ReplayResult[] = [];
  try {
    for (const [index, entry] of cases.entries()) {
      if (controller.signal.aborted) break;
      const bar = createProgressLine(`${index + 1}/${cases.length}`);
      const now = parsed.now === 'now' ? new Date() : parsed.now;
      const result = await replayCase(entry.dir, {
        ...parsed.options,
        ...(now !== undefined ? { now } : {}),
        abortSignal: controller.signal,
        onProgress: bar.update,
      });
      bar.end();
      results.push(result);
      printCase(result);
    }
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  if (results.length > 1) printTotals(results);
  if (controller.signal.aborted) process.stderr.write('causeway: interrupted; the cases above were sent up to the point shown\n');
  return results.every((r) => r.ok) && results.length === cases.length ? 0 : 1;
}

/** One progress line on stderr: rewritten in place on a terminal, printed every few seconds otherwise. */
function createProgressLine(label: string): { update(p: ReplayProgress): void; end(): void } {
  const tty = process.stderr.isTTY === true;
  // Off a terminal the first line comes after the interval too: a short case prints none.
  let last = tty ? 0 : Date.now();
  let drawn = false;
  const render = (p: ReplayProgress) => {
    const percent = p.linesTotal > 0 ? ` (${Math.floor((100 * p.linesDone) / p.linesTotal)}%)` : '';
    const failed = p.requestsFailed > 0 ? `, ${p.requestsFailed} requests failed` : '';
    return `replay ${label} ${p.caseId}: ${p.linesDone}/${p.linesTotal} lines${percent}, ${p.itemsSent} items sent, ${p.itemsAcknowledged} acknowledged${failed}`;
  };
  return {
    update(p) {
      const now = Date.now();
      const done = p.linesDone === p.linesTotal;
      if (now - last < (tty ? TTY_PROGRESS_MILLIS : NON_TTY_PROGRESS_MILLIS) && !(tty && done)) return;
      last = now;
      if (tty) {
        process.stderr.write(`\r\x1b[K${render(p)}`);
        drawn = true;
      } else if (!done) process.stderr.write(`${render(p)}\n`);
    },
    end() {
      if (drawn) process.stderr.write('\r\x1b[K');
    },
  };
}

function printCase(r: ReplayResult): void {
  const status = r.ok ? 'ok' : r.aborted ? 'interrupted' : 'FAILED';
  const lines: string[] = [`${r.caseId}: ${status}, ${r.total.lines} lines in ${r.total.requests} requests in ${r.seconds.toFixed(1)} s over ${r.transport}`];
  if (r.offsetNanos !== 0n) lines.push(`  timestamps shifted by ${formatOffset(r.offsetNanos)}`);
  for (const signal of SIGNAL_FILES) {
    const c = r.signals[signal];
    if (c.lines === 0) continue;
    lines.push(`  ${signal.padEnd(8)} ${c.lines} lines in ${c.requests} requests, ${c.itemsSent} ${ITEM_NAMES[signal]} sent, ${c.itemsAcknowledged} acknowledged${problems(c)}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  if (r.error) process.stderr.write(`causeway: ${r.error.code}: ${r.error.message}\n`);
  for (const f of r.failures) process.stderr.write(`causeway: ${f.code}: ${f.message}\n`);
}

function problems(c: SignalReplayCounts): string {
  const parts: string[] = [];
  if (c.itemsRejected > 0) parts.push(`${c.itemsRejected} rejected`);
  if (c.requestsFailed > 0) parts.push(`${c.requestsFailed} requests failed`);
  if (c.retries > 0) parts.push(`${c.retries} retries`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function printTotals(results: readonly ReplayResult[]): void {
  const lines = [`${results.length} cases, ${results.filter((r) => r.ok).length} ok:`];
  for (const signal of SIGNAL_FILES) {
    const c: SignalReplayCounts = { lines: 0, requests: 0, itemsSent: 0, itemsAcknowledged: 0, itemsRejected: 0, requestsFailed: 0, retries: 0 };
    for (const r of results) for (const k of Object.keys(c) as Array<keyof SignalReplayCounts>) c[k] += r.signals[signal][k];
    lines.push(`  ${signal.padEnd(8)} ${c.lines} lines in ${c.requests} requests, ${c.itemsSent} ${ITEM_NAMES[signal]} sent, ${c.itemsAcknowledged} acknowledged${problems(c)}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

function formatOffset(nanos: bigint): string {
  const sign = nanos < 0n ? '-' : '+';
  const abs = nanos < 0n ? -nanos : nanos;
  const seconds = Number(abs / 1_000_000_000n);
  const days = Math.floor(seconds / 86_400);
  const hms = new Date((seconds % 86_400) * 1000).toISOString().slice(11, 19);
  return `${sign}${days > 0 ? `${days}d ` : ''}${hms} (${nanos} ns)`;
}
