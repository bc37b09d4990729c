/**
 * Runtime metrics a service's SDK exports beside its request metrics:
 * JVM (jvm.memory.used by pool, jvm.gc.duration histogram, jvm.thread.count,
 * jvm.cpu.recent_utilization) and Go (go.memory.used, go.goroutine.count).
 *
 * The garbage collector is modelled from the allocation rate (requests
 * served since the last export) and the heap pressure a memory leak causes:
 * young collections happen as often as allocations fill the young
 * generation, old collections appear and lengthen as the old generation
 * fills up.
 */
import type { Conditions } from '../faults/conditions.ts';
import type { ContainerRun, PodInstance } from '../fleet/pods.ts';
import type { Rng } from '../prng.ts';
import type { ServiceSpec } from '../topology/types.ts';
import { HistogramAccumulator, gauge, histogram, sum } from './metric-encoding.ts';
import { bool, str } from './otlp.ts';
import type { PodLedger } from './pod-ledger.ts';
import type { PodSampler } from './pod-sampler.ts';
import type { ScopedMetrics } from './request-metrics.ts';
import { METRIC_SCOPES } from './scopes.ts';

const GC_BOUNDS_S = [0.01, 0.1, 1, 10];
/** Bytes allocated per millisecond of request CPU. */
const ALLOC_PER_CPU_MS = 600_000;

interface RunState {
  lastT: number;
  lastRequests: number;
  edenFill: number;
  readonly young: HistogramAccumulator;
  readonly old: HistogramAccumulator;
}

export interface RuntimeMetrics {
  export(svc: ServiceSpec, pod: PodInstance, run: ContainerRun, t: number, startNanos: string, timeNanos: string): ScopedMetrics[];
}

export function createRuntimeMetrics(ledger: PodLedger, sampler: PodSampler, conditions: Conditions, rng: Rng): RuntimeMetrics {
  const states = new Map<string, RunState>();
  return {
    export(svc, pod, run, t, startNanos, timeNanos) {
      if (!svc.telemetry.runtimeMetrics) return [];
      const totals = ledger.totals(pod);
      const mem = sampler.memoryAt(pod, t);
      if (svc.language === 'go') {
        const goroutines = 12 + Math.round(totals.lastCpuCores * 400 + 4 * rng.next());
        return [
          {
            scope: METRIC_SCOPES.go,
            metrics: [
              sum('go.memory.used', 'By', startNanos, timeNanos, false, [
                { attributes: [str('go.memory.type', 'other')], value: mem * 0.78, integer: true },
                { attributes: [str('go.memory.type', 'stack')], value: goroutines * 8192, integer: true },
              ]),
              sum('go.goroutine.count', '{goroutine}', startNanos, timeNanos, false, [{ attributes: [], value: goroutines, integer: true }]),
            ],
          },
        ];
      }
      if (svc.language !== 'java') return [];
      const key = `${pod.key}#${run.restartCount}`;
      let s = states.get(key);
      if (!s) {
        s = {
          lastT: Math.max(run.startMs, t - svc.telemetry.metricsIntervalSeconds * 1000),
          lastRequests: totals.requests,
          edenFill: rng.next(),
          young: new HistogramAccumulator([str('jvm.gc.name', 'G1 Young Generation'), str('jvm.gc.action', 'end of minor GC')], GC_BOUNDS_S),
          old: new HistogramAccumulator([str('jvm.gc.name', 'G1 Old Generation'), str('jvm.gc.action', 'end of major GC')], GC_BOUNDS_S),
        };
        states.set(key, s);
      }
      const cond = conditions.at(pod, t);
      const pressure = cond.gcPressure;
      const dtS = Math.max(1, (t - s.lastT) / 1000);
      const requests = totals.requests - s.lastRequests;
      s.lastT = t;
      s.lastRequests = totals.requests;
      const meanCpuMs = Math.max(1, svc.operations.reduce((a, o) => a + o.cpuMs, 0) / Math.max(1, svc.operations.length));
      const eden = pod.memoryBytes * 0.22;
      const allocated = requests * meanCpuMs * ALLOC_PER_CPU_MS + dtS * 2_000_000;
      s.edenFill += allocated / eden;
      const minors = Math.floor(s.edenFill);
      s.edenFill -= minors;
      for (let i = 0; i < minors; i++) s.young.record(rng.logNormal(0.006 * (1 + 4 * pressure), 0.35));
      const majors = rng.poisson(dtS * (0.0004 + 0.12 * pressure * pressure));
      for (let i = 0; i < majors; i++) s.old.record(rng.logNormal(0.12 * (1 + 3 * pressure), 0.3));
      const heap = (pool: string) => [str('jvm.memory.type', 'heap'), str('jvm.memory.pool.name', pool)];
      const threads = 38 + Math.round(totals.lastCpuCores * 60 + 3 * rng.next());
      return [
        {
          scope: METRIC_SCOPES.jvm,
          metrics: [
            sum('jvm.memory.used', 'By', startNanos, timeNanos, false, [
              { attributes: heap('G1 Eden Space'), value: eden * s.edenFill, integer: true },
              { attributes: heap('G1 Old Gen'), value: mem > 0 ? pod.memoryBytes * 0.3 + cond.memExtraBytes : 0, integer: true },
              { attributes: [str('jvm.memory.type', 'non_heap'), str('jvm.memory.pool.name', 'Metaspace')], value: pod.memoryBytes * 0.14, integer: true },
            ]),
            histogram('jvm.gc.duration', 's', [s.young.point(startNanos, timeNanos), s.old.point(startNanos, timeNanos)]),
            sum('jvm.thread.count', '{thread}', startNanos, timeNanos, false, [{ attributes: [bool('jvm.thread.daemon', true)], value: threads, integer: true }]),
            gauge('jvm.cpu.recent_utilization', '1', timeNanos, [{ attributes: [], value: Math.min(1, totals.lastCpuCores / pod.host.cores) }]),
          ],
        },
      ];
    },
  };
}
