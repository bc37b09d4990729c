/**
 * Defaults shared by the fault effects: most faults cause no outage, bring
 * no rollout and write no logs of their own, and hit every pod of their
 * target. `ramp` models effects that build up over a few seconds instead
 * of switching on in one step.
 */
import type { Outage, PodInstance } from '../fleet/pods.ts';
import type { Condition, FaultContext, FaultEffect, FaultModel, PodLogLine } from './types.ts';
import type { Rng } from '../prng.ts';
import type { Rollout } from '../fleet/fleet.ts';

export interface EffectParts {
  readonly affects?: (pod: PodInstance) => boolean;
  readonly apply: (pod: PodInstance, t: number, c: Condition) => void;
  readonly outages?: (pod: PodInstance) => Outage[];
  readonly rollouts?: readonly Rollout[];
  readonly podLogs?: (pod: PodInstance, fromMs: number, toMs: number, rng: Rng) => PodLogLine[];
}

export function makeEffect(model: FaultModel, ctx: FaultContext, parts: EffectParts): FaultEffect {
  return {
    type: model.type,
    indicator: model.indicator,
    target: ctx.target,
    startMs: ctx.startMs,
    endMs: ctx.endMs,
    affects: parts.affects ?? ((pod) => pod.owner === ctx.target),
    apply: parts.apply,
    outages: parts.outages ?? (() => []),
    rollouts: parts.rollouts ?? [],
    podLogs: parts.podLogs ?? (() => []),
  };
}

/** 0 at the fault start, 1 after `rampMs`. */
export function ramp(elapsedMs: number, rampMs: number): number {
  return elapsedMs <= 0 ? 0 : elapsedMs >= rampMs ? 1 : elapsedMs / rampMs;
}

/** A slow deterministic wobble in [-1, 1] so that effects are not perfectly flat. */
export function wobble(t: number, periodMs: number, phase: number): number {
  return Math.sin((2 * Math.PI * t) / periodMs + phase);
}

/** Times in [fromMs, toMs) at which something recurring every ~`everyMs` happens (jittered, deterministic for the rng). */
export function everyInRange(fromMs: number, toMs: number, everyMs: number, rng: Rng): number[] {
  const out: number[] = [];
  const span = toMs - fromMs;
  const n = rng.poisson(span / everyMs);
  for (let i = 0; i < n; i++) out.push(fromMs + rng.next() * span);
  return out.sort((a, b) => a - b);
}
