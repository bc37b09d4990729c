/**
 * memory-leak: every pod of the target keeps memory it no longer needs, at a
 * steady rate set so that the first pod reaches its limit 55-85 % into the
 * fault. Memory climbs, the garbage collector works harder (more and longer
 * pauses, more CPU, slower requests), allocations start to fail near the
 * limit, and finally the container is OOM-killed and restarts (down for its
 * start-up time), after which the leak starts again from a clean heap.
 */
import type { Outage, PodInstance } from '../fleet/pods.ts';
import { outOfMemoryError } from '../sim/errors.ts';
import type { Language } from '../topology/types.ts';
import { busyCalledServices } from './targets.ts';
import { everyInRange, makeEffect } from './effect-base.ts';
import type { FaultModel, PodLogLine } from './types.ts';

/** Share of the limit at which the leak starts to hurt. */
const PRESSURE_FROM = 0.7;

const OOM_WORDS: Record<Language, string> = {
  java: 'java.lang.OutOfMemoryError: Java heap space\n\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)\n\tat java.base/java.util.ArrayList.grow(ArrayList.java:237)',
  go: 'fatal error: runtime: out of memory\n\nruntime stack:\nruntime.throw({0x9d3a2c?, 0x400000?})\n\t/usr/local/go/src/runtime/panic.go:1077 +0x5c',
  node: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n 1: 0xb7b3e0 node::Abort() [node]\n 2: 0xa8e823  [node]',
  python: 'MemoryError\nTraceback (most recent call last):\n  File "/usr/local/lib/python3.11/site-packages/grpc/_server.py", line 552, in _call_behavior',
  dotnet: "Out of memory.\nUnhandled exception. System.OutOfMemoryException: Exception of type 'System.OutOfMemoryException' was thrown.",
  nginx: 'malloc(16384) failed (12: Cannot allocate memory)',
};

export const memoryLeak: FaultModel = {
  type: 'memory-leak',
  indicator: 'mem',
  targets: (t, g) => busyCalledServices(t, g),
  create(ctx) {
    const svc = ctx.topology.services.find((s) => s.name === ctx.target)!;
    const duration = ctx.endMs - ctx.startMs;
    const firstOomShare = ctx.rng.range(0.55, 0.85);
    const restartMs = (svc.language === 'java' ? 30_000 : 8_000) + ctx.rng.range(5_000, 12_000);
    const rateJitter = ctx.rng.range(0.85, 1.15);

    /** Leak rate (bytes/ms) of a pod: its headroom filled in `firstOomShare` of the fault (pods differ a little). */
    const rateOf = (pod: PodInstance): number => ((pod.memoryLimitBytes - pod.memoryBytes) / (firstOomShare * duration)) * (pod.slot === 0 ? 1 : rateJitter);

    /** The leak cycles of a pod: [leak start, OOM kill] pairs, the last one possibly cut by the fault's end. */
    const cycles = (pod: PodInstance): Array<[number, number]> => {
      const out: Array<[number, number]> = [];
      const fill = (pod.memoryLimitBytes - pod.memoryBytes) / rateOf(pod);
      let from = Math.max(ctx.startMs, pod.readyMs);
      while (from < ctx.endMs && out.length < 20) {
        out.push([from, from + fill]);
        from = from + fill + restartMs;
      }
      return out;
    };
    const cycleAt = (pod: PodInstance, t: number): [number, number] | undefined => cycles(pod).find(([a, b]) => t >= a && t < b);

    return makeEffect(memoryLeak, ctx, {
      apply(pod, t, c) {
        const cycle = cycleAt(pod, t);
        if (!cycle) return;
        const leaked = (t - cycle[0]) * rateOf(pod);
        c.memExtraBytes += leaked;
        const used = (pod.memoryBytes + leaked) / pod.memoryLimitBytes;
        const pressure = Math.min(1, Math.max(0, (used - PRESSURE_FROM) / (1 - PRESSURE_FROM)));
        c.gcPressure = Math.max(c.gcPressure, pressure);
        c.slowdown *= 1 + 1.8 * pressure * pressure;
        c.cpuExtraCores += pod.cpuLimitCores * 0.35 * pressure;
        if (pressure > 0.8) c.failures.push({ operation: null, rate: (pressure - 0.8) * 0.6, error: (op) => outOfMemoryError(svc, svc.operations.find((o) => o.name === op)!) });
      },
      outages(pod): Outage[] {
        return cycles(pod)
          .filter(([, oom]) => oom < ctx.endMs)
          .map(([, oom]) => ({ fromMs: oom, toMs: oom + restartMs, restartsAtMs: [], reason: 'OOMKilled' }));
      },
      podLogs(pod, fromMs, toMs, rng): PodLogLine[] {
        const lines: PodLogLine[] = [];
        for (const [, oom] of cycles(pod)) {
          if (oom >= fromMs && oom < toMs && oom < ctx.endMs) lines.push({ tMs: oom - 5, severity: 'FATAL', body: OOM_WORDS[svc.language], exceptionType: 'OutOfMemoryError' });
        }
        const cycle = cycleAt(pod, fromMs);
        if (cycle) {
          const used = (pod.memoryBytes + (fromMs - cycle[0]) * rateOf(pod)) / pod.memoryLimitBytes;
          if (used > 0.8) {
            for (const t of everyInRange(fromMs, toMs, 25_000, rng)) {
              lines.push({
                tMs: t,
                severity: 'WARN',
                body:
                  svc.language === 'java'
                    ? `GC overhead high: ${Math.round(used * 100)}% of max heap used after full GC (G1 Old Generation pause ${Math.round(150 + 600 * (used - 0.8) * 5)} ms)`
                    : `memory usage high: ${Math.round(used * 100)}% of container limit`,
              });
            }
          }
        }
        return lines;
      },
    });
  },
};
