/**
 * The collector agent on each Kubernetes node, one metrics request per
 * scrape: hostmetrics for the node (system.cpu.utilization,
 * system.memory.*, system.filesystem.*, system.network.*, load average),
 * kubeletstats for every pod on it (k8s.pod.* and container.*), the k8s
 * cluster receiver's restart count, and the receivers of the databases and
 * brokers that run there.
 *
 * Kinds follow the receivers: utilizations and usages are gauges, byte and
 * error counters are cumulative monotonic sums, memory and filesystem usage
 * by state are non-monotonic sums.
 */
import type { Fleet } from '../fleet/fleet.ts';
import type { PodInstance } from '../fleet/pods.ts';
import type { Rng } from '../prng.ts';
import type { HostSpec } from '../topology/types.ts';
import type { BackingMetrics } from './backing-metrics.ts';
import { gauge, sum } from './metric-encoding.ts';
import { str, type KeyValue } from './otlp.ts';
import type { PodSample, PodSampler } from './pod-sampler.ts';
import type { ResourceCache } from './resources.ts';
import { METRIC_SCOPES } from './scopes.ts';
import { GIB_BYTES } from './units.ts';

export interface NodeAgent {
  /** The node's metrics request at `t`; null when nothing runs there. */
  scrape(host: HostSpec, t: number): object | null;
}

export interface NodeAgentOptions {
  readonly fleet: Fleet;
  readonly sampler: PodSampler;
  readonly resources: ResourceCache;
  readonly backing: BackingMetrics;
  readonly nanos: (t: number) => string;
  readonly rng: Rng;
}

const ETH = str('interface', 'eth0');
const RX = str('direction', 'receive');
const TX = str('direction', 'transmit');
const FS_ATTRS: readonly KeyValue[] = [str('device', '/dev/nvme0n1p1'), str('mountpoint', '/'), str('type', 'ext4'), str('mode', 'rw')];
/** Nodes booted a month before the epoch base. */
const BOOT_MS = -30 * 86_400_000;

export function createNodeAgent(o: NodeAgentOptions): NodeAgent {
  const podsByHost = new Map<string, PodInstance[]>();
  for (const p of o.fleet.pods) {
    const list = podsByHost.get(p.host.name) ?? [];
    list.push(p);
    podsByHost.set(p.host.name, list);
  }
  const hostLast = new Map<string, { load: number }>();

  return {
    scrape(host, t) {
      const pods = (podsByHost.get(host.name) ?? []).filter((p) => p.createdMs <= t && t < p.endMs);
      if (pods.length === 0) return null;
      const now = o.nanos(t);
      const samples = pods.map((p) => o.sampler.sample(p, t));
      const resourceMetrics: object[] = [hostMetrics(host, samples, t, now)];
      for (const s of samples) {
        resourceMetrics.push({ resource: o.resources.pod(s.pod), scopeMetrics: [{ scope: METRIC_SCOPES.kubeletstats, metrics: podMetrics(s, o.nanos(Math.max(0, s.pod.createdMs)), now) }] });
        if (s.run) {
          resourceMetrics.push({
            resource: o.resources.container(s.pod),
            scopeMetrics: [
              {
                scope: METRIC_SCOPES.kubeletstats,
                metrics: [gauge('container.memory.usage', 'By', now, [{ attributes: [], value: s.memUsageBytes, integer: true }])],
              },
              { scope: METRIC_SCOPES.k8sCluster, metrics: [gauge('k8s.container.restarts', '{restart}', now, [{ attributes: [], value: s.run.restartCount, integer: true }])] },
            ],
          });
        }
        if (s.pod.ownerKind !== 'service' && s.serving) resourceMetrics.push(...o.backing.scrape(s.pod, t));
      }
      return { resourceMetrics };
    },
  };

  function hostMetrics(host: HostSpec, samples: readonly PodSample[], t: number, now: string): object {
    const rng = o.rng;
    const boot = o.nanos(BOOT_MS);
    // Counters are totals since the window start (the agent's view), so they start there.
    const counted = o.nanos(0);
    const podCores = samples.reduce((a, s) => a + s.cpuCores, 0);
    const used = Math.min(0.99, (podCores + 0.12 + 0.02 * rng.next()) / host.cores);
    const wait = 0.004 + 0.01 * rng.next();
    const last = hostLast.get(host.name) ?? { load: podCores };
    const load = last.load * 0.85 + (podCores * 1.1 + 0.2) * 0.15;
    hostLast.set(host.name, { load });
    const memUsed = 1.4 * GIB_BYTES + samples.reduce((a, s) => a + s.memUsageBytes, 0);
    const cached = host.memoryBytes * 0.2;
    const buffered = host.memoryBytes * 0.02;
    const free = Math.max(0, host.memoryBytes - memUsed - cached - buffered);
    const fsUsed = host.diskUsedBytes + samples.reduce((a, s) => a + s.fsUsageBytes, 0);
    const fsReserved = host.diskBytes * 0.05;
    const fsFree = Math.max(0, host.diskBytes - fsUsed - fsReserved);
    const rx = samples.reduce((a, s) => a + s.rxBytes, 0);
    const tx = samples.reduce((a, s) => a + s.txBytes, 0);
    const rxErr = samples.reduce((a, s) => a + s.rxErrors, 0);
    const txErr = samples.reduce((a, s) => a + s.txErrors, 0);
    const state = (v: string) => [str('state', v)];
    const dev = str('device', 'eth0');
    return {
      resource: o.resources.host(host),
      scopeMetrics: [
        {
          scope: METRIC_SCOPES.hostCpu,
          metrics: [
            gauge('system.cpu.utilization', '1', now, [
              { attributes: state('user'), value: used * 0.72 },
              { attributes: state('system'), value: used * 0.26 },
              { attributes: state('wait'), value: wait },
              { attributes: state('idle'), value: Math.max(0, 1 - used - wait) },
            ]),
          ],
        },
        { scope: METRIC_SCOPES.hostLoad, metrics: [gauge('system.cpu.load_average.1m', '{thread}', now, [{ attributes: [], value: load }])] },
        {
          scope: METRIC_SCOPES.hostMemory,
          metrics: [
            sum('system.memory.usage', 'By', boot, now, false, [
              { attributes: state('used'), value: memUsed, integer: true },
              { attributes: state('free'), value: free, integer: true },
              { attributes: state('cached'), value: cached, integer: true },
              { attributes: state('buffered'), value: buffered, integer: true },
            ]),
            gauge('system.memory.utilization', '1', now, [
              { attributes: state('used'), value: memUsed / host.memoryBytes },
              { attributes: state('free'), value: free / host.memoryBytes },
              { attributes: state('cached'), value: cached / host.memoryBytes },
            ]),
          ],
        },
        {
          scope: METRIC_SCOPES.hostFilesystem,
          metrics: [
            sum('system.filesystem.usage', 'By', boot, now, false, [
              { attributes: [...FS_ATTRS, str('state', 'used')], value: fsUsed, integer: true },
              { attributes: [...FS_ATTRS, str('state', 'free')], value: fsFree, integer: true },
              { attributes: [...FS_ATTRS, str('state', 'reserved')], value: fsReserved, integer: true },
            ]),
            gauge('system.filesystem.utilization', '1', now, [{ attributes: FS_ATTRS, value: fsUsed / (host.diskBytes - fsReserved) }]),
          ],
        },
        {
          scope: METRIC_SCOPES.hostNetwork,
          metrics: [
            sum('system.network.io', 'By', counted, now, true, [
              { attributes: [dev, RX], value: rx + t * 2_000, integer: true },
              { attributes: [dev, TX], value: tx + t * 1_500, integer: true },
            ]),
            sum('system.network.errors', '{errors}', counted, now, true, [
              { attributes: [dev, RX], value: rxErr, integer: true },
              { attributes: [dev, TX], value: txErr, integer: true },
            ]),
          ],
        },
      ],
    };
  }
}

function podMetrics(s: PodSample, start: string, now: string): object[] {
  return [
    gauge('k8s.pod.cpu.usage', '{cpu}', now, [{ attributes: [], value: s.cpuCores }]),
    gauge('k8s.pod.cpu_limit_utilization', '1', now, [{ attributes: [], value: s.cpuCores / s.pod.cpuLimitCores }]),
    gauge('k8s.pod.memory.working_set', 'By', now, [{ attributes: [], value: s.memWorkingSetBytes, integer: true }]),
    gauge('k8s.pod.filesystem.usage', 'By', now, [{ attributes: [], value: s.fsUsageBytes, integer: true }]),
    sum('k8s.pod.network.io', 'By', start, now, true, [
      { attributes: [ETH, RX], value: s.rxBytes, integer: true },
      { attributes: [ETH, TX], value: s.txBytes, integer: true },
    ]),
    sum('k8s.pod.network.errors', '{errors}', start, now, true, [
      { attributes: [ETH, RX], value: s.rxErrors, integer: true },
      { attributes: [ETH, TX], value: s.txErrors, integer: true },
    ]),
  ];
}
