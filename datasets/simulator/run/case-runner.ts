/**
 * Runs one planned case second by second and writes its export requests.
 *
 * Each simulated second: outside requests arrive (Poisson, at the system's
 * peak rate times the traffic curve) and are simulated through the call
 * graph; pods write their own log lines; the records of the second that
 * just ended are folded into pending spans and logs, request metrics and
 * resource totals; then every exporter whose tick falls at the end of the
 * second sends its batch: traces and logs per service every 5 s, SDK
 * metrics per service every 10 s (60 s for some), the node agent per node
 * every 10 s (60 s for some). Lines go through a reorder buffer so that
 * each file is in non-decreasing order of earliest timestamp.
 */
import type { SignalFile } from '../../format/case-truth.ts';
import { nanos as nanosText, SECOND_MS } from '../clock.ts';
import { createBackingMetrics } from '../emit/backing-metrics.ts';
import { logsRequest, tracesRequest } from '../emit/batches.ts';
import { createNodeAgent } from '../emit/node-agent.ts';
import { createPodLedger } from '../emit/pod-ledger.ts';
import { createPodSampler } from '../emit/pod-sampler.ts';
import { createRequestMetrics } from '../emit/request-metrics.ts';
import { createResourceCache } from '../emit/resources.ts';
import { createRuntimeMetrics } from '../emit/runtime-metrics.ts';
import { createConditions } from '../faults/conditions.ts';
import { buildFleet } from '../fleet/fleet.ts';
import { outageAt, runAt } from '../fleet/pods.ts';
import type { CasePlan } from '../plan/case-plan.ts';
import { createRng } from '../prng.ts';
import type { DbRecord, LogRecord, NetLossRecord, QueueRecord, ServerRecord, SpanRecord } from '../sim/records.ts';
import { createRequestSimulator } from '../sim/request-sim.ts';
import { textHash } from '../sim/text-hash.ts';
import { createTraffic } from '../traffic.ts';
import { LineBuffer } from './line-buffer.ts';
import type { LineSink } from './line-sink.ts';
import { createPodLogs } from './pod-logs.ts';
import { TimeBuckets } from './time-buckets.ts';

export interface CaseStats {
  readonly id: string;
  readonly lines: Readonly<Record<SignalFile, number>>;
  readonly requests: number;
  readonly tracedRequests: number;
  readonly spans: number;
  readonly logRecords: number;
}

/** SDK batch span and log processors export every 5 s. */
const FLUSH_SECONDS = 5;
/** Longer than any span (the longest deadline is 60 s) plus one flush interval. */
const REORDER_MARGIN_MS = 120_000;

export async function runCase(plan: CasePlan, out: LineSink): Promise<CaseStats> {
  const system = plan.system;
  const rng = createRng(plan.seed);
  const services = new Map(system.services.map((s) => [s.name, s] as const));
  const effects = plan.faults;
  const fleet = buildFleet(system, rng.fork('fleet'), plan.rollouts, (pod) => effects.flatMap((e) => (e.affects(pod) ? e.outages(pod) : [])));
  const conditions = createConditions(effects);
  const traffic = createTraffic(rng.fork('traffic'), plan.windowStartMs, plan.durationMs, plan.bursts);
  const nanos = (t: number): string => nanosText(plan.windowStartMs, t);
  const iso = (t: number): string => new Date(plan.windowStartMs + t).toISOString();

  const spans = new TimeBuckets<SpanRecord>();
  const servers = new TimeBuckets<ServerRecord>();
  const dbs = new TimeBuckets<DbRecord>();
  const queues = new TimeBuckets<QueueRecord>();
  const logs = new TimeBuckets<LogRecord>();
  const losses = new TimeBuckets<NetLossRecord>();
  const sim = createRequestSimulator({
    topology: system,
    fleet,
    conditions,
    rng: rng.fork('requests'),
    nanos,
    iso,
    loadFactor: (t) => 1 + 0.25 * Math.max(0, traffic.factor(t) - 1),
    horizonMs: plan.durationMs,
    sink: {
      span: (r) => spans.add(r.endMs, r),
      server: (r) => servers.add(r.endMs, r),
      db: (r) => dbs.add(r.endMs, r),
      queue: (r) => queues.add(r.tMs, r),
      log: (r) => logs.add(r.tMs, r),
      netLoss: (r) => losses.add(r.tMs, r),
    },
  });

  const ledger = createPodLedger();
  const sampler = createPodSampler(ledger, conditions, rng.fork('pod-noise'));
  const backing = createBackingMetrics(system, sampler, nanos);
  const requestMetrics = createRequestMetrics(services);
  const runtime = createRuntimeMetrics(ledger, sampler, conditions, rng.fork('runtime'));
  const resources = createResourceCache(system);
  const agent = createNodeAgent({ fleet, sampler, resources, backing, nanos, rng: rng.fork('node-noise') });
  const podLogs = createPodLogs(system, fleet, effects, rng.fork('pod-logs'), iso);
  const buffer = new LineBuffer(out);

  const pendingSpans = new Map<string, SpanRecord[]>();
  const pendingLogs = new Map<string, LogRecord[]>();
  const owners = [...system.services.map((s) => s.name), ...system.backing.map((b) => b.name)];
  const phase = (name: string, interval: number): number => textHash(name) % interval;
  let spanCount = 0;
  let logCount = 0;
  let requests = 0;
  let traced = 0;

  const flushSpans = (owner: string): void => {
    const list = pendingSpans.get(owner);
    if (!list || list.length === 0) return;
    pendingSpans.set(owner, []);
    spanCount += list.length;
    let earliest = Infinity;
    for (const r of list) earliest = Math.min(earliest, r.startMs);
    buffer.push('traces', earliest, tracesRequest(list, resources, services));
  };
  const flushLogs = (owner: string): void => {
    const list = pendingLogs.get(owner);
    if (!list || list.length === 0) return;
    pendingLogs.set(owner, []);
    list.sort((a, b) => a.tMs - b.tMs);
    logCount += list.length;
    buffer.push('logs', list[0]!.tMs, logsRequest(list, resources, services, nanos));
  };
  const sdkMetrics = (svcName: string, t: number): void => {
    const svc = services.get(svcName)!;
    const at = t + (textHash(`${svcName}/sdk`) % 400);
    const resourceMetrics: object[] = [];
    for (const pod of fleet.podsOf(svcName)) {
      const run = runAt(pod, at);
      if (!run || outageAt(pod, at) || at < run.startMs + 2_000) continue;
      const start = nanos(Math.max(0, run.startMs + 1_000));
      const now = nanos(at);
      const scopeMetrics = [...requestMetrics.export(svc, pod, run, start, now), ...runtime.export(svc, pod, run, at, start, now)].filter((s) => s.metrics.length > 0);
      if (scopeMetrics.length > 0) resourceMetrics.push({ resource: resources.sdk(pod, run, svc), scopeMetrics });
    }
    if (resourceMetrics.length > 0) buffer.push('metrics', at, { resourceMetrics });
  };

  const totalWeight = system.entries.reduce((a, e) => a + e.weight, 0);
  const arrivals = rng.fork('arrivals');
  const seconds = Math.floor(plan.durationMs / SECOND_MS);
  for (let s = 0; s < seconds; s++) {
    const t0 = s * SECOND_MS;
    const n = arrivals.poisson(system.peakRequestsPerSecond * traffic.factor(t0 + 500));
    const times: number[] = [];
    for (let i = 0; i < n; i++) times.push(t0 + arrivals.next() * SECOND_MS);
    times.sort((a, b) => a - b);
    for (const t of times) {
      let x = arrivals.next() * totalWeight;
      const entry = system.entries.find((e) => (x -= e.weight) < 0) ?? system.entries[0]!;
      const isTraced = arrivals.chance(plan.traceSampleRatio);
      requests++;
      if (isTraced) traced++;
      sim.run(entry.service, entry.operation, t, isTraced);
    }
    podLogs.emit(t0, (r) => logs.add(r.tMs, r));

    // Everything that ended in [t0, t0 + 1 s) is final now.
    for (const r of spans.take(s)) {
      const list = pendingSpans.get(r.pod.owner);
      if (list) list.push(r);
      else pendingSpans.set(r.pod.owner, [r]);
    }
    for (const r of servers.take(s)) {
      requestMetrics.record(r);
      ledger.server(r);
    }
    for (const r of dbs.take(s)) {
      ledger.db(r);
      backing.db(r);
    }
    for (const r of queues.take(s)) backing.queue(r);
    for (const r of losses.take(s)) ledger.netLoss(r);
    for (const r of logs.take(s)) {
      ledger.logged(r.pod, r.body.length + 120);
      const list = pendingLogs.get(r.pod.owner);
      if (list) list.push(r);
      else pendingLogs.set(r.pod.owner, [r]);
    }

    const T = s + 1;
    const tMs = T * SECOND_MS;
    for (const owner of owners) {
      if ((T - phase(owner, FLUSH_SECONDS)) % FLUSH_SECONDS === 0) {
        flushSpans(owner);
        flushLogs(owner);
      }
    }
    for (const svc of system.services) {
      const every = Math.max(svc.telemetry.metricsIntervalSeconds, plan.minMetricsIntervalSeconds);
      if ((T - phase(svc.name, every)) % every === 0) sdkMetrics(svc.name, tMs);
    }
    for (const host of system.hosts) {
      const every = Math.max(host.scrapeIntervalSeconds, plan.minMetricsIntervalSeconds);
      if ((T - phase(host.name, every)) % every === 0) {
        const at = tMs + (textHash(`${host.name}/agent`) % 300);
        const request = agent.scrape(host, at);
        if (request) buffer.push('metrics', at, request);
      }
    }
    await buffer.drain(tMs - REORDER_MARGIN_MS);
  }
  for (const owner of owners) {
    flushSpans(owner);
    flushLogs(owner);
  }
  await buffer.drain(Infinity);
  return { id: plan.id, lines: { ...buffer.counts }, requests, tracedRequests: traced, spans: spanCount, logRecords: logCount };
}
