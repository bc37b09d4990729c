/**
 * `npm run bench:replay`: replay throughput through the OTLP receivers and
 * evaluation wall time per case-hour, on a generated hour of the 40-service
 * (Train-Ticket-like) system. Target: a case-hour replayed and evaluated in
 * under 20 s.
 *
 * Environment: BENCH_MINUTES (default 60).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitUntilReady } from '../../api/index.ts';
import { runEval } from '../../datasets/eval/index.ts';
import { replayCase } from '../../datasets/replay/index.ts';
import { generateDataset } from '../../datasets/simulator/index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MINUTES = Number(process.env.BENCH_MINUTES ?? 60);

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'cw-bench-replay-'));
  try {
    let started = performance.now();
    const generated = await generateDataset({ system: 'train-ticket', kinds: ['cpu-hog'], cases: 1, seed: 'bench-replay', outDir: join(work, 'dataset'), minutes: MINUTES });
    const caseStats = generated.cases[0]!;
    const caseDir = join(generated.dir, caseStats.id);
    console.log(`generated ${caseStats.id} (${MINUTES} min of the train-ticket system) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const dataDir = join(work, 'store');
    const ports = { grpc: 26317, http: 26318, api: 26380 };
    const causeway = spawn(
      process.execPath,
      ['bin/causeway.js', 'start', '--data-dir', dataDir, '--otlp-grpc-port', String(ports.grpc), '--otlp-http-port', String(ports.http), '--api-port', String(ports.api),
        '--otlp-grpc-host', '127.0.0.1', '--otlp-http-host', '127.0.0.1', '--api-host', '127.0.0.1', '--log-level', 'warn',
        '--retention-traces-days', '0', '--retention-logs-days', '0', '--retention-metrics-days', '0'],
      { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    const results: Record<string, unknown> = {};
    try {
      await waitUntilReady(`http://127.0.0.1:${ports.api}`, { child: causeway });
      // Coalesced (the default when unpaced) next to one request per line, as a paced replay sends,
      // and to requests joined and sent by count alone (no event-time bounds: what the bounds cost).
      for (const [label, options] of [
        ['otlp/http-pb', { endpoint: `http://127.0.0.1:${ports.http}` }],
        ['http-pb/items', { endpoint: `http://127.0.0.1:${ports.http}`, coalesceSeconds: Number.POSITIVE_INFINITY, maxAheadSeconds: Number.POSITIVE_INFINITY }],
        ['otlp/grpc', { endpoint: `http://127.0.0.1:${ports.grpc}`, grpc: true }],
        ['http-pb/line', { endpoint: `http://127.0.0.1:${ports.http}`, coalesceItems: 1 }],
      ] as const) {
        const r = await replayCase(caseDir, options);
        if (!r.ok) throw new Error(`${label}: ${r.error?.message ?? 'replay failed'}`);
        const itemsPerSecond = r.total.itemsAcknowledged / r.seconds;
        results[label] = { items: r.total.itemsAcknowledged, lines: r.total.lines, requests: r.total.requests, seconds: r.seconds, itemsPerSecond };
        console.log(`replay ${label.padEnd(14)} ${r.total.itemsAcknowledged} items (${r.total.lines} lines in ${r.total.requests} requests) in ${r.seconds.toFixed(1)} s: ${itemsPerSecond.toFixed(0)} items/s acknowledged`);
      }
    } finally {
      causeway.kill('SIGTERM');
      await new Promise((r) => causeway.once('exit', r));
    }

    for (const method of ['causeway', 'baro']) {
      started = performance.now();
      const report = await runEval(generated.dir, { method });
      if (!report.ok) throw new Error(report.error.message);
      const seconds = (performance.now() - started) / 1000;
      const perHour = seconds / (MINUTES / 60);
      results[`eval-${method}`] = { seconds, secondsPerCaseHour: perHour };
      console.log(`eval ${method.padEnd(9)} ${seconds.toFixed(1)} s for ${MINUTES} min = ${perHour.toFixed(1)} s per case-hour (target < 20 s)`);
    }
    mkdirSync(join(ROOT, '.bench'), { recursive: true });
    writeFileSync(join(ROOT, '.bench', 'replay.json'), JSON.stringify({ at: new Date().toISOString(), minutes: MINUTES, ...results }, null, 2));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
