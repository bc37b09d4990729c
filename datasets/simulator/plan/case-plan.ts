/**
 * Plans one case: its window, its faults (type, target, timing, parameters),
 * harmless deploys, traffic bursts, and the truth that goes to case.json.
 *
 * Everything is drawn from the case seed `<seed>|<system>|<index>`, which
 * does not include the case kind: a control case and a fault case with the
 * same index share their window, baseline traffic and deploys, and differ
 * only by the fault.
 */
import type { CaseTruth, FaultTruth } from '../../format/case-truth.ts';
import { EPOCH_BASE_MS, isoUtc, MINUTE_MS, SECOND_MS } from '../clock.ts';
import { nextPatchVersion } from './versions.ts';
import type { Rollout } from '../fleet/fleet.ts';
import { faultModel } from '../faults/registry.ts';
import { FAULT_TYPES, type FaultEffect, type FaultType } from '../faults/types.ts';
import { createRng, type Rng } from '../prng.ts';
import { buildCallGraph, type CallGraph } from '../topology/graph.ts';
import type { SystemTopology } from '../topology/types.ts';
import type { Burst } from '../traffic.ts';
import { faultWindow, planBursts } from './timing.ts';

export type CaseKind = FaultType | 'control' | 'two-fault';
export const CASE_KINDS: readonly CaseKind[] = [...FAULT_TYPES, 'control', 'two-fault'];

export interface CaseRequest {
  readonly system: SystemTopology;
  readonly kind: CaseKind;
  /** Position in the dataset: picks the day of the window and seeds the case. */
  readonly index: number;
  readonly seed: string;
  readonly minutes: number;
  /** Overrides the system's head-sampling ratio. */
  readonly traceSampleRatio?: number;
  /** Lower bound on every metrics interval (SDKs and node agents), for compact datasets; default none. */
  readonly minMetricsIntervalSeconds?: number;
  /** Put before the case id (`sock-shop-` in datasets mixing systems). */
  readonly idPrefix?: string;
  /** Pins the target of a single-fault case: any service (a database for slow-database), even one the planner would not pick. */
  readonly target?: string;
}

export interface CasePlan {
  readonly id: string;
  readonly system: SystemTopology;
  readonly graph: CallGraph;
  /** Epoch milliseconds, a whole minute. */
  readonly windowStartMs: number;
  readonly durationMs: number;
  readonly seed: string;
  readonly faults: readonly FaultEffect[];
  /** Harmless deploys plus the faults' own rollouts. */
  readonly rollouts: readonly Rollout[];
  readonly bursts: readonly Burst[];
  readonly traceSampleRatio: number;
  readonly minMetricsIntervalSeconds: number;
  readonly truth: CaseTruth;
}

export function planCase(req: CaseRequest): CasePlan {
  const { system } = req;
  const seed = `${req.seed}|${system.name}|${req.index}`;
  const rng = createRng(seed);
  const graph = buildCallGraph(system);
  const durationMs = Math.round(req.minutes * MINUTE_MS / SECOND_MS) * SECOND_MS;
  const windowStartMs = EPOCH_BASE_MS + req.index * 86_400_000 + rng.int(96) * 15 * MINUTE_MS;
  const window = faultWindow(durationMs, rng.fork('timing'));

  const faultRng = rng.fork(`faults:${req.kind}`);
  const placements = placeFaults(req.kind, system, graph, faultRng, req.target);
  const faults = placements.map((p, i) => {
    const shift = i === 0 ? 0 : Math.round(faultRng.range(0, 60)) * SECOND_MS;
    return faultModel(p.type).create({
      topology: system,
      graph,
      target: p.target,
      startMs: window.startMs + shift,
      endMs: Math.min(durationMs - 30 * SECOND_MS, window.endMs + shift),
      rng: faultRng.fork(`effect:${i}`),
    });
  });

  const targets = new Set(faults.map((f) => f.target));
  const rollouts: Rollout[] = [...harmlessDeploys(system, durationMs, targets, rng.fork('deploys')), ...faults.flatMap((f) => f.rollouts)];
  const id = `${req.idPrefix ?? ''}${caseId(req.index, req.kind, faults)}`;
  const truthFaults: FaultTruth[] = faults.map((f) => ({
    service: f.target,
    indicator: f.indicator,
    type: f.type,
    start: isoUtc(windowStartMs + f.startMs),
    end: isoUtc(windowStartMs + f.endMs),
  }));
  return {
    id,
    system,
    graph,
    windowStartMs,
    durationMs,
    seed,
    faults,
    rollouts,
    bursts: planBursts(durationMs, rng.fork('bursts')),
    traceSampleRatio: req.traceSampleRatio ?? system.traceSampleRatio,
    minMetricsIntervalSeconds: req.minMetricsIntervalSeconds ?? 0,
    truth: {
      version: 1,
      id,
      system: system.name,
      window: { start: isoUtc(windowStartMs), end: isoUtc(windowStartMs + durationMs) },
      faults: truthFaults,
    },
  };
}

interface Placement {
  readonly type: FaultType;
  readonly target: string;
}

function placeFaults(kind: CaseKind, system: SystemTopology, graph: CallGraph, rng: Rng, pinned: string | undefined): Placement[] {
  if (kind === 'control') return [];
  if (kind !== 'two-fault') {
    const targets = faultModel(kind).targets(system, graph);
    if (targets.length === 0) throw new Error(`no target for ${kind} in ${system.name}`);
    // A pinned target skips the suitability filter, but must be something the fault acts on.
    const databases = system.backing.filter((b) => b.kind === 'database').map((b) => b.name);
    const kinds = kind === 'slow-database' ? databases : system.services.map((s) => s.name);
    if (pinned !== undefined && !kinds.includes(pinned)) throw new Error(`${pinned} cannot carry ${kind} in ${system.name}`);
    const target = pickTarget(targets, graph, rng);
    return [{ type: kind, target: pinned ?? target }];
  }
  // Two independent faults in unrelated parts of the graph: neither target
  // reaches the other, and they share no direct caller (when possible).
  for (let attempt = 0; attempt < 200; attempt++) {
    const [a, b] = rng.shuffle(FAULT_TYPES);
    const first = pickTarget(faultModel(a!).targets(system, graph), graph, rng);
    const second = pickTarget(faultModel(b!).targets(system, graph), graph, rng);
    if (first === second || graph.downstream(first).has(second) || graph.upstream(first).has(second)) continue;
    const shared = [...graph.callers(first)].some((c) => graph.callers(second).has(c));
    if (shared && attempt < 150) continue;
    return [
      { type: a!, target: first },
      { type: b!, target: second },
    ];
  }
  throw new Error(`no two unrelated fault targets in ${system.name}`);
}

/** Busier services are likelier targets (weight: square root of their load), as they are where incidents usually happen. */
function pickTarget(targets: readonly string[], graph: CallGraph, rng: Rng): string {
  return rng.weighted(targets, (t) => Math.sqrt(graph.nodeLoad(t)));
}

/** Half the cases see a routine deploy (a new patch version, same behaviour), a few see two; never on a fault target. */
function harmlessDeploys(system: SystemTopology, durationMs: number, exclude: ReadonlySet<string>, rng: Rng): Rollout[] {
  const count = rng.chance(0.5) ? (rng.chance(0.3) ? 2 : 1) : 0;
  const candidates = system.services.filter((s) => !exclude.has(s.name) && s.language !== 'nginx');
  const out: Rollout[] = [];
  for (const svc of rng.shuffle(candidates).slice(0, count)) {
    const atMs = Math.round(rng.range(2 * MINUTE_MS, Math.max(2 * MINUTE_MS + 1, durationMs - 3 * MINUTE_MS)) / SECOND_MS) * SECOND_MS;
    out.push({ owner: svc.name, atMs, version: nextPatchVersion(svc.version), reason: 'deploy' });
  }
  return out;
}

/** `007-cpu-hog-carts`, `010-two-fault-carts-user`, `009-control`. */
function caseId(index: number, kind: CaseKind, faults: readonly FaultEffect[]): string {
  const n = String(index).padStart(3, '0');
  return faults.length === 0 ? `${n}-${kind}` : `${n}-${kind}-${faults.map((f) => f.target).join('-')}`;
}
