/**
 * Log lines pods write by themselves, second by second: background noise
 * while serving, start-up lines when a container starts (first start after
 * a rollout, restarts after crashes and OOM kills), a shutdown line when a
 * rollout replaces a pod, and the lines active faults add (GC warnings,
 * disk warnings, crash output, slow-query logs).
 */
import type { FaultEffect } from '../faults/types.ts';
import type { Fleet } from '../fleet/fleet.ts';
import { outageAt, type PodInstance } from '../fleet/pods.ts';
import { noiseLine, startupLines } from '../emit/noise-logs.ts';
import type { Rng } from '../prng.ts';
import type { LogRecord } from '../sim/records.ts';
import type { SystemTopology } from '../topology/types.ts';

export interface PodLogs {
  /** Lines of second [fromMs, fromMs + 1000). */
  emit(fromMs: number, out: (r: LogRecord) => void): void;
}

export function createPodLogs(topology: SystemTopology, fleet: Fleet, effects: readonly FaultEffect[], rng: Rng, iso: (t: number) => string): PodLogs {
  const kindOf = new Map<string, string>();
  for (const s of topology.services) kindOf.set(s.name, s.language);
  for (const b of topology.backing) kindOf.set(b.name, b.system);
  const line = (pod: PodInstance, tMs: number, severity: LogRecord['severity'], body: string, exceptionType = ''): LogRecord => ({
    pod,
    tMs,
    severity,
    body: body.includes('$DATE') ? body.replace(/\$DATE/g, iso(tMs)) : body,
    traceId: '',
    spanId: '',
    sampled: false,
    exceptionType,
  });

  // Container starts and pod terminations inside the window, in time order.
  const events: Array<{ t: number; emit: (out: (r: LogRecord) => void) => void }> = [];
  for (const pod of fleet.pods) {
    const kind = kindOf.get(pod.owner) as Parameters<typeof startupLines>[0];
    for (const run of pod.runs) {
      if (run.startMs < 0) continue;
      const ready = Math.max(2_000, pod.readyMs - pod.createdMs);
      // A container that crashes before it is ready only gets as far as its first lines.
      const lines = startupLines(kind, pod.owner, pod.version, ready).filter((l) => l.afterMs < run.endMs - run.startMs);
      events.push({ t: run.startMs, emit: (out) => lines.forEach((l) => out(line(pod, run.startMs + l.afterMs, 'INFO', l.body))) });
    }
    if (Number.isFinite(pod.endMs)) events.push({ t: pod.endMs - 1_000, emit: (out) => out(line(pod, pod.endMs - 1_000, 'INFO', `Received SIGTERM, shutting down ${pod.owner} gracefully`)) });
  }
  events.sort((a, b) => a.t - b.t);
  let next = 0;

  return {
    emit(fromMs, out) {
      const toMs = fromMs + 1000;
      while (next < events.length && events[next]!.t < toMs) {
        if (events[next]!.t >= fromMs) events[next]!.emit(out);
        next++;
      }
      for (const pod of fleet.pods) {
        if (pod.readyMs > fromMs || fromMs >= pod.endMs || outageAt(pod, fromMs)) continue;
        const noise = noiseLine(kindOf.get(pod.owner) as Parameters<typeof noiseLine>[0], rng);
        if (noise) out(line(pod, fromMs + rng.next() * 1000, noise.severity, noise.body));
      }
      for (const e of effects) {
        if (fromMs < e.startMs || fromMs >= e.endMs) continue;
        for (const pod of fleet.podsOf(e.target)) {
          if (!e.affects(pod) || pod.createdMs > fromMs || fromMs >= pod.endMs) continue;
          for (const l of e.podLogs(pod, fromMs, toMs, rng)) out(line(pod, l.tMs, l.severity, l.body, l.exceptionType ?? ''));
        }
      }
    },
  };
}
