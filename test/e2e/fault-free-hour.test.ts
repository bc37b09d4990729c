/**
 * An hour without a fault opens no incident. A generated hour of the
 * Train-Ticket-like system (44 services, seed `ctl-2`, no fault) goes
 * through `causeway eval`: the real ingest into the embedded engine, the
 * runtime's detectors and grouper. Ten-minute cases leave a few minutes
 * after warm-up, too little for chance to open anything; in an hour the
 * heavy tails of latencies, sparse error ratios and level shifts reopening
 * resolved incidents opened four false incidents on this very case before
 * the rules in docs/rules.md that now keep it quiet.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runEval } from '../../datasets/eval/index.ts';
import { generateDataset } from '../../datasets/simulator/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'cw-fault-free-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a fault-free hour', () => {
  it('opens no incident', { timeout: 300_000 }, async () => {
    await generateDataset({ system: 'train-ticket', kinds: ['control'], cases: 1, seed: 'ctl-2', outDir: dir, minutes: 60 });
    const report = await runEval(dir, { method: 'causeway' });
    if (!report.ok) throw new Error(report.error.message);
    const { summary } = report.value;
    expect(summary.faultFreeHours).toBeCloseTo(1, 5);
    // Alerts (anomalies) there are: the detectors are judging, and none of it is enough evidence for an incident.
    expect(summary.grouping.alerts).toBeGreaterThan(0);
    expect(summary.grouping.incidents).toBe(0);
    expect(summary.falseIncidentsPerHour).toBe(0);
  });
});
