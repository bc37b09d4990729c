import { describe, expect, it } from 'vitest';
import type { RankingContext } from '../../correlator/index.ts';
import { ONSET_BUCKET, cpuHogCase, makeAnomaly, makeContext, makeFrame, makeSeries, metricsOnlyCase, step } from '../frame-fixtures.ts';
import { prepareInput } from '../scorer-input.ts';
import type { EntityScore } from '../scorer.ts';
import { type ResourceSaturationOptions, createResourceSaturationScorer } from './resource-saturation.ts';

async function scores(context: RankingContext, candidates?: string[], options: Partial<ResourceSaturationOptions> = {}): Promise<EntityScore[]> {
  const input = prepareInput(context).input;
  const r = await createResourceSaturationScorer(options).score(candidates ? { ...input, candidates } : input);
  if (!r.ok) throw new Error(r.error.message);
  return [...r.value].sort((a, b) => b.score - a.score);
}

describe('resource-saturation scorer', () => {
  it('blames the cpu of a service whose cpu hog took it to its limit', async () => {
    const [top, next] = await scores(cpuHogCase());
    expect(top).toMatchObject({ entity: 'payment', indicator: 'cpu' });
    expect(top!.score).toBeGreaterThan(0.9);
    expect(next!.score).toBeLessThan(0.2);
    expect(top!.explanation).toMatch(/^cpu of payment rose from 12% to 9\d(\.\d)?%$/);
  });

  it("attributes a pod's cpu to the service running on it", async () => {
    const [top] = await scores(cpuHogCase(true));
    expect(top).toMatchObject({ entity: 'payment', indicator: 'cpu' });
    expect(top!.explanation).toMatch(/^cpu of payment \(on pod:payment-1\) rose from 12% to/);
    expect(top!.evidence.series![0]!.entity).toBe('pod:payment-1');
  });

  it('says when memory kept climbing', async () => {
    const [top] = await scores(metricsOnlyCase());
    expect(top).toMatchObject({ entity: 'inventory', indicator: 'mem' });
    expect(top!.explanation).toMatch(/^mem of inventory rose from 19\d MiB to \d+ MiB \(\d(\.\d+)?x\) and kept climbing$/);
  });

  it('judges memory that climbed until its container restarted on its peak, above the same sawtooth without a restart', async () => {
    const MIB = 1024 * 1024;
    const RESTART_BUCKET = ONSET_BUCKET + 15;
    // 30 MiB, climbing from the onset to 60 MiB, then back to 30 MiB (killed and started again) climbing anew.
    const leak = (b: number) => (b < ONSET_BUCKET ? 30 : b < RESTART_BUCKET ? 30 + 2 * (b - ONSET_BUCKET) : 30 + 0.5 * (b - RESTART_BUCKET)) * MIB;
    const memory = (entity: string) => makeSeries({ entity, indicator: 'mem', name: 'container.memory.usage', level: leak, noise: 0.005 });
    const restarts = makeSeries({ entity: 'users', indicator: 'errors', name: 'k8s.container.restarts', level: step(0, 1, RESTART_BUCKET), noise: 0 });
    const anomalies = ['users', 'orders'].map((e) => makeAnomaly(e, 'mem', 'container.memory.usage', ONSET_BUCKET));
    const [top, next] = await scores(makeContext(makeFrame([memory('users'), memory('orders'), restarts]), undefined, anomalies));
    expect(top).toMatchObject({ entity: 'users', indicator: 'mem' });
    expect(top!.explanation).toMatch(/^mem of users rose from 30 MiB to 5\d(\.\d)? MiB.* until its container restarted$/);
    expect(next).toMatchObject({ entity: 'orders', indicator: 'mem' });
    expect(next!.explanation).not.toMatch(/restarted/);
    expect(next!.score).toBeLessThan(top!.score * 0.8);
  });

  it('takes memory that grew before the onset and fell to almost nothing after it as killed at its level, with or without a restart count, unless it falls so as a rule', async () => {
    const MIB = 1024 * 1024;
    const CLIMB_FROM = ONSET_BUCKET - 12;
    // leaky: 400 MiB, climbing by 25 MiB a bucket to about 675 MiB just before the onset, then a new process from 6 MiB.
    // redeployed: the same fall without the climb (a replaced pod): nothing grew, so nothing was killed.
    const fresh = (b: number) => (6 + 2 * (b - ONSET_BUCKET)) * MIB;
    const leaky = (b: number) => (b < CLIMB_FROM ? 400 * MIB : b < ONSET_BUCKET ? (400 + 25 * (b - CLIMB_FROM)) * MIB : fresh(b));
    const redeployed = (b: number) => (b < ONSET_BUCKET ? 400 * MIB : fresh(b));
    // heap: a pool each collection empties, 100 -> 700 MiB and back every 6 buckets, before the onset as after it.
    const heap = (b: number) => (100 + 120 * (b % 6)) * MIB;
    const series = [
      makeSeries({ entity: 'leaky', indicator: 'mem', name: 'k8s.pod.memory.working_set', level: leaky, noise: 0.003 }),
      makeSeries({ entity: 'leaky', indicator: 'latency', name: 'http.server.request.duration.mean', level: step(20, 200), noise: 0.02 }),
      makeSeries({ entity: 'redeployed', indicator: 'mem', name: 'k8s.pod.memory.working_set', level: redeployed, noise: 0.003 }),
      makeSeries({ entity: 'redeployed', indicator: 'latency', name: 'http.server.request.duration.mean', level: step(20, 200), noise: 0.02 }),
      makeSeries({ entity: 'heap', indicator: 'mem', name: 'jvm.memory.used', level: heap, noise: 0.003 }),
      makeSeries({ entity: 'heap', indicator: 'latency', name: 'http.server.request.duration.mean', level: step(20, 200), noise: 0.02 }),
    ];
    const anomalies = ['leaky', 'redeployed', 'heap'].map((e) => makeAnomaly(e, 'latency', 'http.server.request.duration.mean', ONSET_BUCKET));
    const context = makeContext(makeFrame(series), undefined, anomalies);
    const byEntity = (list: EntityScore[]) => new Map(list.map((e) => [e.entity, e]));
    const judged = byEntity(await scores(context));
    expect(judged.get('leaky')).toMatchObject({ indicator: 'mem', score: 1 });
    expect(judged.get('leaky')!.explanation).toMatch(/^mem of leaky rose from 4\d\d MiB to 6[5-9]\d MiB until its container restarted$/);
    expect(judged.get('redeployed')!.score).toBeLessThan(0.5);
    expect(judged.get('redeployed')!.explanation).not.toMatch(/restarted/);
    expect(judged.get('heap')!.score).toBeLessThan(0.5);
    expect(judged.get('heap')!.explanation).not.toMatch(/restarted/);
    // Without the rule the fall is memory that went down: no saturation at all.
    const unjudged = byEntity(await scores(context, undefined, { memoryResetShare: 0 }));
    expect(unjudged.get('leaky')!.score).toBeLessThan(0.5);
    expect(unjudged.get('leaky')!.explanation).not.toMatch(/restarted/);
  });

  it('blames memory that grew by hundreds of MiB, not the CPU it kept busy; a CPU hog adding a few MiB stays a CPU fault', async () => {
    const MIB = 1024 * 1024;
    const cpu = (entity: string) => makeSeries({ entity, indicator: 'cpu', name: 'container.cpu.utilization', level: step(0.012, 0.99), noise: 0.01 });
    const memory = (entity: string, beforeMib: number, afterMib: number) => makeSeries({ entity, indicator: 'mem', name: 'container.memory.usage', level: step(beforeMib * MIB, afterMib * MIB), noise: 0.002 });
    // leaky: 340 -> 800 MiB; hog: 8 -> 17.5 MiB, twice its memory but only the stress tool's working set.
    const series = [cpu('leaky'), memory('leaky', 340, 800), cpu('hog'), memory('hog', 8, 17.5)];
    const context = makeContext(makeFrame(series), undefined, ['leaky', 'hog'].map((e) => makeAnomaly(e, 'cpu', 'container.cpu.utilization', ONSET_BUCKET)));
    const byEntity = (list: EntityScore[]) => new Map(list.map((e) => [e.entity, e]));
    const judged = byEntity(await scores(context));
    const cpuOnly = byEntity(await scores(context, undefined, { grownMemoryFold: 0 }));
    const leaky = judged.get('leaky')!;
    expect(leaky.indicator).toBe('mem');
    expect(leaky.explanation).toMatch(/^mem of leaky rose from 34\d MiB to 8\d\d MiB, and cpu of leaky rose from 1(\.\d)?% to (9\d(\.\d)?|100)% with it$/);
    expect(leaky.evidence.series!.map((x) => x.signal)).toEqual(['container.memory.usage', 'container.cpu.utilization']);
    expect(leaky.score).toBe(cpuOnly.get('leaky')!.score);
    expect(cpuOnly.get('leaky')!.indicator).toBe('cpu');
    expect(judged.get('hog')).toMatchObject({ indicator: 'cpu', score: cpuOnly.get('hog')!.score });
    // With the MiB rule off, the hog's doubled memory takes the blame: that rule is what keeps it a CPU fault.
    expect(byEntity(await scores(context, undefined, { grownMemoryBytes: 0 })).get('hog')!.indicator).toBe('mem');
  });

  it('scores a level that stays up above a spike that passes', async () => {
    const stays = makeSeries({ entity: 'a', indicator: 'cpu', name: 'container.cpu.utilization', level: step(0.2, 0.6) });
    const passes = makeSeries({ entity: 'b', indicator: 'cpu', name: 'container.cpu.utilization', level: (b) => (b >= ONSET_BUCKET && b < ONSET_BUCKET + 3 ? 0.9 : 0.2) });
    const context = makeContext(makeFrame([stays, passes]), undefined, [makeAnomaly('a', 'cpu', 'container.cpu.utilization', ONSET_BUCKET), makeAnomaly('b', 'cpu', 'container.cpu.utilization', ONSET_BUCKET)]);
    const [top, next] = await scores(context);
    expect(top!.entity).toBe('a');
    expect(next!.score).toBeLessThan(top!.score / 2);
  });

  it('gives a CPU that rose by a fraction of a point of a core little credit, however quiet its baseline', async () => {
    const cpu = (entity: string, before: number, after: number) => makeSeries({ entity, indicator: 'cpu', name: 'k8s.pod.cpu.usage', level: step(before, after), noise: 0.01 });
    const context = makeContext(makeFrame([cpu('quiet', 0.018, 0.02), cpu('hog', 0.2, 0.6)]), undefined, [
      makeAnomaly('quiet', 'cpu', 'k8s.pod.cpu.usage', ONSET_BUCKET),
      makeAnomaly('hog', 'cpu', 'k8s.pod.cpu.usage', ONSET_BUCKET),
    ]);
    const byEntity = (list: EntityScore[]) => new Map(list.map((e) => [e.entity, e.score]));
    const gated = byEntity(await scores(context));
    const ungated = byEntity(await scores(context, undefined, { minUtilizationRise: 0 }));
    expect(ungated.get('quiet')).toBeGreaterThan(0.1);
    expect(gated.get('quiet')).toBeLessThan(0.1 * ungated.get('quiet')!);
    expect(gated.get('hog')).toBeCloseTo(ungated.get('hog')!, 10);
  });

  it('credits network throughput that stopped and network errors that rose, not more traffic', async () => {
    const net = (entity: string, name: string, before: number, after: number) => makeSeries({ entity, indicator: 'net', name, level: step(before, after), noise: 0.02 });
    const series = [net('busier', 'k8s.pod.network.io.rate', 1000, 3000), net('silent', 'k8s.pod.network.io.rate', 1000, 0), net('lossy', 'k8s.pod.network.errors.rate', 0.1, 5)];
    const context = makeContext(makeFrame(series), undefined, series.map((x) => makeAnomaly(x.entity, 'net', x.name, ONSET_BUCKET, x.entity === 'silent' ? 'down' : 'up')));
    const byEntity = new Map((await scores(context)).map((e) => [e.entity, e.score]));
    expect(byEntity.get('busier')).toBe(0);
    expect(byEntity.get('silent')).toBeGreaterThan(0.3);
    expect(byEntity.get('lossy')).toBeGreaterThan(0.3);
  });

  it("counts errors at a candidate's own interface as full, retransmits that a peer's trouble raises too as half", async () => {
    const net = (entity: string, name: string) => makeSeries({ entity, indicator: 'net', name, level: step(0, 5), noise: 0.02 });
    const series = [net('lossy', 'k8s.pod.network.errors.rate'), net('peer', 'tcp.retransmits.rate')];
    const context = makeContext(makeFrame(series), undefined, series.map((x) => makeAnomaly(x.entity, 'net', x.name, ONSET_BUCKET)));
    const byEntity = (list: EntityScore[]) => new Map(list.map((e) => [e.entity, e.score]));
    const full = byEntity(await scores(context));
    const alike = byEntity(await scores(context, undefined, { interfaceTroubleFullness: 0 }));
    expect(full.get('lossy')).toBeGreaterThan(0.9);
    expect(full.get('peer')).toBeCloseTo(full.get('lossy')! / 2, 2);
    expect(alike.get('lossy')).toBeCloseTo(alike.get('peer')!, 2);
  });

  it('takes throughput that fell with the requests coming in as less load, not as a service that stopped talking', async () => {
    const level = (entity: string, indicator: 'net' | 'traffic', name: string, before: number, after: number) => makeSeries({ entity, indicator, name, level: step(before, after), noise: 0.02 });
    // starved: a third of its requests and bytes (its callers upstream fail); stalled: as many requests, a fifth of the bytes.
    const series = [
      level('starved', 'net', 'k8s.pod.network.io.rate', 1000, 300),
      level('starved', 'traffic', 'http.server.request.rate', 20, 6),
      level('stalled', 'net', 'k8s.pod.network.io.rate', 1000, 200),
      level('stalled', 'traffic', 'http.server.request.rate', 20, 19),
    ];
    const anomalies = ['starved', 'stalled'].map((e) => makeAnomaly(e, 'net', 'k8s.pod.network.io.rate', ONSET_BUCKET, 'down'));
    const context = makeContext(makeFrame(series), undefined, anomalies);
    const byEntity = new Map((await scores(context)).map((e) => [e.entity, e.score]));
    expect(byEntity.get('starved')).toBe(0);
    expect(byEntity.get('stalled')).toBeGreaterThan(0.3);
    const judgedAlike = new Map((await scores(context, undefined, { lessLoadShare: 0 })).map((e) => [e.entity, e.score]));
    expect(judgedAlike.get('starved')).toBeGreaterThan(0.3);
  });

  it('says nothing about candidates without resource signals', async () => {
    const latencyOnly = makeSeries({ entity: 'edge', indicator: 'latency', name: 'latency_p95_ms', source: 'traces', level: step(10, 50) });
    const context = makeContext(makeFrame([latencyOnly]), undefined, [makeAnomaly('edge', 'latency', 'latency_p95_ms', ONSET_BUCKET)]);
    expect(await scores(context, ['edge'])).toEqual([]);
  });
});
