/**
 * Incremental evaluation of one log count rule ("more than `countAbove`
 * matching records within `windowSeconds`") per service, on a fixed
 * epoch-aligned grid of `stepSeconds`, with Prometheus alerting-rule timing
 * as the static threshold detector has it (static-threshold.ts): the
 * condition must hold for `forSeconds` before the rule fires, and a firing
 * rule stays firing for `keepFiringForSeconds` after the condition clears.
 *
 * At the end of bucket b the condition is "the buckets b - W + 1 .. b hold
 * more than `countAbove` records" (W = window / step). A bucket is evaluated
 * once, as soon as the evaluation reaches its end, whatever the windows the
 * counts arrived in: cutting the same data into other windows evaluates the
 * same buckets with the same counts and fires the same alerts.
 *
 * A firing is reported once, when it fires; its onset is the start of the
 * bucket where the condition began to hold, so with `forSeconds` it lies
 * that long before the firing.
 */
import type { RuleBucketCount } from './read-log-counts.ts';

export interface CountRuleTiming {
  readonly windowSeconds: number;
  readonly countAbove: number;
  readonly forSeconds: number;
  readonly keepFiringForSeconds: number;
}

export interface RuleFiring {
  readonly service: string;
  readonly onsetMillis: number;
  readonly firedAtMillis: number;
  /** Records in the window at the firing. */
  readonly count: number;
  /** The newest sample body in the window at the firing. */
  readonly sample: string;
}

export interface CountRuleTracker {
  /** Adds counts; buckets already evaluated are ignored (they arrived too late to count). */
  add(counts: readonly RuleBucketCount[]): void;
  /** Evaluates each bucket ending at or before `toMillis` not evaluated yet, oldest first; returns the firings. */
  evaluate(toMillis: number): RuleFiring[];
}

interface ServiceState {
  readonly counts: Map<number, { count: number; sample: string }>;
  activeFrom: number | undefined;
  fired: boolean;
  clearedAt: number | undefined;
}

export function createCountRuleTracker(timing: CountRuleTiming, stepSeconds: number): CountRuleTracker {
  if (!(stepSeconds > 0) || !(timing.windowSeconds > 0) || timing.forSeconds < 0 || timing.keepFiringForSeconds < 0) {
    throw new RangeError('count rule: stepSeconds and windowSeconds > 0, forSeconds and keepFiringForSeconds >= 0');
  }
  const stepMillis = stepSeconds * 1000;
  const window = Math.max(1, Math.round(timing.windowSeconds / stepSeconds));
  const forBuckets = timing.forSeconds / stepSeconds;
  const keepBuckets = timing.keepFiringForSeconds / stepSeconds;
  const services = new Map<string, ServiceState>();
  /** First bucket not evaluated yet; undefined before the first counts or evaluation. */
  let next: number | undefined;

  const stateOf = (service: string): ServiceState => {
    let s = services.get(service);
    if (!s) {
      s = { counts: new Map(), activeFrom: undefined, fired: false, clearedAt: undefined };
      services.set(service, s);
    }
    return s;
  };

  function evaluateBucket(service: string, s: ServiceState, b: number): RuleFiring | undefined {
    let count = 0;
    let sample = '';
    for (let i = b - window + 1; i <= b; i++) {
      const c = s.counts.get(i);
      if (!c) continue;
      count += c.count;
      sample = c.sample;
    }
    s.counts.delete(b - window + 1); // no later bucket's window reaches it
    if (count > timing.countAbove) {
      s.activeFrom ??= b;
      s.clearedAt = undefined;
      if (!s.fired && b - s.activeFrom >= forBuckets) {
        s.fired = true;
        return { service, onsetMillis: s.activeFrom * stepMillis, firedAtMillis: b * stepMillis, count, sample };
      }
      return undefined;
    }
    if (!s.fired) {
      s.activeFrom = undefined; // a pending alert is dropped
      return undefined;
    }
    s.clearedAt ??= b;
    if (b - s.clearedAt >= keepBuckets) {
      s.activeFrom = s.clearedAt = undefined;
      s.fired = false;
    }
    return undefined;
  }

  return {
    add(counts) {
      for (const c of counts) {
        if (next !== undefined && c.bucket < next) continue;
        next ??= c.bucket;
        const s = stateOf(c.service);
        const had = s.counts.get(c.bucket);
        // Within one bucket the earliest sample wins: the order windows arrive in must not matter.
        s.counts.set(c.bucket, { count: (had?.count ?? 0) + c.count, sample: had?.sample ?? c.sample });
      }
    },
    evaluate(toMillis) {
      const end = Math.floor(toMillis / stepMillis); // buckets < end have closed
      next ??= end;
      const out: RuleFiring[] = [];
      const names = [...services.keys()].sort();
      for (; next < end; next++) {
        for (const name of names) {
          const firing = evaluateBucket(name, services.get(name)!, next);
          if (firing) out.push(firing);
        }
      }
      for (const name of names) {
        const s = services.get(name)!;
        if (s.counts.size === 0 && s.activeFrom === undefined) services.delete(name);
      }
      return out;
    },
  };
}
