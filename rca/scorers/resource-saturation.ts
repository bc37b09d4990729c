/**
 * Resource saturation: did the candidate (or a pod or host it runs on, when
 * the frame has their signals) run out of CPU, memory, disk or network?
 *
 * Per resource series: the lasting shift after the onset (the scaled
 * deviation of the median after it, log-compressed as in change-magnitude),
 * raised by how close a utilisation came to its limit (1 = 100 %) and, for
 * memory and disk, by how steadily it kept climbing (a leak or a filling
 * disk). A spike that passes does not saturate anything; a level that
 * stays up does. The candidate's score is its most saturated series.
 *
 * Memory that rose and then had its container restarted (a rising restart
 * count after the onset) ran out: the process was killed at its peak, and
 * the restart reset the level, so the median after the onset says little.
 * Such a series is judged on its peak before the restart, at full
 * saturation.
 *
 * Memory (in bytes) that grew a lot (see below) and then fell after the
 * onset to at most `memoryResetShare` of its previous value was killed at
 * that level too, whether or not a restart count shows it yet: the count
 * is scraped on its own schedule, often a minute after the fall, and a
 * replaced pod starts a count of its own. A leak that began before the
 * incident leaves its whole climb in the baseline, so only the fall comes
 * after the onset, and the level after it is below the baseline. Such a
 * series scores 1: no process gives back nearly all its memory at once
 * unless it ended, and it ended where it had grown to. Memory that fell as
 * far before the onset too (a heap pool each collection empties) is not
 * taken.
 *
 * Load is not saturation. A CPU usage or a utilisation gets full credit
 * only for a rise of at least `minUtilizationRise` of a core or a limit,
 * less in proportion: 1.8 % to 2.0 % of a core is a large deviation from a
 * quiet baseline, but nothing ran out. Network throughput (bytes, packets)
 * has no known capacity, so a rise of it is more traffic and gets no
 * credit; its fall (a service that stopped talking, as in an outage) and
 * network trouble counters (errors, drops, retransmits) do. A fall that
 * came with the service's own request rate falling (at least
 * `lessLoadShare` of the throughput's fall, as a share of its level) is
 * less load too: callers failing or slowing upstream send fewer requests,
 * and every service below them talks less. Errors and dropped packets at
 * the candidate's own interface count as full (`interfaceTroubleFullness`),
 * as a utilisation at its limit does: they are the network failing there,
 * with nothing to fill up first. Retransmits and losses, which a peer's
 * trouble raises too, do not.
 *
 * A busy CPU next to memory that grew a lot (at least `grownMemoryFold`
 * times its baseline and by `grownMemoryBytes`) is blamed on the
 * memory: a leak keeps the CPU busy (allocation, garbage collection,
 * paging), while a CPU-bound process adds only its small working set (a
 * stress tool in a tiny service may still double its memory, by about
 * 10 MB), so of the two the memory says what broke. The score stays the
 * CPU's; only the indicator and the sentence change.
 *
 * Saturation that did not reach the service's answers (its latency, errors
 * and error logs did not move) is scaled down (impact.ts).
 *
 * Candidates without resource series get no score: the scorer has nothing
 * to say about them.
 */
import { ok } from '../../core/result.ts';
import { RESOURCE_INDICATORS, type SignalFrame, createRestartsDetector, isInterfaceTrouble, isNetworkTrouble } from '../../correlator/index.ts';
import type { AnalysisWindow } from '../analysis-window.ts';
import { type ProfileOptions, PROFILE_DEFAULTS, frameProfiles, instanceDeviations } from '../entity-profile.ts';
import { gateByImpact, responseImpact } from '../impact.ts';
import { describeDeviation, evidenceSeries, holdsBytes } from '../explain.ts';
import type { EntityScore, Scorer } from '../scorer.ts';
import type { Deviation } from '../series-deviation.ts';
import { clamp01, correlation, finiteSorted, quantile } from '../stats.ts';

export interface ResourceSaturationOptions {
  readonly profile: ProfileOptions;
  /** Utilisation (0..1) from which the level adds to the score; full credit at 1 (100 %). */
  readonly utilizationFrom: number;
  /** Evidence: buckets shown before and after the onset. */
  readonly evidenceBuckets: number;
  /** Saturation of a service whose answers did not change keeps this share of its score (impact.ts). */
  readonly impactFloor: number;
  /** Memory or disk whose values after the onset correlate with time at least this much is climbing (a leak, a filling disk). */
  readonly climbingCorrelation: number;
  /** Rise of a CPU usage (cores) or a utilisation (0..1) after the onset that gets full credit; smaller rises get their share of it. 0 turns this off. */
  readonly minUtilizationRise: number;
  /** A network throughput fall is less load when a request rate of the service fell by at least this share of the throughput's fall. 0 turns this off. */
  readonly lessLoadShare: number;
  /**
   * Memory (bytes) grew a lot when its level is at least this many times its
   * baseline and `grownMemoryBytes` above it. Grown memory after the onset
   * takes the blame from a CPU series that scored higher; grown memory that
   * fell (`memoryResetShare`) was killed (see the header). 0 turns both off.
   */
  readonly grownMemoryFold: number;
  readonly grownMemoryBytes: number;
  /** How full errors and dropped packets at the candidate's own interface count (as a utilisation's fullness, 0..1; see the header). */
  readonly interfaceTroubleFullness: number;
  /** Grown memory that fell after the onset to at most this share of its previous value was killed at that level (see the header). 0 turns this off. */
  readonly memoryResetShare: number;
}

export const RESOURCE_SATURATION_DEFAULTS: ResourceSaturationOptions = Object.freeze({ profile: PROFILE_DEFAULTS, utilizationFrom: 0.4, evidenceBuckets: 30, impactFloor: 0.5, climbingCorrelation: 0.8, minUtilizationRise: 0.05, lessLoadShare: 0.5, grownMemoryFold: 1.5, grownMemoryBytes: 64 * 1024 ** 2, interfaceTroubleFullness: 1, memoryResetShare: 0.25 });

export const RESOURCE_SATURATION = 'resource-saturation';


const isUtilization = (name: string) => /utili[sz]ation/i.test(name);

interface Judged {
  readonly deviation: Deviation;
  readonly score: number;
  readonly climbing: boolean;
  /** Memory killed at its level: reset by a container restart, or fallen to almost nothing after it grew (see the header). */
  readonly killed: boolean;
}

const RESTARTS = createRestartsDetector();

/** First bucket after the onset at which a restart count rose (the restarts detector's rises); undefined when none did. */
function firstRestart(deviations: readonly Deviation[], window: AnalysisWindow, frame: SignalFrame): number | undefined {
  let first: number | undefined;
  const stepMillis = frame.stepSeconds * 1000;
  for (const d of deviations) {
    for (const rise of RESTARTS.detect({ ...d.series, fromMillis: frame.fromMillis, stepSeconds: frame.stepSeconds })) {
      const bucket = Math.round((rise.onsetMillis - frame.fromMillis) / stepMillis);
      if (bucket >= window.onset && bucket < window.end && (first === undefined || bucket < first)) first = bucket;
    }
  }
  return first;
}

/** How full a utilisation got after the onset (its 90th percentile): 0 up to `from`, 1 at the limit. */
function fullness(d: Deviation, window: AnalysisWindow, from: number): number {
  if (!isUtilization(d.series.name)) return 0;
  const high = quantile(finiteSorted(d.series.values, window.onset, window.end), 0.9);
  if (!Number.isFinite(high)) return 0;
  return clamp01((high - from) / (1 - from));
}

/** Share of `minRise` by which a CPU usage or a utilisation rose after the onset (its level after against its baseline's median); 1 for other series. */
function headroomUsed(d: Deviation, minRise: number): number {
  if (!(minRise > 0) || !(d.series.indicator === 'cpu' || isUtilization(d.series.name))) return 1;
  return clamp01((d.afterLevel - d.baseline) / minRise);
}

/** More network traffic after the onset: load, not saturation (see the header). */
const isThroughputRise = (d: Deviation) => d.series.indicator === 'net' && !isNetworkTrouble(d.series) && d.afterLevel > d.baseline;

/** Share of its baseline level a series lost after the onset; 0 when it did not fall. */
const fallShare = (d: Deviation) => (d.baseline > 0 ? clamp01(1 - d.afterLevel / d.baseline) : 0);

/** Less network traffic because fewer requests came in (see the header). */
function isLessLoad(d: Deviation, requestRates: readonly Deviation[], share: number): boolean {
  if (!(share > 0) || d.series.indicator !== 'net' || isNetworkTrouble(d.series) || !(d.afterLevel < d.baseline)) return false;
  const fell = fallShare(d);
  return requestRates.some((r) => fallShare(r) >= share * fell);
}

/** How steadily the series climbed after the onset (Pearson r of value and time), 0 when it did not. */
function climb(d: Deviation, window: AnalysisWindow): number {
  if (d.series.indicator !== 'mem' && d.series.indicator !== 'disk') return 0;
  const time = new Float64Array(d.series.values.length).map((_, i) => i);
  const r = correlation(d.series.values, time, window.onset, window.end, 5);
  return Number.isFinite(r) ? Math.max(0, r) : 0;
}

/** Memory in bytes at `level` grew a lot against its baseline (see `grownMemoryFold`); false when that rule is off. */
function hasGrown(d: Deviation, level: number, options: ResourceSaturationOptions): boolean {
  const fold = options.grownMemoryFold;
  return fold > 0 && d.series.indicator === 'mem' && holdsBytes(d.series) && d.baseline > 0 && level >= fold * d.baseline && level - d.baseline >= options.grownMemoryBytes;
}

/**
 * The grown level memory fell from after the onset, the process killed
 * there (see the header); undefined when it did not fall so, or when it
 * fell as far before the onset: memory that drops that way as a rule (a
 * heap pool emptied by each collection) says nothing by dropping again.
 */
function killedLevel(d: Deviation, window: AnalysisWindow, options: ResourceSaturationOptions): number | undefined {
  if (!(options.memoryResetShare > 0) || d.series.indicator !== 'mem') return undefined;
  const values = d.series.values;
  let previous = NaN;
  for (let i = window.baselineFrom; i < window.end; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    const fell = v <= options.memoryResetShare * previous;
    if (fell && i < window.onset) return undefined;
    if (fell && hasGrown(d, previous, options)) return previous;
    previous = v;
  }
  return undefined;
}

function judge(d: Deviation, window: AnalysisWindow, options: ResourceSaturationOptions, largest: number, restart: number | undefined, requestRates: readonly Deviation[]): Judged {
  const compress = (deviation: number) => Math.min(1, Math.log1p(Math.min(largest, deviation)) / Math.log1p(largest));
  const steady = climb(d, window);
  const climbing = steady >= options.climbingCorrelation;
  const killedFrom = killedLevel(d, window, options);
  if (killedFrom !== undefined) {
    // Described from the level it was killed at: the values after the onset are the new process's.
    return { deviation: { ...d, peak: (killedFrom - d.baseline) / d.scale, peakValue: killedFrom }, score: 1, climbing, killed: true };
  }
  if (d.series.indicator === 'mem' && restart !== undefined && d.peakBucket <= restart && d.peak > d.sustained) {
    return { deviation: d, score: compress(d.peak), climbing, killed: true };
  }
  if (isThroughputRise(d) || isLessLoad(d, requestRates, options.lessLoadShare)) return { deviation: d, score: 0, climbing, killed: false };
  const full = isInterfaceTrouble(d.series) ? options.interfaceTroubleFullness : fullness(d, window, options.utilizationFrom);
  const score = compress(d.sustained) * (0.5 + 0.5 * Math.max(full, steady)) * headroomUsed(d, options.minUtilizationRise);
  return { deviation: d, score, climbing, killed: false };
}

/** The memory series behind a busy CPU (see the header): the highest-scoring one that grew enough; undefined when `top` is not CPU or none did. */
function memoryBehindCpu(top: Judged, judged: readonly Judged[], options: ResourceSaturationOptions): Judged | undefined {
  if (top.deviation.series.indicator !== 'cpu') return undefined;
  let found: Judged | undefined;
  for (const j of judged) {
    if (!(j.score > 0) || !hasGrown(j.deviation, j.deviation.afterLevel, options)) continue;
    if (found === undefined || j.score > found.score) found = j;
  }
  return found;
}

const placeOf = (entity: string, d: Deviation) => (d.series.entity === entity ? entity : `${entity} (on ${d.series.entity})`);

export function createResourceSaturationScorer(overrides: Partial<ResourceSaturationOptions> = {}): Scorer {
  const options = { ...RESOURCE_SATURATION_DEFAULTS, ...overrides };
  const largest = 1 / Math.max(options.profile.changeFloor, 1e-6);
  return {
    name: RESOURCE_SATURATION,
    async score(input) {
      const { frame, graph } = input.context;
      const { window, byEntity } = frameProfiles(input, options.profile);
      const out: EntityScore[] = [];
      for (const entity of input.candidates) {
        const places = [entity, ...(graph?.infrastructureOf(entity) ?? [])];
        const all = places.flatMap((p) => byEntity.get(p)?.deviations ?? []);
        const series = all.filter((d) => RESOURCE_INDICATORS.has(d.series.indicator));
        if (series.length === 0) continue;
        const impact = responseImpact(instanceDeviations(byEntity, graph, entity), largest);
        const restart = firstRestart(all, window, frame);
        const requestRates = all.filter((d) => d.series.indicator === 'traffic');
        const judged = series.map((d) => judge(d, window, options, largest, restart, requestRates));
        const top = judged.reduce((a, b) => (b.score > a.score ? b : a));
        const memory = memoryBehindCpu(top, judged, options);
        const best = memory ?? top;
        const d = best.deviation;
        const sentence = `${describeDeviation(placeOf(entity, d), d)}${best.killed ? ' until its container restarted' : best.climbing ? ' and kept climbing' : ''}`;
        const shown = memory ? [d, top.deviation] : [d];
        out.push({
          entity,
          indicator: d.series.indicator,
          score: gateByImpact(top.score, d.series.indicator, impact, options.impactFloor),
          explanation: memory ? `${sentence}, and ${describeDeviation(placeOf(entity, top.deviation), top.deviation)} with it` : sentence,
          evidence: { series: shown.map((s) => evidenceSeries(frame, s.series, window.onset - options.evidenceBuckets, window.onset + options.evidenceBuckets)) },
        });
      }
      return ok(out);
    },
  };
}
