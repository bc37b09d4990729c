/**
 * `runEval` end to end on a small constructed dataset: a CPU step in one
 * service of three, plus a fault-free control case; cases go through the
 * real ingest path into the embedded engine and the baselines and Causeway's
 * own pipeline read them back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseTruth, createCaseWriter } from '../format/index.ts';
import { runParallelEval } from './parallel-eval.ts';
import { runEval } from './run-eval.ts';
import type { EvalReport } from './summarize.ts';

const root = mkdtempSync(join(tmpdir(), 'cw-eval-'));
const T0 = Date.parse('2026-01-05T00:00:00Z');
const MINUTES = 20;
const FAULT_MINUTE = 12;

function gaugeRequest(service: string, atMillis: number, cpu: number, latencySeconds: number) {
  const t = String(BigInt(atMillis) * 1_000_000n);
  const point = (v: number) => ({ timeUnixNano: t, asDouble: v });
  return {
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeMetrics: [
          {
            metrics: [
              { name: 'container.cpu.utilization', unit: '1', gauge: { dataPoints: [point(cpu)] } },
              { name: 'http.server.request.duration', unit: 's', gauge: { dataPoints: [point(latencySeconds)] } },
            ],
          },
        ],
      },
    ],
  };
}

async function writeCase(id: string, faulty: string | undefined): Promise<void> {
  const truth: CaseTruth = {
    version: 1,
    id,
    system: 'toy',
    window: { start: new Date(T0).toISOString(), end: new Date(T0 + MINUTES * 60_000).toISOString() },
    faults: faulty ? [{ service: faulty, indicator: 'cpu', type: 'cpu-hog', start: new Date(T0 + FAULT_MINUTE * 60_000).toISOString() }] : [],
  };
  const writer = await createCaseWriter(join(root, id), truth);
  if (!writer.ok) throw new Error(writer.error.message);
  let seed = id.length;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648 - 0.5;
  };
  for (let s = 0; s < MINUTES * 60; s += 10) {
    const at = T0 + s * 1000;
    const faultOn = faulty !== undefined && s >= FAULT_MINUTE * 60;
    for (const service of ['front-end', 'carts', 'orders']) {
      const cpu = 0.2 + 0.02 * noise() + (faultOn && service === faulty ? 0.7 : 0);
      const latency = 0.05 + 0.002 * noise() + (faultOn && service === 'front-end' ? 0.03 : 0);
      const r = await writer.value.append('metrics', gaugeRequest(service, at, cpu, latency));
      if (!r.ok) throw new Error(r.error.message);
    }
  }
  const closed = await writer.value.close();
  if (!closed.ok) throw new Error(closed.error.message);
}

beforeAll(async () => {
  await writeCase('carts-cpu-1', 'carts');
  await writeCase('control-1', undefined);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('runEval', () => {
  it('BARO finds the onset and ranks the faulty service first; the control case stays quiet', async () => {
    const r = await runEval(root, { method: 'baro' });
    expect(r.ok ? 'ok' : r.error.message).toBe('ok');
    if (!r.ok) return;
    const report = r.value;
    expect(report.method).toBe('baro');
    expect(report.summary.cases).toBe(2);
    const fault = report.cases.find((c) => c.id === 'carts-cpu-1')!;
    expect(fault.detected).toBe(true);
    expect(fault.detectionDelaySeconds).toBeLessThanOrEqual(20);
    expect(fault.ranking[0]).toMatchObject({ service: 'carts', indicator: 'cpu' });
    expect(report.summary.service.ac1).toBe(1);
    expect(report.summary.indicator.ac1).toBe(1);
    const control = report.cases.find((c) => c.id === 'control-1')!;
    expect(control.incidents).toBe(0);
    expect(report.summary.falseIncidentsPerHour).toBe(0);
    expect(report.summary.seconds).toBeGreaterThan(0);
  });

  it('runs Causeway\'s pipeline: detects the fault after its start with the faulty service first, quiet on the control; runs only the selected cases', async () => {
    const r = await runEval(root, { method: 'causeway', cases: 'carts-*' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.method).toBe('causeway');
    expect(r.value.summary.cases).toBe(1);
    const fault = r.value.cases.find((c) => c.id === 'carts-cpu-1')!;
    expect(fault.detected).toBe(true);
    expect(r.value.summary.detection).toMatchObject({ detected: 1, faults: 1 });
    // Detected means an incident opened during the fault (or at most 60 s
    // before its labelled start, see score-case.ts); the CPU step is sharp,
    // so it opens within a minute.
    expect(fault.detectionDelaySeconds).toBeLessThanOrEqual(60);
    expect(fault.ranking[0]).toMatchObject({ service: 'carts', indicator: 'cpu' });
    expect(r.value.summary.service.ac1).toBe(1);

    const control = await runEval(root, { method: 'causeway', cases: 'control-*' });
    if (!control.ok) throw new Error(control.error.message);
    expect(control.value.summary.cases).toBe(1);
    expect(control.value.cases[0]!.incidents).toBe(0);
    expect(control.value.summary.falseIncidentsPerHour).toBe(0);
  });

  it('loads only the signals asked for: the CPU fault, seen in metrics only, goes unseen with logs alone', async () => {
    const all = await runEval(root, { method: 'baro', cases: 'carts-*' });
    if (!all.ok) throw new Error(all.error.message);
    expect(all.value.signals).toEqual(['traces', 'metrics', 'logs']);
    expect(all.value.cases[0]!.detected).toBe(true);
    const logs = await runEval(root, { method: 'baro', cases: 'carts-*', signals: ['logs'] });
    if (!logs.ok) throw new Error(logs.error.message);
    expect(logs.value.signals).toEqual(['logs']);
    expect(logs.value.cases[0]!.detected).toBe(false);
    expect(logs.value.cases[0]!.ranking).toEqual([]);
  });

  it('gives the same report from worker processes (causeway eval --workers), and passes the signals asked for on to them', async () => {
    const inProcess = await runEval(root, { method: 'baro' });
    const inWorkers = await runParallelEval(root, { method: 'baro', workers: 2 });
    if (!inProcess.ok || !inWorkers.ok) throw new Error('eval failed');
    const withoutTimes = (r: EvalReport) => ({ ...r, cases: r.cases.map((c) => ({ ...c, seconds: 0 })), summary: { ...r.summary, seconds: 0 } });
    expect(withoutTimes(inWorkers.value)).toEqual(withoutTimes(inProcess.value));
    // Only the workers load the case files: were the signals not passed on, the CPU fault would be found in the metrics.
    const logs = await runParallelEval(root, { method: 'baro', workers: 2, signals: ['logs'] });
    if (!logs.ok) throw new Error(logs.error.message);
    expect(logs.value.cases.find((c) => c.id === 'carts-cpu-1')).toMatchObject({ detected: false, ranking: [] });
  });

  it('names an unknown method', async () => {
    const r = await runEval(root, { method: 'oracle' });
    expect(r.ok ? '' : r.error.message).toMatch(/unknown method "oracle"/);
  });
});
