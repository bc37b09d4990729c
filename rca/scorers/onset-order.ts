/**
 * Onset order: a fault starts somewhere and spreads, so the origin changes
 * first and the entities it affects change after it.
 *
 * With call edges, a fault spreads from callee to caller, through entities
 * that show it: paths run over anomalous entities only. An anomalous entity
 * is *blocked* when an anomalous entity downstream of it that shows a fault
 * changed no later than it did: that one is deeper and at least as early,
 * so the better origin. An entity *explains* the anomalous entities
 * upstream of it that changed no earlier than it. An unblocked entity
 * scores `1 - explainShare` plus `explainShare` times the share of the
 * other anomalous entities it explains (the deepest anomalous callee whose
 * callers all followed scores 1); a blocked one `blockedShare` times that
 * share; an entity whose only change is a drop in load scores 0.
 *
 * Without edges (metrics only) "downstream" is unknown, and correlation
 * stands in for the edges: an entity explains the anomalous entities whose
 * strongest series moves with its own (|Pearson r| >= `minCorrelation`
 * over the baseline and after periods) and changed no earlier; half the
 * score is for that share, half for how early it changed among all
 * anomalous entities.
 *
 * Onsets closer than `toleranceSeconds`, or than the sampling interval of
 * the coarser of the two series they came from, count as the same time.
 */
import type { Indicator, ServiceGraph } from '../../correlator/index.ts';
import type { AnalysisWindow } from '../analysis-window.ts';
import type { EntityProfile } from '../entity-profile.ts';
import { correlation } from '../stats.ts';

export interface OnsetOrderOptions {
  readonly toleranceSeconds: number;
  /** Without edges: onsets this much later than the earliest get no earliness credit. */
  readonly horizonSeconds: number;
  readonly minCorrelation: number;
  /** Share of an unblocked entity's score that depends on how many anomalous entities it explains (the rest is for being unblocked). */
  readonly explainShare: number;
  /** A blocked entity scores this share of its explained share. */
  readonly blockedShare: number;
  /** As in the profiles: the scaled deviation from which a series is anomalous. */
  readonly anomalousPeak: number;
}

export interface OrderFinding {
  readonly score: number;
  /** Anomalous entities it explains (upstream, or correlated without edges). */
  readonly explained: readonly string[];
  /** Median delay from its onset to theirs. */
  readonly leadSeconds: number;
  /** The indicator they mostly changed in. */
  readonly followerIndicator: Indicator | undefined;
  /** The deeper anomalous entity that changed no later than it (the first by name), if any. */
  readonly blockedBy: string | undefined;
}

/** Every node reachable from `start` over `next`, `start` excluded. */
function closure(start: string, next: (id: string) => string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length > 0) {
    for (const w of next(stack.pop()!)) {
      if (w === start || seen.has(w)) continue;
      seen.add(w);
      stack.push(w);
    }
  }
  return seen;
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function mostCommon(xs: Indicator[]): Indicator | undefined {
  const counts = new Map<Indicator, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
}

/** The indicator an entity's symptom shows in: its strongest series'. */
const symptomOf = (p: EntityProfile): Indicator | undefined => p.deviations[0]?.series.indicator ?? p.anomalies[0]?.indicator;

function finding(entity: string, explained: string[], blockedBy: string | undefined, onsets: ReadonlyMap<string, number>, profiles: ReadonlyMap<string, EntityProfile>, base: number): OrderFinding {
  const own = onsets.get(entity)!;
  return {
    score: base,
    explained,
    leadSeconds: median(explained.map((x) => (onsets.get(x)! - own) / 1000)),
    followerIndicator: mostCommon(explained.flatMap((x) => symptomOf(profiles.get(x)!) ?? [])),
    blockedBy,
  };
}

/**
 * Load indicators (traffic, network) move downstream as well as up: callees
 * of a failing service lose its traffic. An entity whose only change is a
 * drop in load is a consequence, not a fault: it neither blocks the caller
 * above it nor explains the anomalies of its callers. Everything else
 * (latency, errors, error logs, resources, code, and load that rose) shows
 * a fault that can spread to callers, and so does a process that stopped
 * reporting its metrics (spans may just stop being sampled; metrics stop
 * when the process is gone).
 */
const LOAD: ReadonlySet<Indicator> = new Set<Indicator>(['traffic', 'net']);

export function showsFault(p: EntityProfile, anomalousPeak: number): boolean {
  if (p.anomalies.some((a) => !LOAD.has(a.indicator) || a.direction === 'up')) return true;
  return p.deviations.some((d) => (d.silent ? d.series.source === 'metrics' : d.peak >= anomalousPeak && (!LOAD.has(d.series.indicator) || d.peakValue > d.baseline)));
}

/** How close two onsets must be to count as the same time: the tolerance, or the coarser of the two onsets' sampling. */
function onsetSlack(profiles: ReadonlyMap<string, EntityProfile>, options: OnsetOrderOptions): (a: string, b: string) => number {
  return (a, b) => Math.max(options.toleranceSeconds * 1000, profiles.get(a)?.onsetSlackMillis ?? 0, profiles.get(b)?.onsetSlackMillis ?? 0);
}

/** Onset order along call paths; entities not anomalous get no finding. */
export function orderAlongCalls(graph: ServiceGraph, candidates: readonly string[], profiles: ReadonlyMap<string, EntityProfile>, options: OnsetOrderOptions): Map<string, OrderFinding> {
  const slack = onsetSlack(profiles, options);
  const onsets = new Map<string, number>();
  for (const e of candidates) {
    const p = profiles.get(e);
    if (p?.anomalous && p.onsetMillis !== undefined) onsets.set(e, p.onsetMillis);
  }
  const anomalous = [...onsets.keys()];
  const faulty = new Set(anomalous.filter((e) => showsFault(profiles.get(e)!, options.anomalousPeak)));
  const out = new Map<string, OrderFinding>();
  for (const e of anomalous) {
    const own = onsets.get(e)!;
    // A fault spreads through entities that show it: paths run over anomalous entities only.
    const below = closure(e, (v) => graph.callees(v).filter((x) => onsets.has(x)));
    const above = closure(e, (v) => graph.callers(v).filter((x) => onsets.has(x)));
    const blockedBy = [...below].sort().find((d) => !above.has(d) && onsets.get(d)! <= own + slack(e, d) && faulty.has(d));
    const explained = faulty.has(e) ? [...above].filter((u) => onsets.get(u)! >= own - slack(e, u)).sort() : [];
    const share = anomalous.length > 1 ? explained.length / (anomalous.length - 1) : 1;
    const score = !faulty.has(e) ? 0 : blockedBy !== undefined ? options.blockedShare * share : 1 - options.explainShare + options.explainShare * share;
    out.set(e, finding(e, explained, blockedBy, onsets, profiles, score));
  }
  return out;
}

/** Onset order among entities whose signals move together (no edges to go by). */
export function orderByCorrelation(candidates: readonly string[], profiles: ReadonlyMap<string, EntityProfile>, window: AnalysisWindow, options: OnsetOrderOptions): Map<string, OrderFinding> {
  const slack = onsetSlack(profiles, options);
  const onsets = new Map<string, number>();
  for (const e of candidates) {
    const p = profiles.get(e);
    if (p?.anomalous && p.onsetMillis !== undefined && p.deviations.length > 0) onsets.set(e, p.onsetMillis);
  }
  const anomalous = [...onsets.keys()];
  if (anomalous.length === 0) return new Map();
  const earliest = Math.min(...onsets.values());
  const strongest = (e: string) => profiles.get(e)!.deviations[0]!.series.values;
  const out = new Map<string, OrderFinding>();
  for (const e of anomalous) {
    const own = onsets.get(e)!;
    const related = anomalous.filter((x) => x !== e && Math.abs(correlation(strongest(e), strongest(x), window.baselineFrom, window.end)) >= options.minCorrelation);
    const explained = related.filter((x) => onsets.get(x)! >= own - slack(e, x));
    const earliness = Math.max(0, 1 - (own - earliest) / (options.horizonSeconds * 1000));
    const share = related.length > 0 ? explained.length / related.length : 0;
    out.set(e, finding(e, explained, undefined, onsets, profiles, 0.5 * earliness + 0.5 * share));
  }
  return out;
}
