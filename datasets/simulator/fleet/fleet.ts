/**
 * The pods of a case: created from the topology, replaced by rollouts
 * (harmless deploys, a bad deploy and its rollback), and interrupted by the
 * outages faults cause. Also answers where a request lands: Kubernetes
 * spreads requests over ready pods, and stops sending to a pod about five
 * seconds after it stops answering (readiness probe); until then, and when
 * no pod is left, connections are refused.
 */
import type { Rng } from '../prng.ts';
import type { BackingSpec, HostSpec, ServiceSpec, SystemTopology } from '../topology/types.ts';
import { outageAt, podNamePart, uuidFromHex, type ContainerRun, type Outage, type OwnerKind, type PodInstance } from './pods.ts';

/** A new version rolled out to every pod of `owner`, one pod after another, from `atMs`. */
export interface Rollout {
  readonly owner: string;
  readonly atMs: number;
  readonly version: string;
  readonly reason: 'deploy' | 'bad-deploy' | 'rollback';
}

export interface Fleet {
  readonly pods: readonly PodInstance[];
  podsOf(owner: string): readonly PodInstance[];
  /**
   * The pod a new connection to `owner` reaches at `t`: `pod` null when no
   * pod exists; `refused` when the pod reached does not answer.
   */
  route(owner: string, t: number, rng: Rng): { pod: PodInstance | null; refused: boolean };
  /** Earliest time >= t at which some pod of `owner` serves (Infinity if none will). */
  nextServing(owner: string, t: number): number;
}

/** Delay between a process dying and its pod leaving the Service endpoints. */
const ENDPOINT_REMOVAL_MS = 5_000;
/** Time between replacing one replica and the next during a rollout. */
const ROLLOUT_STEP_MS = 30_000;

interface OwnerSpec {
  readonly name: string;
  readonly kind: OwnerKind;
  readonly replicas: number;
  readonly version: string;
  readonly cpuLimitCores: number;
  readonly cpuIdleCores: number;
  readonly memoryBytes: number;
  readonly memoryLimitBytes: number;
  readonly startupMs: number;
}

function ownerOfService(s: ServiceSpec): OwnerSpec {
  return {
    name: s.name,
    kind: 'service',
    replicas: s.pods,
    version: s.version,
    cpuLimitCores: s.cpuLimitCores,
    cpuIdleCores: s.cpuIdleCores,
    memoryBytes: s.memoryBytes,
    memoryLimitBytes: s.memoryLimitBytes,
    startupMs: s.language === 'java' ? 28_000 : s.language === 'dotnet' ? 9_000 : 4_000,
  };
}

function ownerOfBacking(b: BackingSpec): OwnerSpec {
  return {
    name: b.name,
    kind: b.kind,
    replicas: 1,
    version: b.version,
    cpuLimitCores: b.cpuLimitCores,
    cpuIdleCores: b.cpuIdleCores,
    memoryBytes: b.memoryBytes,
    memoryLimitBytes: b.memoryLimitBytes,
    startupMs: 6_000,
  };
}

/**
 * Builds every pod. `outagesOf` gives the outages faults cause to a pod
 * (called once per pod, after its lifetime is known).
 */
export function buildFleet(topology: SystemTopology, rng: Rng, rollouts: readonly Rollout[], outagesOf: (pod: PodInstance) => Outage[]): Fleet {
  const owners = [...topology.services.map(ownerOfService), ...topology.backing.map(ownerOfBacking)];
  const pods: PodInstance[] = [];
  const byOwner = new Map<string, PodInstance[]>();
  const hostLoad = new Map<string, number>(topology.hosts.map((h) => [h.name, 0] as const));
  const ipCount = new Map<string, number>();

  const pickHost = (): HostSpec => {
    // Least-loaded node, ties broken at random: roughly what the scheduler does for equal requests.
    const min = Math.min(...hostLoad.values());
    const host = rng.pick(topology.hosts.filter((h) => hostLoad.get(h.name) === min));
    hostLoad.set(host.name, min + 1);
    return host;
  };
  const podIp = (host: HostSpec): string => {
    const n = (ipCount.get(host.name) ?? 10) + 1 + rng.int(3);
    ipCount.set(host.name, n);
    return `10.244.${topology.hosts.indexOf(host) + 1}.${n}`;
  };

  for (const o of owners) {
    const list: PodInstance[] = [];
    const steps = rollouts.filter((r) => r.owner === o.name).sort((a, b) => a.atMs - b.atMs);
    const generations: Array<{ version: string; atMs: number }> = [{ version: o.version, atMs: -rng.range(3 * 3_600_000, 15 * 86_400_000) }, ...steps];
    for (let g = 0; g < generations.length; g++) {
      const gen = generations[g]!;
      const next = generations[g + 1];
      const hash = podNamePart(() => rng.next(), 10);
      for (let slot = 0; slot < o.replicas; slot++) {
        const createdMs = g === 0 ? gen.atMs - rng.range(0, 3_600_000) : gen.atMs + slot * ROLLOUT_STEP_MS;
        const readyMs = createdMs + o.startupMs * rng.range(0.8, 1.3);
        const nextCreated = next ? next.atMs + slot * ROLLOUT_STEP_MS : Infinity;
        const endMs = next ? nextCreated + o.startupMs * 1.3 + 1_000 : Infinity;
        const host = pickHost();
        const name = o.kind === 'service' || o.kind === 'database' ? `${o.name}-${hash}-${podNamePart(() => rng.next(), 5)}` : `${o.name}-${slot}`;
        const base = {
          key: `${o.name}#${g}.${slot}`,
          owner: o.name,
          ownerKind: o.kind,
          slot,
          generation: g,
          name,
          uid: uuidFromHex(rng.hex(16)),
          ip: podIp(host),
          host,
          version: gen.version,
          createdMs,
          readyMs,
          endMs,
          cpuLimitCores: o.cpuLimitCores,
          cpuIdleCores: o.cpuIdleCores * rng.range(0.8, 1.25),
          memoryBytes: Math.round(o.memoryBytes * rng.range(0.92, 1.08)),
          memoryLimitBytes: o.memoryLimitBytes,
          outages: [] as Outage[],
          runs: [] as ContainerRun[],
        };
        const outages = outagesOf(base).filter((x) => x.toMs > createdMs && x.fromMs < endMs);
        const pod: PodInstance = { ...base, outages, runs: containerRuns(base.createdMs, outages, rng) };
        list.push(pod);
        pods.push(pod);
      }
    }
    byOwner.set(o.name, list);
  }

  const none: readonly PodInstance[] = [];
  return {
    pods,
    podsOf: (owner) => byOwner.get(owner) ?? none,
    route(owner, t, r) {
      const list = byOwner.get(owner) ?? none;
      let live = 0;
      let serving = 0;
      for (const p of list) {
        if (p.readyMs > t || t >= p.endMs) continue;
        live++;
        const out = outageAt(p, t);
        if (!out || t - out.fromMs < ENDPOINT_REMOVAL_MS) serving++;
      }
      if (live === 0) return { pod: null, refused: true };
      // Pods still in the endpoints: serving ones and ones that died less than ENDPOINT_REMOVAL_MS ago.
      let k = r.int(serving > 0 ? serving : live);
      for (const p of list) {
        if (p.readyMs > t || t >= p.endMs) continue;
        const out = outageAt(p, t);
        const inEndpoints = !out || t - out.fromMs < ENDPOINT_REMOVAL_MS;
        if (serving > 0 && !inEndpoints) continue;
        if (k-- === 0) return { pod: p, refused: out !== null };
      }
      return { pod: null, refused: true };
    },
    nextServing(owner, t) {
      let best = Infinity;
      for (const p of byOwner.get(owner) ?? none) {
        if (t >= p.endMs) continue;
        let at = Math.max(t, p.readyMs);
        const out = outageAt(p, at);
        if (out) at = out.toMs;
        if (at < p.endMs) best = Math.min(best, at);
      }
      return best;
    },
  };
}

function containerRuns(createdMs: number, outages: readonly Outage[], rng: Rng): ContainerRun[] {
  const starts: Array<{ start: number; end: number }> = [];
  let current = createdMs;
  for (const o of outages) {
    starts.push({ start: current, end: o.fromMs });
    for (let i = 0; i < o.restartsAtMs.length; i++) {
      const r = o.restartsAtMs[i]!;
      starts.push({ start: r, end: o.restartsAtMs[i + 1] ?? o.toMs });
    }
    current = o.toMs;
  }
  starts.push({ start: current, end: Infinity });
  return starts.map((s, i) => ({ startMs: s.start, endMs: s.end, containerId: rng.hex(32), restartCount: i }));
}
