/**
 * disk-pressure: one pod of the target starts filling the node's disk
 * (runaway temp files or debug logs) until the filesystem is full 50-80 %
 * into the fault. The pod's filesystem usage and the node's filesystem
 * utilization climb; near the top the pod warns about the disk, I/O slows
 * it down a little, and once the disk is full its writes fail ("No space
 * left on device") in responses and logs.
 */
import { busyCalledServices } from './targets.ts';
import { everyInRange, makeEffect } from './effect-base.ts';
import type { CallGraph } from '../topology/graph.ts';
import type { OperationSpec, ServiceSpec } from '../topology/types.ts';
import type { FaultModel, PodLogLine } from './types.ts';

const FULL_SHARE = 0.985;

function writeShare(svc: ServiceSpec, g: CallGraph): number {
  const load = (o: OperationSpec) => g.operationLoad(svc.name, o.name);
  const total = svc.operations.reduce((a, o) => a + load(o), 0);
  return total === 0 ? 0 : svc.operations.filter((o) => o.writes).reduce((a, o) => a + load(o), 0) / total;
}

export const diskPressure: FaultModel = {
  type: 'disk-pressure',
  indicator: 'disk',
  // Only services where writes to local disk are a good part of the traffic (a fifth or more): elsewhere a full disk would go unnoticed by requests.
  targets: (t, g) => busyCalledServices(t, g, (name) => writeShare(t.services.find((s) => s.name === name)!, g) >= 0.2),
  create(ctx) {
    const svc = ctx.topology.services.find((s) => s.name === ctx.target)!;
    const fullShare = ctx.rng.range(0.5, 0.8);
    const duration = ctx.endMs - ctx.startMs;
    const headroom = (pod: { host: { diskBytes: number; diskUsedBytes: number } }) => FULL_SHARE * pod.host.diskBytes - pod.host.diskUsedBytes;
    const filled = (pod: { host: { diskBytes: number; diskUsedBytes: number } }, t: number) => Math.min(headroom(pod), (headroom(pod) * (t - ctx.startMs)) / (fullShare * duration));
    const usedShare = (pod: { host: { diskBytes: number; diskUsedBytes: number } }, t: number) => (pod.host.diskUsedBytes + filled(pod, t)) / pod.host.diskBytes;
    const path = svc.language === 'java' ? '/tmp/tomcat-docbase' : '/tmp';
    return makeEffect(diskPressure, ctx, {
      affects: (pod) => pod.owner === ctx.target && pod.slot === 0,
      apply(pod, t, c) {
        c.fsExtraBytes += filled(pod, t);
        const share = usedShare(pod, t);
        if (share >= FULL_SHARE - 0.001) c.diskFull = true;
        if (share > 0.9) c.slowdown *= 1.5;
      },
      podLogs(pod, fromMs, toMs, rng): PodLogLine[] {
        const share = usedShare(pod, Math.max(fromMs, ctx.startMs));
        const lines: PodLogLine[] = [];
        if (share >= FULL_SHARE - 0.001) {
          for (const t of everyInRange(fromMs, toMs, 8_000, rng)) {
            lines.push({
              tMs: t,
              severity: 'ERROR',
              body: svc.language === 'java' ? `Failed to flush ${path}/work/cache.dat\njava.io.IOException: No space left on device\n\tat java.base/java.io.FileOutputStream.writeBytes(Native Method)\n\tat java.base/java.io.FileOutputStream.write(FileOutputStream.java:349)` : `write ${path}/cache.dat: no space left on device`,
              exceptionType: svc.language === 'java' ? 'java.io.IOException' : 'ENOSPC',
            });
          }
        } else if (share > 0.85) {
          for (const t of everyInRange(fromMs, toMs, 30_000, rng)) lines.push({ tMs: t, severity: 'WARN', body: `Low disk space on ${path}: ${Math.round(share * 100)}% used` });
        }
        return lines;
      },
    });
  },
};
