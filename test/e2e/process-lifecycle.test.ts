/**
 * The `causeway start` process: configuration errors stop it with a message
 * naming the key; SIGTERM stops accepting, stores everything acknowledged
 * and exits 0; with OTEL_* variables set it exports its own metrics (here,
 * into itself) and logs JSON lines.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitUntilReady } from '../../api/index.ts';
import { spawnCauseway } from './causeway-process.ts';
import { tracesRequestJson } from './otlp-json-builders.ts';
import { startTestCauseway } from './test-causeway.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'cw-proc-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('causeway start', () => {
  it('refuses a bad configuration with exit code 2 and names the key and its source', async () => {
    const p = spawnCauseway(['--data-dir', tempDir()], { http: 27518, grpc: 27517, api: 27580 }, { CAUSEWAY_OTLP_MAX_IN_FLIGHT_BYTES: 'lots' });
    expect(await p.exited()).toBe(2);
    expect(p.output()).toMatch(/CW_ERR_CONFIG_INVALID: otlp\.maxInFlightBytes: expected an integer, got "lots" \(from environment variable CAUSEWAY_OTLP_MAX_IN_FLIGHT_BYTES\)/);
  });

  it('drains on SIGTERM: requests in progress are stored and answered, then it exits 0', async () => {
    const dataDir = tempDir();
    // A long batch delay keeps the acknowledged requests waiting in the batch writer when SIGTERM arrives.
    const p = spawnCauseway(['--data-dir', dataDir, '--batch-max-delay-millis', '5000', '--batch-linger-millis', '5000', '--log-level', 'info'], { http: 27618, grpc: 27617, api: 27680 });
    await waitUntilReady(p.apiUrl, { child: p.child });
    const sends = Array.from({ length: 10 }, (_, i) =>
      fetch(`${p.httpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(tracesRequestJson('drain-svc', i, 10)) }).then((r) => r.status),
    );
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    p.child.kill('SIGTERM');
    const statuses = await Promise.all(sends);
    expect(await p.exited()).toBe(0);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(statuses).toEqual(Array(10).fill(200));
    const logLines = p.output().trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg: string; level: number });
    expect(logLines.map((l) => l.msg)).toEqual(expect.arrayContaining(['Causeway started', 'shutdown complete']));

    const restarted = await startTestCauseway({}, dataDir);
    try {
      const r = await restarted.store.queryRows<{ n: number }>("SELECT count() AS n FROM otel_traces WHERE ServiceName = 'drain-svc'");
      expect(r.ok && r.value[0]!.n).toBe(100);
    } finally {
      await restarted.shutdown();
    }
  });

  it('exports its own metrics when OTEL_* variables ask for it (here into itself)', async () => {
    const dataDir = tempDir();
    const ports = { http: 27718, grpc: 27717, api: 27780 };
    const p = spawnCauseway(['--data-dir', dataDir, '--log-level', 'warn'], ports, {
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${ports.http}`,
      OTEL_METRIC_EXPORT_INTERVAL: '300',
      OTEL_SERVICE_NAME: 'causeway-self',
    });
    await waitUntilReady(p.apiUrl, { child: p.child });
    const res = await fetch(`${p.httpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(tracesRequestJson('observed-svc', 1, 3)) });
    expect(res.status).toBe(200);
    // Wait for two exports after the request was answered: the first may have been under way already.
    const selfPoints = async () => {
      const body = (await (await fetch(`${p.apiUrl}/api/v1/services`)).json()) as { services: Array<{ service: string; dataPoints: number }> };
      return body.services.find((s) => s.service === 'causeway-self')?.dataPoints ?? 0;
    };
    const pointsAfterRequest = await selfPoints();
    let exports = 0;
    let last = pointsAfterRequest;
    for (let i = 0; i < 100 && exports < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const now = await selfPoints();
      if (now > last) exports++;
      last = now;
    }
    const services = [{ service: 'causeway-self', dataPoints: last }];
    p.child.kill('SIGTERM');
    expect(await p.exited()).toBe(0);
    expect(services.find((s) => s.service === 'causeway-self')?.dataPoints).toBeGreaterThan(0);

    const restarted = await startTestCauseway({}, dataDir);
    try {
      const r = await restarted.store.queryRows<{ MetricName: string; v: number }>(
        "SELECT MetricName, max(Value) AS v FROM otel_metrics_sum WHERE ServiceName = 'causeway-self' AND Attributes['signal'] = 'traces' AND Attributes['transport'] = 'http' GROUP BY MetricName ORDER BY MetricName",
      );
      if (!r.ok) throw new Error(r.error.message);
      const byName = new Map(r.value.map((row) => [row.MetricName, row.v]));
      expect(byName.get('causeway.ingest.items.accepted')).toBeGreaterThanOrEqual(3);
      expect(byName.get('causeway.ingest.items.received')).toBeGreaterThanOrEqual(3);
    } finally {
      await restarted.shutdown();
    }
  });
});
