/**
 * The condition of any pod at any time: the neutral condition combined with
 * every fault effect that is active and affects the pod. Pods no fault
 * touches get one shared neutral object, so the common case allocates
 * nothing; callers must treat the result as read-only.
 */
import type { PodInstance } from '../fleet/pods.ts';
import { neutralCondition, type Condition, type FaultEffect } from './types.ts';

export interface Conditions {
  at(pod: PodInstance, t: number): Readonly<Condition>;
}

/** Bad-deploy pods keep their version until the rollback replaces them, so effects may outlast the fault's end. */
const ROLLBACK_GRACE_MS = 5 * 60_000;

export function createConditions(effects: readonly FaultEffect[]): Conditions {
  const neutral: Readonly<Condition> = Object.freeze(neutralCondition());
  return {
    at(pod, t) {
      let c: Condition | null = null;
      for (const e of effects) {
        const until = e.rollouts.length > 0 ? e.endMs + ROLLBACK_GRACE_MS : e.endMs;
        if (t < e.startMs || t >= until || !e.affects(pod)) continue;
        c ??= neutralCondition();
        e.apply(pod, t, c);
      }
      return c ?? neutral;
    },
  };
}
