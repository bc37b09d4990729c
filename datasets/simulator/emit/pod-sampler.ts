/**
 * What the kubelet would measure for a pod at a scrape: CPU usage over the
 * interval since the previous scrape (request CPU from the ledger, idle CPU,
 * fault CPU, capped at the pod's limit as CFS throttling would), memory
 * (steady working set that warms up after a start, wobbles a little, plus
 * fault memory), filesystem usage and cumulative network counters. A
 * process in an outage shows as a nearly idle, nearly empty container.
 */
import { GIB_BYTES, MIB_BYTES } from './units.ts';
import type { Conditions } from '../faults/conditions.ts';
import { outageAt, runAt, type ContainerRun, type PodInstance } from '../fleet/pods.ts';
import type { Rng } from '../prng.ts';
import type { PodLedger } from './pod-ledger.ts';
import { textHash } from '../sim/text-hash.ts';

export interface PodSample {
  readonly pod: PodInstance;
  readonly run: ContainerRun | null;
  readonly serving: boolean;
  readonly cpuCores: number;
  readonly memUsageBytes: number;
  readonly memWorkingSetBytes: number;
  readonly fsUsageBytes: number;
  readonly rxBytes: number;
  readonly txBytes: number;
  readonly rxErrors: number;
  readonly txErrors: number;
}

export interface PodSampler {
  sample(pod: PodInstance, t: number): PodSample;
  /** Memory the pod's process holds at `t` (for runtime metrics); 0 when it is down. */
  memoryAt(pod: PodInstance, t: number): number;
}

export function createPodSampler(ledger: PodLedger, conditions: Conditions, rng: Rng): PodSampler {
  const last = new Map<string, { t: number; cpuMs: number }>();
  const memoryAt = (pod: PodInstance, t: number): number => {
    const run = runAt(pod, t);
    if (!run || outageAt(pod, t)) return 0;
    const age = t - run.startMs;
    const warm = 0.7 + 0.3 * (1 - Math.exp(-age / 240_000));
    const phase = (textHash(pod.key) % 628) / 100;
    const wobble = 1 + 0.012 * Math.sin((2 * Math.PI * t) / 1_020_000 + phase);
    return pod.memoryBytes * warm * wobble + conditions.at(pod, t).memExtraBytes;
  };
  return {
    memoryAt,
    sample(pod, t) {
      const totals = ledger.totals(pod);
      const prev = last.get(pod.key) ?? { t: t - 10_000, cpuMs: totals.cpuMs };
      last.set(pod.key, { t, cpuMs: totals.cpuMs });
      const dtS = Math.max(1, (t - prev.t) / 1000);
      const run = runAt(pod, t);
      const serving = run !== null && outageAt(pod, t) === null;
      const cond = conditions.at(pod, t);
      let cpu: number;
      let mem: number;
      if (serving) {
        const demand = (totals.cpuMs - prev.cpuMs) / 1000 / dtS + pod.cpuIdleCores + cond.cpuExtraCores;
        cpu = Math.min(pod.cpuLimitCores * rng.range(0.97, 1), demand * (1 + 0.06 * rng.normal()));
        mem = memoryAt(pod, t) * (1 + 0.003 * rng.normal());
      } else {
        cpu = 0.002 + 0.004 * rng.next();
        mem = 6 * MIB_BYTES * rng.range(0.9, 1.1);
      }
      cpu = Math.max(0.0005, cpu);
      totals.lastCpuCores = cpu;
      // The image's writable layer: the same for every pod of an owner (one
      // image), so a rollout does not move it; each pod then adds its own logs.
      const fsBase = 24 * MIB_BYTES + (textHash(pod.owner) % 64) * MIB_BYTES;
      return {
        pod,
        run,
        serving,
        cpuCores: cpu,
        memUsageBytes: Math.round(mem * 1.06),
        memWorkingSetBytes: Math.round(mem),
        fsUsageBytes: Math.round(Math.min(pod.host.diskBytes - 1 * GIB_BYTES, fsBase + totals.logBytes + cond.fsExtraBytes)),
        rxBytes: totals.rxBytes,
        txBytes: totals.txBytes,
        rxErrors: totals.rxErrors,
        txErrors: totals.txErrors,
      };
    },
  };
}
