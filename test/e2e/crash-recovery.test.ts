/**
 * Crash: `kill -9` the Causeway process while a client is sending; after a
 * restart on the same data folder, every item that was acknowledged is in
 * storage.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { waitUntilReady } from '../../api/index.ts';
import { tracesRequestJson } from './otlp-json-builders.ts';
import { startTestCauseway } from './test-causeway.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'cw-crash-'));
const SPANS = 20;

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('crash recovery', () => {
  it('keeps every acknowledged span across kill -9', async () => {
    const [httpPort, grpcPort, apiPort] = [27418, 27417, 27480];
    const child = spawn(
      process.execPath,
      ['bin/causeway.js', 'start', '--data-dir', dataDir, '--otlp-http-port', String(httpPort), '--otlp-grpc-port', String(grpcPort), '--api-port', String(apiPort),
        '--otlp-http-host', '127.0.0.1', '--otlp-grpc-host', '127.0.0.1', '--api-host', '127.0.0.1', '--log-level', 'error', '--batch-max-delay-millis', '30'],
      { cwd: ROOT, stdio: 'ignore' },
    );
    await waitUntilReady(`http://127.0.0.1:${apiPort}`, { child });

    const acked: number[] = [];
    let stop = false;
    const sender = async (worker: number) => {
      for (let i = 0; !stop && i < 2000; i++) {
        const no = worker * 10_000 + i;
        try {
          const res = await fetch(`http://127.0.0.1:${httpPort}/v1/traces`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(tracesRequestJson('crash-svc', no, SPANS)),
          });
          await res.arrayBuffer();
          if (res.status === 200) acked.push(no);
        } catch {
          return; // the process is gone
        }
      }
    };
    const senders = Promise.all([0, 1, 2, 3].map(sender));
    while (acked.length < 60) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    stop = true;
    await senders;
    expect(acked.length).toBeGreaterThanOrEqual(60);

    const restarted = await startTestCauseway({}, dataDir);
    try {
      const ids = acked.map((no) => (no + 1).toString(16).padStart(32, '0'));
      const r = await restarted.store.queryRows<{ TraceId: string; n: string }>(
        'SELECT TraceId, count() AS n FROM otel_traces WHERE ServiceName = {s:String} AND TraceId IN {ids:Array(String)} GROUP BY TraceId',
        { s: 'crash-svc', ids },
      );
      if (!r.ok) throw new Error(r.error.message);
      const stored = new Map(r.value.map((row) => [row.TraceId, Number(row.n)]));
      const missing = ids.filter((id) => (stored.get(id) ?? 0) < SPANS);
      expect(missing).toEqual([]);
    } finally {
      await restarted.shutdown();
    }
  });
});
