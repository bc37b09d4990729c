/**
 * Each fault type changes the intended signal of the intended service after
 * its start and not before, and reaches at least one caller. Cases are
 * 16 minutes: the fault starts at minute 10 and lasts 5 minutes or more.
 */
import { describe, expect, it } from 'vitest';
import { buildCallGraph } from '../topology/graph.ts';
import { faultWindows, generateInMemory, type FaultWindows, type GeneratedCase } from '../testing/generate.ts';
import { clientSpans, counterIncrease, errorShare, expectCallerImpact, gaugeMax, gaugeMean, meanDuration, requestStats } from '../testing/signals.ts';
import type { FaultType } from './types.ts';

const MINUTE = 60_000;

async function faultCase(kind: FaultType, system: string, target: string, traceSampleRatio = 0.3): Promise<GeneratedCase & { w: FaultWindows }> {
  const g = await generateInMemory({ system, kind, target, minutes: 16, traceSampleRatio });
  const f = g.plan.faults[0]!;
  expect(g.plan.truth.faults).toEqual([expect.objectContaining({ service: target, type: kind })]);
  expect(f.startMs).toBeGreaterThanOrEqual(10 * MINUTE);
  expect(f.endMs - f.startMs).toBeGreaterThanOrEqual(5 * MINUTE);
  return { ...g, w: faultWindows(g) };
}


describe('fault effects', () => {
  it('cpu-hog: the pod burns CPU up to its limit and serves more slowly', async () => {
    const g = await faultCase('cpu-hog', 'sock-shop', 'catalogue');
    const before = gaugeMean(g.index, 'k8s.pod.cpu.usage', 'catalogue', g.w.before);
    const during = gaugeMean(g.index, 'k8s.pod.cpu.usage', 'catalogue', g.w.during);
    expect(during).toBeGreaterThan(before * 4);
    expect(before).toBeLessThan(gaugeMean(g.index, 'k8s.pod.cpu.usage', 'catalogue', g.w.early) * 1.6);
    expect(requestStats(g.index, 'catalogue', g.w.during).meanSeconds).toBeGreaterThan(requestStats(g.index, 'catalogue', g.w.before).meanSeconds * 1.5);
    // Other pods do not change.
    expect(gaugeMean(g.index, 'k8s.pod.cpu.usage', 'user', g.w.during)).toBeLessThan(gaugeMean(g.index, 'k8s.pod.cpu.usage', 'user', g.w.before) * 1.6);
    expectCallerImpact(g, g.w, 'catalogue');
  });

  it('memory-leak: memory climbs, GC works harder, the container is OOM-killed and restarts', async () => {
    const g = await faultCase('memory-leak', 'sock-shop', 'carts');
    const before = gaugeMean(g.index, 'k8s.pod.memory.working_set', 'carts', g.w.before);
    expect(gaugeMax(g.index, 'k8s.pod.memory.working_set', 'carts', g.w.during)).toBeGreaterThan(before * 1.5);
    expect(gaugeMax(g.index, 'k8s.pod.memory.working_set', 'carts', g.w.before)).toBeLessThan(before * 1.15);
    expect(gaugeMax(g.index, 'k8s.container.restarts', 'carts', g.w.during)).toBeGreaterThan(gaugeMax(g.index, 'k8s.container.restarts', 'carts', g.w.before));
    const gcBefore = counterIncrease(g.index, 'jvm.gc.duration', 'carts', g.w.before, (a) => a['jvm.gc.name'] === 'G1 Old Generation');
    const gcDuring = counterIncrease(g.index, 'jvm.gc.duration', 'carts', g.w.during, (a) => a['jvm.gc.name'] === 'G1 Old Generation');
    expect(gcDuring).toBeGreaterThan(gcBefore + 3);
    expect(g.index.logs.some((l) => l.service === 'carts' && l.severity === 'FATAL' && l.body.includes('OutOfMemoryError') && l.tMs >= g.plan.faults[0]!.startMs)).toBe(true);
    expectCallerImpact(g, g.w, 'carts');
  });

  it('disk-pressure: the pod fills the disk, then writes fail', async () => {
    const g = await faultCase('disk-pressure', 'sock-shop', 'carts');
    const start = g.plan.faults[0]!.startMs;
    expect(gaugeMax(g.index, 'k8s.pod.filesystem.usage', 'carts', g.w.during)).toBeGreaterThan(gaugeMax(g.index, 'k8s.pod.filesystem.usage', 'carts', g.w.before) * 20);
    // The filling pod's node sees its root filesystem fill up.
    const filling = g.index.points.filter((p) => p.metric === 'k8s.pod.filesystem.usage' && p.service === 'carts').sort((a, b) => b.value - a.value)[0]!;
    const util = g.index.points.filter((p) => p.metric === 'system.filesystem.utilization' && p.host === filling.resource['k8s.node.name']);
    expect(Math.max(...util.filter((p) => p.tMs >= g.w.during.from).map((p) => p.value))).toBeGreaterThan(0.9);
    expect(Math.max(...util.filter((p) => p.tMs < start).map((p) => p.value))).toBeLessThan(0.6);
    const writeErrors = g.index.logs.filter((l) => l.service === 'carts' && /No space left on device/i.test(l.body));
    expect(writeErrors.length).toBeGreaterThan(3);
    expect(writeErrors.every((l) => l.tMs >= start)).toBe(true);
    expect(requestStats(g.index, 'carts', g.w.during).errorRatio).toBeGreaterThan(requestStats(g.index, 'carts', g.w.before).errorRatio);
    expectCallerImpact(g, g.w, 'carts');
  });

  it('network-delay: calls to the service take longer, and so do its callers', async () => {
    const g = await faultCase('network-delay', 'sock-shop', 'carts');
    const before = meanDuration(clientSpans(g.index, 'front-end', 'carts', g.w.before));
    const during = meanDuration(clientSpans(g.index, 'front-end', 'carts', g.w.during));
    expect(during).toBeGreaterThan(before + 60);
    expect(meanDuration(clientSpans(g.index, 'front-end', 'carts', g.w.early))).toBeLessThan(before * 1.5 + 5);
    // Calls to other services are not delayed.
    expect(meanDuration(clientSpans(g.index, 'front-end', 'catalogue', g.w.during))).toBeLessThan(meanDuration(clientSpans(g.index, 'front-end', 'catalogue', g.w.before)) * 1.5 + 5);
    expectCallerImpact(g, g.w, 'carts');
  });

  it('packet-loss: the pod counts network errors, calls stall, time out or are reset', async () => {
    const g = await faultCase('packet-loss', 'sock-shop', 'catalogue');
    expect(counterIncrease(g.index, 'k8s.pod.network.errors', 'catalogue', g.w.before)).toBe(0);
    expect(counterIncrease(g.index, 'k8s.pod.network.errors', 'catalogue', g.w.during)).toBeGreaterThan(50);
    const before = clientSpans(g.index, 'front-end', 'catalogue', g.w.before);
    const during = clientSpans(g.index, 'front-end', 'catalogue', g.w.during);
    expect(meanDuration(during)).toBeGreaterThan(meanDuration(before) * 3);
    expect(errorShare(during)).toBeGreaterThan(errorShare(before));
    expectCallerImpact(g, g.w, 'catalogue');
  });

  it('exception: one operation fails with one exception, visible in spans, metrics and logs', async () => {
    const g = await faultCase('exception', 'sock-shop', 'user');
    const start = g.plan.faults[0]!.startMs;
    expect(requestStats(g.index, 'user', g.w.before).errorRatio).toBeLessThan(0.01);
    expect(requestStats(g.index, 'user', g.w.during).errorRatio).toBeGreaterThan(0.1);
    const failed = g.index.spans.filter((s) => s.service === 'user' && s.kind === 2 && s.statusCode === 2);
    expect(failed.filter((s) => s.startMs >= start).length).toBeGreaterThan(10);
    expect(new Set(failed.filter((s) => s.startMs >= start).map((s) => s.name)).size).toBe(1);
    const errorLogs = g.index.logs.filter((l) => l.service === 'user' && l.severity === 'ERROR');
    expect(errorLogs.filter((l) => l.tMs >= start).length).toBeGreaterThan(errorLogs.filter((l) => l.tMs < start).length + 10);
    expectCallerImpact(g, g.w, 'user');
  });

  it('bad-deploy: a new version rolls out at the start and brings errors or latency', async () => {
    const g = await faultCase('bad-deploy', 'sock-shop', 'catalogue');
    const start = g.plan.faults[0]!.startMs;
    const versions = (from: number, to: number) => new Set(g.index.spans.filter((s) => s.service === 'catalogue' && s.startMs >= from && s.startMs < to).map((s) => s.version));
    expect(versions(0, start)).toEqual(new Set(['0.3.5']));
    expect(versions(start + 2 * MINUTE, g.plan.faults[0]!.endMs)).toEqual(new Set(['0.4.0']));
    const b = requestStats(g.index, 'catalogue', g.w.before);
    const d = requestStats(g.index, 'catalogue', { from: start + 2 * MINUTE, to: g.plan.faults[0]!.endMs });
    expect(d.errorRatio > b.errorRatio + 0.05 || d.meanSeconds > b.meanSeconds * 2).toBe(true);
    expectCallerImpact(g, g.w, 'catalogue');
  });

  it('slow-database: statements on the database take longer; the truth names the database', async () => {
    const g = await faultCase('slow-database', 'sock-shop', 'carts-db');
    expect(g.plan.truth.faults[0]).toMatchObject({ service: 'carts-db', indicator: 'latency' });
    const before = meanDuration(clientSpans(g.index, 'carts', 'carts-db', g.w.before));
    const during = meanDuration(clientSpans(g.index, 'carts', 'carts-db', g.w.during));
    expect(during).toBeGreaterThan(before * 4);
    expect(counterIncrease(g.index, 'mongodb.operation.time', 'carts-db', g.w.during)).toBeGreaterThan(counterIncrease(g.index, 'mongodb.operation.time', 'carts-db', g.w.before) * 3);
    expect(requestStats(g.index, 'carts', g.w.during).meanSeconds).toBeGreaterThan(requestStats(g.index, 'carts', g.w.before).meanSeconds * 2);
    expectCallerImpact(g, g.w, 'carts');
  });

  it('dependency-outage: the service goes silent and its callers get connection errors', async () => {
    const g = await faultCase('dependency-outage', 'sock-shop', 'catalogue');
    const f = g.plan.faults[0]!;
    expect(g.index.spans.filter((s) => s.service === 'catalogue' && s.startMs >= f.startMs + 10_000 && s.startMs < f.endMs)).toHaveLength(0);
    expect(g.index.spans.filter((s) => s.service === 'catalogue' && s.startMs < f.startMs).length).toBeGreaterThan(100);
    expect(errorShare(clientSpans(g.index, 'front-end', 'catalogue', g.w.during))).toBeGreaterThan(0.9);
    expect(errorShare(clientSpans(g.index, 'front-end', 'catalogue', g.w.before))).toBeLessThan(0.02);
    expectCallerImpact(g, g.w, 'catalogue');
  });

  it('dependency-outage of a queue consumer: messages pile up, then drain', async () => {
    const g = await faultCase('dependency-outage', 'sock-shop', 'queue-master');
    const f = g.plan.faults[0]!;
    const ready = g.index.points.filter((p) => p.metric === 'rabbitmq.message.current' && p.attributes['message.state'] === 'ready');
    expect(Math.max(...ready.filter((p) => p.tMs < f.startMs).map((p) => p.value))).toBeLessThan(5);
    expect(Math.max(...ready.filter((p) => p.tMs >= f.startMs && p.tMs < f.endMs).map((p) => p.value))).toBeGreaterThan(20);
    expect(ready.filter((p) => p.tMs > f.endMs + MINUTE).every((p) => p.value < 5)).toBe(true);
  });
});

describe('case kinds', () => {
  it('control cases have no fault', async () => {
    const g = await generateInMemory({ system: 'online-boutique', kind: 'control', minutes: 5 });
    expect(g.plan.truth.faults).toEqual([]);
    expect(g.plan.faults).toEqual([]);
  });

  it.each(['online-boutique', 'sock-shop', 'train-ticket'])('%s: two-fault cases have two faults in unrelated services', async (system) => {
    for (const index of [0, 1, 2]) {
      const g = await generateInMemory({ system, kind: 'two-fault', minutes: 5, index });
      const [a, b] = g.plan.truth.faults;
      expect(g.plan.truth.faults).toHaveLength(2);
      expect(a!.service).not.toBe(b!.service);
      const graph = buildCallGraph(g.plan.system);
      expect(graph.downstream(a!.service).has(b!.service)).toBe(false);
      expect(graph.downstream(b!.service).has(a!.service)).toBe(false);
    }
  });

  it('harmless deploys bring a new version without errors', async () => {
    let found = false;
    for (let index = 0; index < 8 && !found; index++) {
      const g = await generateInMemory({ system: 'sock-shop', kind: 'control', minutes: 12, index, traceSampleRatio: 0.3 });
      const deploy = g.plan.rollouts.find((r) => r.reason === 'deploy');
      if (!deploy) continue;
      found = true;
      const svc = g.plan.system.services.find((s) => s.name === deploy.owner)!;
      const metricVersions = new Set(g.index.points.filter((p) => p.service === deploy.owner && p.resource['service.version'] !== undefined).map((p) => p.resource['service.version']));
      expect(metricVersions).toEqual(new Set([svc.version, deploy.version]));
      const after = requestStats(g.index, deploy.owner, { from: deploy.atMs + 2 * MINUTE, to: g.plan.durationMs });
      expect(after.errorRatio).toBeLessThan(0.02);
    }
    expect(found).toBe(true);
  });

  it('train-ticket has 40 or more services with traffic', async () => {
    const g = await generateInMemory({ system: 'train-ticket', kind: 'control', minutes: 10 });
    const withTraffic = new Set([...g.index.spans.map((s) => s.service), ...g.index.points.filter((p) => requestMetric(p.metric) && p.value > 0).map((p) => p.service)]);
    const services = g.plan.system.services.filter((s) => withTraffic.has(s.name));
    expect(services.length).toBeGreaterThanOrEqual(40);
  });
});

function requestMetric(name: string): boolean {
  return name === 'http.server.request.duration' || name === 'rpc.server.duration' || name === 'messaging.process.duration' || name === 'nginx.requests';
}
