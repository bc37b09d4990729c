/**
 * Pods and container runs. A pod belongs to a service, database or broker
 * (its owner), lives from its creation until it is replaced by a rollout,
 * and runs one container at a time: every restart (an OOM kill, a crash)
 * starts a new container with a new container.id, which is also when
 * cumulative metrics restart from zero.
 *
 * Times are window-relative milliseconds; pods of the first generation were
 * created before the window (negative times).
 */
import type { HostSpec } from '../topology/types.ts';

/** A period in which the pod's process does not serve (killed, restarting, crash-looping). */
export interface Outage {
  readonly fromMs: number;
  readonly toMs: number;
  /** Short-lived container starts inside the outage (a crash loop); the container that starts at `toMs` stays up. */
  readonly restartsAtMs: readonly number[];
  /** Kubernetes' reason for the last termination: `OOMKilled`, `Error`. */
  readonly reason: string;
}

export interface ContainerRun {
  readonly startMs: number;
  /** When this container stopped (Infinity while it runs). */
  readonly endMs: number;
  readonly containerId: string;
  /** k8s restart count while this container runs. */
  readonly restartCount: number;
}

export type OwnerKind = 'service' | 'database' | 'broker';

export interface PodInstance {
  readonly key: string;
  readonly owner: string;
  readonly ownerKind: OwnerKind;
  /** Replica index; a rollout replaces slot i of one generation with slot i of the next. */
  readonly slot: number;
  readonly generation: number;
  readonly name: string;
  readonly uid: string;
  readonly ip: string;
  readonly host: HostSpec;
  readonly version: string;
  readonly createdMs: number;
  /** Receives traffic from here on (after start-up and the readiness probe). */
  readonly readyMs: number;
  /** Terminated (Infinity while running). */
  readonly endMs: number;
  readonly cpuLimitCores: number;
  readonly cpuIdleCores: number;
  /** This pod's steady working set (the owner's, varied a little per pod). */
  readonly memoryBytes: number;
  readonly memoryLimitBytes: number;
  /** Sorted, non-overlapping. */
  readonly outages: readonly Outage[];
  /** Sorted; the first starts at `createdMs`. */
  readonly runs: readonly ContainerRun[];
}

const POD_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Kubernetes-style random name part (`7d9f8b6c5d`, `x2k9p`). */
export function podNamePart(next: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += POD_ALPHABET[Math.floor(next() * POD_ALPHABET.length)];
  return out;
}

/** RFC 4122 version-4 layout from 16 random bytes given as hex. */
export function uuidFromHex(hex: string): string {
  const h = hex.padEnd(32, '0');
  const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The container run of `pod` at `t`, or null before it was created or after it ended. */
export function runAt(pod: PodInstance, t: number): ContainerRun | null {
  if (t < pod.createdMs || t >= pod.endMs) return null;
  for (let i = pod.runs.length - 1; i >= 0; i--) {
    const r = pod.runs[i]!;
    if (r.startMs <= t) return r;
  }
  return null;
}

/** The outage of `pod` covering `t`, or null when the process serves. */
export function outageAt(pod: PodInstance, t: number): Outage | null {
  for (const o of pod.outages) {
    if (t < o.fromMs) return null;
    if (t < o.toMs) return o;
  }
  return null;
}
