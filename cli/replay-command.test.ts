/**
 * `causeway replay` (cli/replay-command.ts) against a small real OTLP/HTTP
 * server: arguments, case selection, output and exit codes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerReplayCommand } from './replay-command.ts';
import { SAMPLE_T0, writeSampleCase } from '../datasets/format/testing/sample-case.ts';

interface Received {
  readonly path: string;
  readonly contentType: string;
  readonly body: Buffer;
}

let dir: string;
let server: Server;
let url: string;
let received: Received[] = [];
/** Status per path; 200 when absent. */
let statusFor: Record<string, number> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cw-replay-cli-'));
  await writeSampleCase(join(dir, 'carts-cpu-1'), 'carts-cpu-1', 'carts', SAMPLE_T0, 2);
  await writeSampleCase(join(dir, 'carts-mem-1'), 'carts-mem-1', 'carts', SAMPLE_T0, 2);
  await writeSampleCase(join(dir, 'orders-cpu-1'), 'orders-cpu-1', 'orders', SAMPLE_T0, 2);
  server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', contentType: req.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
      const status = statusFor[req.url ?? ''] ?? 200;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(status === 200 ? '{}' : JSON.stringify({ code: 3, message: 'refused by test' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  if (dir) rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  received = [];
  statusFor = {};
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

/** Runs `causeway replay ...args`; returns the exit code and what was printed. */
async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  const program = new Command('causeway').exitOverride();
  registerReplayCommand(program);
  await program.parseAsync(['replay', ...args], { from: 'user' });
  vi.restoreAllMocks();
  const code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  process.exitCode = undefined;
  return { code, stdout, stderr };
}

describe('causeway replay', () => {
  it('replays the selected cases and prints what was sent and acknowledged per signal', async () => {
    const r = await run(dir, '--endpoint', url, '--cases', 'carts-*', '--json', '--coalesce-items', '1');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(received).toHaveLength(2 * 6);
    expect(new Set(received.map((x) => x.contentType))).toEqual(new Set(['application/json']));
    expect(r.stdout).toContain('carts-cpu-1: ok, 6 lines in 6 requests in ');
    expect(r.stdout).toContain('carts-mem-1: ok, 6 lines in 6 requests in ');
    expect(r.stdout).not.toContain('orders-cpu-1');
    expect(r.stdout).toContain('  traces   2 lines in 2 requests, 6 spans sent, 6 acknowledged');
    expect(r.stdout).toContain('  metrics  2 lines in 2 requests, 12 data points sent, 12 acknowledged');
    expect(r.stdout).toContain('2 cases, 2 ok:\n  traces   4 lines in 4 requests, 12 spans sent, 12 acknowledged');
  });

  it('sends protobuf by default and shifts times with --now', async () => {
    const r = await run(join(dir, 'orders-cpu-1'), '--endpoint', url, '--now', '2025-01-01T00:00:00Z', '--max-in-flight', '1');
    expect(r.code).toBe(0);
    // Unpaced, the lines of each signal (10 s apart, within --coalesce-seconds) go as one coalesced request.
    expect(received.map((x) => x.path)).toEqual(['/v1/traces', '/v1/metrics', '/v1/logs']);
    expect(new Set(received.map((x) => x.contentType))).toEqual(new Set(['application/x-protobuf']));
    expect(r.stdout).toContain('timestamps shifted by +413d 01:46:40 (35689600000000000 ns)');
  });

  it('joins no lines further apart than --coalesce-seconds', async () => {
    const r = await run(join(dir, 'orders-cpu-1'), '--endpoint', url, '--max-in-flight', '1', '--coalesce-seconds', '5');
    expect(r.code).toBe(0);
    // The case's lines are 10 s apart: each goes alone, in time order.
    expect(received.map((x) => x.path)).toEqual(['/v1/traces', '/v1/metrics', '/v1/logs', '/v1/traces', '/v1/metrics', '/v1/logs']);
  });

  it('exits 1 and names file and line when the receiver refuses', async () => {
    statusFor = { '/v1/logs': 400 };
    const r = await run(join(dir, 'orders-cpu-1'), '--endpoint', url, '--coalesce-seconds', '60');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('orders-cpu-1: FAILED');
    expect(r.stdout).toContain('  logs     2 lines in 1 requests, 4 log records sent, 0 acknowledged (1 requests failed)');
    expect(r.stderr).toContain('causeway: CW_ERR_DATASET_REPLAY_REFUSED: orders-cpu-1/logs.jsonl.gz: line 1 (and 1 more line(s)): HTTP 400: refused by test\n');
  });

  it.each([
    [['--json', '--grpc'], '--json and --grpc exclude each other'],
    [['--speed', '-1'], '--speed must be a positive number, got "-1"'],
    [['--now', 'yesterday'], '--now must be "now" or an ISO 8601 time'],
    [['--max-in-flight', '0'], '--max-in-flight must be a positive integer'],
    [['--max-ahead-seconds', 'soon'], '--max-ahead-seconds must be a number of seconds, 0 or more, got "soon"'],
    [['--coalesce-items', '0'], '--coalesce-items must be a positive integer'],
    [['--coalesce-seconds', '-1'], '--coalesce-seconds must be a number of seconds, 0 or more, got "-1"'],
    [['--header', 'novalue'], '--header must be name=value'],
    [['--endpoint', 'localhost:4318'], '--endpoint must be an http:// or https:// URL'],
  ])('refuses %j with exit code 2', async (args, message) => {
    const r = await run(dir, ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`causeway: CW_ERR_CLI_USAGE: ${message}`);
    expect(received).toEqual([]);
  });

  it('exits 1 when nothing matches or the folder is not a dataset', async () => {
    const none = await run(dir, '--endpoint', url, '--cases', 'nothing-*');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('CW_ERR_DATASET_NOT_FOUND: no case of');
    const missing = await run(join(dir, 'missing'), '--endpoint', url);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('CW_ERR_DATASET_NOT_FOUND');
  });
});
