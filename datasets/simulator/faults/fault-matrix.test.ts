/**
 * Every fault type on every system, on a target the planner picks: the
 * fault's own signal moves on the target after the start (and not before),
 * and at least one caller feels it.
 */
import { describe, expect, it } from 'vitest';
import { SYSTEM_NAMES } from '../topologies/index.ts';
import { faultWindows, generateInMemory, type GeneratedCase } from '../testing/generate.ts';
import { clientSpans, counterIncrease, expectCallerImpact, gaugeMax, gaugeMean, meanDuration, requestStats } from '../testing/signals.ts';
import { FAULT_TYPES, type FaultType } from './types.ts';

type Check = (g: GeneratedCase, target: string) => void;

const PRIMARY: Record<FaultType, Check> = {
  'cpu-hog': (g, t) => {
    const w = faultWindows(g);
    expect(gaugeMean(g.index, 'k8s.pod.cpu.usage', t, w.during)).toBeGreaterThan(gaugeMean(g.index, 'k8s.pod.cpu.usage', t, w.before) * 1.8);
  },
  'memory-leak': (g, t) => {
    const w = faultWindows(g);
    expect(gaugeMax(g.index, 'k8s.pod.memory.working_set', t, w.during)).toBeGreaterThan(gaugeMax(g.index, 'k8s.pod.memory.working_set', t, w.before) * 1.3);
  },
  'disk-pressure': (g, t) => {
    const w = faultWindows(g);
    expect(gaugeMax(g.index, 'k8s.pod.filesystem.usage', t, w.during)).toBeGreaterThan(gaugeMax(g.index, 'k8s.pod.filesystem.usage', t, w.before) * 10);
  },
  'network-delay': (g, t) => {
    const w = faultWindows(g);
    const callers = [...new Set(g.index.spans.filter((s) => s.kind === 3 && s.attributes['server.address'] === t).map((s) => s.service))];
    const slower = callers.some((c) => meanDuration(clientSpans(g.index, c, t, w.during)) > meanDuration(clientSpans(g.index, c, t, w.before)) + 50);
    expect(slower, callers.join(',')).toBe(true);
  },
  'packet-loss': (g, t) => {
    const w = faultWindows(g);
    expect(counterIncrease(g.index, 'k8s.pod.network.errors', t, w.before)).toBe(0);
    expect(counterIncrease(g.index, 'k8s.pod.network.errors', t, w.during)).toBeGreaterThan(10);
  },
  exception: (g, t) => {
    const w = faultWindows(g);
    expect(requestStats(g.index, t, w.during).errorRatio).toBeGreaterThan(requestStats(g.index, t, w.before).errorRatio + 0.05);
  },
  'bad-deploy': (g, t) => {
    const start = g.plan.faults[0]!.startMs;
    const versions = (from: number, to: number) => new Set(g.index.points.filter((p) => p.service === t && p.tMs >= from && p.tMs < to && p.resource['service.version'] !== undefined).map((p) => p.resource['service.version']));
    expect(versions(0, start).size).toBe(1);
    const after = versions(start + 150_000, g.plan.faults[0]!.endMs);
    expect(after.size).toBe(1);
    expect(after).not.toEqual(versions(0, start));
    const b = requestStats(g.index, t, { from: start - 300_000, to: start });
    const d = requestStats(g.index, t, { from: start + 150_000, to: g.plan.faults[0]!.endMs });
    expect(d.errorRatio > b.errorRatio + 0.03 || d.meanSeconds > b.meanSeconds * 1.8, JSON.stringify({ b, d })).toBe(true);
  },
  'slow-database': (g, t) => {
    const w = faultWindows(g);
    const callers = [...new Set(g.index.spans.filter((s) => s.attributes['db.system'] !== undefined && (s.attributes['server.address'] ?? s.attributes['net.peer.name']) === t).map((s) => s.service))];
    expect(callers.length).toBeGreaterThan(0);
    expect(callers.some((c) => meanDuration(clientSpans(g.index, c, t, w.during)) > meanDuration(clientSpans(g.index, c, t, w.before)) * 3)).toBe(true);
  },
  'dependency-outage': (g, t) => {
    const w = faultWindows(g);
    expect(requestStats(g.index, t, w.during).count).toBeLessThan(requestStats(g.index, t, w.before).count * 0.2 + 1);
  },
};

describe.each(SYSTEM_NAMES)('%s', (system) => {
  it.each(FAULT_TYPES)('%s moves its signal on the target and reaches a caller', async (kind) => {
    // MATRIX_SEED=<text> runs the matrix on other targets and parameters.
    const g = await generateInMemory({ system, kind, minutes: 16, traceSampleRatio: system === 'train-ticket' ? 0.15 : 0.3, seed: process.env.MATRIX_SEED ?? 'matrix' });
    const target = g.plan.faults[0]!.target;
    PRIMARY[kind](g, target);
    expectCallerImpact(g, faultWindows(g), target);
  });
});
