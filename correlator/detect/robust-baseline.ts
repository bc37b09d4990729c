/**
 * Robust baseline detector: a point is anomalous when its distance from the
 * expected value, in robust sigmas (1.4826 x MAD of a trailing window),
 * exceeds `k`; an anomaly is a run of at least `minPoints` such points in the
 * same direction (two when both are `strongFactor` times further out, the
 * second judged against the spread from before the run), so single spikes
 * do not page anyone. Buckets without data are skipped, not
 * counted as breaks: sparse metrics form runs of the buckets they fill.
 *
 * Expected value: the median of the trailing window. Once a whole period
 * (default one day) of history exists, the expected value becomes seasonal:
 * the median over past periods of the value at the same time of day (each a
 * median of a few neighbouring buckets, to absorb noise and small phase
 * jitter), plus the median residual of the trailing window (so a pattern that
 * is the same shape but a little higher this week is not anomalous). The
 * spread is then the MAD of those residuals.
 *
 * A run must be longer where beyond-k points are common. Three points
 * beyond 4 sigma are rare for noise near normal, but a heavy-tailed series
 * (a latency whose slowest requests are ten times the median now and then,
 * an error ratio that is zero but for one error in twenty requests every
 * few minutes) has such points in a few per cent of its buckets, and two or
 * three in a row by chance every hour across a fleet. So when a run starts,
 * the share r of the trailing window beyond k sigma on the run's side
 * (shrunk towards none: QUIET_PRIOR_POINTS) sets the points it needs: the
 * fewest, at least `minPoints`, whose chance r^n under independent buckets
 * is at most `runChance`; and the two-point rule
 * (`strongFactor`) holds only if the window's share beyond that many sigma
 * passes the same test for two points. A window with no such points keeps
 * the plain rules.
 *
 * Recovery is not a new anomaly: while an anomaly lasts the trailing window
 * fills with anomalous values, so the return to normal would look like a
 * change the other way. A run in the opposite direction that starts within one
 * window of the previous anomaly's end and lands back within k sigma of that
 * anomaly's baseline is therefore reported as nothing.
 *
 * Incremental form (`stream()`): each point is judged against the trailing
 * window before it, kept as a sliding window (sliding-window.ts), and runs
 * are followed point by point, so a series can be judged as it grows at a
 * cost per point that does not depend on its length. `detect` is that same
 * stream over the whole series. Seasonality reads back `maxPeriods` periods:
 * a stream fed a shorter history judges without it until the history holds
 * one period.
 */
import type { Indicator } from '../signals/signal-frame.ts';
import { allows, badDirection, bucketMillis, bucketsIn, severityOf, type Anomaly, type Detector, type Direction, type SeriesInput, type SeriesStream } from './anomaly.ts';
import { absoluteFloor } from './floors.ts';
import { defaultMinHistoryPoints, finiteSorted, quantileSorted, robustSigma } from './robust-stats.ts';
import { type SlidingWindow, createSlidingWindow } from './sliding-window.ts';

export interface RobustBaselineOptions {
  /** Trailing window for the median and MAD. Default 1800 (30 min). */
  readonly windowSeconds?: number;
  /** Robust z beyond which a point is anomalous. Default 4. */
  readonly k?: number;
  /** Consecutive anomalous points needed for an anomaly. Default 3. */
  readonly minPoints?: number;
  /**
   * Two consecutive points are enough when both are beyond this many times
   * `k` (default 8: 32 robust sigmas). A metric sampled every 30 s needs a
   * minute and a half for three points; CPU going from 2% to 50% is not
   * noise at its second sample. A single point is never enough.
   */
  readonly strongFactor?: number;
  /** Finite points the window needs before anything is judged. Default half the window, at most 20 and at least 5 (defaultMinHistoryPoints). */
  readonly minHistoryPoints?: number;
  /** Compare with the same time in past periods once one period of history exists. Default true. */
  readonly seasonality?: boolean;
  /** Default 86400 (one day). */
  readonly periodSeconds?: number;
  /** Past periods to take the median over. Default 7. */
  readonly maxPeriods?: number;
  /** Neighbouring buckets on each side at the same time of a past period. Default 2. */
  readonly seasonalNeighbourBuckets?: number;
  /** Spread floor as a share of the expected level. Default 0.02. */
  readonly relativeFloor?: number;
  /** Spread floor per indicator, in the signal's unit; see DEFAULT_ABSOLUTE_FLOORS. */
  readonly absoluteFloors?: Partial<Record<Indicator, number>>;
  /** Score (= peak z / k) from which the anomaly is critical. Default 3. */
  readonly criticalScore?: number;
  /**
   * Chance of a run by coincidence that a run must reach below, given how
   * often the trailing window itself is beyond k sigma on the run's side.
   * Default 8e-6 (three points where 2% of the window is beyond).
   */
  readonly runChance?: number;
}

export const ROBUST_BASELINE = 'robust-baseline';

/**
 * The share beyond k sigma is counted as if the window held this many more
 * points, none of them beyond: a short window (a case's first minutes, a
 * metric sampled every 30 s) with one outlier among eight points has not
 * shown that an eighth of its points are outliers. Measured on generated
 * training cases: without it a 30 s metric whose window held one early
 * outlier among eight points needed six in a row, and a packet loss's
 * latency went unseen until another fault's incident had taken it.
 */
const QUIET_PRIOR_POINTS = 20;

/** A run of points marked the same way, followed as it grows. */
interface Run {
  readonly mark: Direction;
  readonly startMillis: number;
  /** Value, expectation, spread and seasonal offset at the run's first point. */
  readonly startValue: number;
  readonly expected: number;
  readonly sigma: number;
  readonly offset: number;
  readonly seasonal: boolean;
  peakZ: number;
  peakObserved: number;
  /** The smallest |z| of the run's points. */
  leastZ: number;
  points: number;
  /** Points it needs, and whether two beyond strongFactor x k are enough, from its trailing window (see the header). */
  readonly neededPoints: number;
  readonly strongAllowed: boolean;
  /** Decided once the run is long enough (see `kept`). */
  kept?: boolean;
}

interface KeptRun {
  readonly mark: Direction;
  readonly endMillis: number;
  readonly expected: number;
  readonly sigma: number;
  readonly offset: number;
}

export function createRobustBaselineDetector(options: RobustBaselineOptions = {}): Detector {
  const k = options.k ?? 4;
  const minPoints = options.minPoints ?? 3;
  const seasonality = options.seasonality ?? true;
  const maxPeriods = options.maxPeriods ?? 7;
  const neighbours = options.seasonalNeighbourBuckets ?? 2;
  const relativeFloor = options.relativeFloor ?? 0.02;
  const criticalScore = options.criticalScore ?? 3;
  const strongFactor = options.strongFactor ?? 8;
  const runChance = options.runChance ?? 8e-6;
  if (!(k > 0) || !(minPoints >= 1) || !(strongFactor >= 1) || !(maxPeriods >= 1) || !(neighbours >= 0) || !(relativeFloor >= 0) || !(runChance > 0 && runChance < 1)) {
    throw new RangeError('robust-baseline: k > 0, minPoints >= 1, strongFactor >= 1, maxPeriods >= 1, seasonalNeighbourBuckets >= 0, relativeFloor >= 0, 0 < runChance < 1');
  }
  const strongZ = strongFactor * k;

  /** The fewest points, at least `least`, that a share `r` of chance exceedances reaches `runChance` with. */
  function pointsFor(r: number, least: number): number {
    return r > 0 ? Math.max(least, Math.ceil(Math.log(runChance) / Math.log(r) - 1e-9)) : least;
  }

  function stream(): SeriesStream {
    let grid: { stepSeconds: number; window: number; period: number; minHistory: number } | undefined;
    let values: SlidingWindow;
    let residuals: SlidingWindow | undefined;
    let nextMillis: number | undefined;
    let run: Run | undefined;
    let lastKept: KeptRun | undefined;

    /** Long enough to report: its needed points, or two points both beyond `strongFactor` x `k` where that is allowed. */
    function long(r: Run): boolean {
      return r.points >= r.neededPoints || (r.strongAllowed && r.points >= 2 && r.leastZ > strongZ);
    }

    /** The recovery rule: a run turning back to the previous anomaly's baseline soon after it is not an anomaly. */
    function kept(r: Run): boolean {
      if (r.kept !== undefined) return r.kept;
      const prev = lastKept;
      const stepMillis = grid!.stepSeconds * 1000;
      r.kept = true;
      if (prev && prev.mark !== r.mark && (r.startMillis - prev.endMillis) / stepMillis <= grid!.window) {
        const before = prev.expected - prev.offset + r.offset;
        if (Math.abs(r.startValue - before) <= k * prev.sigma) r.kept = false;
      }
      return r.kept;
    }

    function anomalyOf(series: SeriesInput, r: Run, endMillis: number): Anomaly {
      const score = Math.abs(r.peakZ) / k;
      const sign = r.mark === 'up' ? 1 : -1;
      return {
        entity: series.entity,
        indicator: series.indicator,
        signal: series.name,
        detector: ROBUST_BASELINE,
        onsetMillis: r.startMillis,
        score,
        severity: severityOf(score, criticalScore),
        direction: r.mark,
        evidence: {
          baseline: r.expected,
          observed: r.peakObserved,
          threshold: r.expected + sign * k * r.sigma,
          sigma: r.sigma,
          peakZ: r.peakZ,
          points: r.points,
          endMillis,
          seasonal: r.seasonal,
        },
      };
    }

    return {
      judge(series, fromBucket) {
        const v = series.values;
        if (grid === undefined) {
          const window = bucketsIn(options.windowSeconds ?? 1800, series.stepSeconds, 'robust-baseline windowSeconds');
          const period = bucketsIn(options.periodSeconds ?? 86_400, series.stepSeconds, 'robust-baseline periodSeconds');
          grid = { stepSeconds: series.stepSeconds, window, period, minHistory: options.minHistoryPoints ?? defaultMinHistoryPoints(window) };
          values = createSlidingWindow(window);
          residuals = seasonality ? createSlidingWindow(window) : undefined;
          for (let j = Math.max(0, fromBucket - window); j < Math.min(fromBucket, v.length); j++) {
            values.push(v[j]!);
            residuals?.push(v[j]! - seasonalAt(v, j, period, maxPeriods, neighbours));
          }
        } else if (series.stepSeconds !== grid.stepSeconds) {
          throw new RangeError(`robust-baseline: a stream's step cannot change (${grid.stepSeconds}s, then ${series.stepSeconds}s)`);
        }
        if (fromBucket >= v.length) return [];
        const fromMillis = bucketMillis(series, fromBucket);
        if (nextMillis !== undefined && fromMillis !== nextMillis) throw new RangeError(`robust-baseline: judged ${fromMillis}, expected the next point ${nextMillis}`);
        const { period, minHistory } = grid;
        const floor = absoluteFloor(series, options.absoluteFloors);
        const bad = badDirection(series.indicator);
        const out: Anomaly[] = [];

        for (let i = fromBucket; i < v.length; i++) {
          const x = v[i]!;
          const s = seasonality ? seasonalAt(v, i, period, maxPeriods, neighbours) : NaN;
          const useSeasonal = Number.isFinite(s);
          let mark: Direction | undefined;
          let e = NaN;
          let sd = NaN;
          let z = NaN;
          let neededPoints = minPoints;
          let strongAllowed = true;
          if (Number.isFinite(x)) {
            const reference = useSeasonal ? residuals! : values;
            const summary = reference.summary();
            if (summary.count >= minHistory) {
              e = useSeasonal ? s + summary.median : summary.median;
              sd = robustSigma(summary, e, relativeFloor, floor);
              z = (x - e) / sd;
              const direction: Direction = x > e ? 'up' : 'down';
              if (Math.abs(z) > k && allows(bad, direction)) mark = direction;
              if (mark !== undefined && !(run && run.mark === mark)) {
                // A run starts here: how often its trailing window is this far out on its side (the window is of residuals when seasonal).
                const sign = mark === 'up' ? 1 : -1;
                const share = (zBeyond: number) => reference.countBeyond(summary.median + sign * zBeyond * sd, mark!) / (summary.count + QUIET_PRIOR_POINTS);
                neededPoints = pointsFor(share(k), minPoints);
                strongAllowed = pointsFor(share(strongZ), 2) === 2;
              }
            }
          }
          if (run && Number.isFinite(x) && !long(run)) {
            // The two-point rule asks whether a run's points are a step far
            // beyond the series' spread, so until a run is long enough a
            // point strongFactor x k out from the reference before the run
            // began continues it as such: where the window is short (a
            // metric sampled once a minute holds a handful of points) the
            // run's own first point would otherwise widen the spread the
            // second is judged by.
            const startExpected = run.seasonal && useSeasonal ? s + run.expected - run.offset : run.expected;
            const startZ = (x - startExpected) / run.sigma;
            if (Math.abs(startZ) > strongZ && (startZ > 0 ? 'up' : 'down') === run.mark) {
              mark = run.mark;
              z = startZ;
            }
          }
          values.push(x);
          residuals?.push(x - s);
          // A bucket without data neither extends nor ends a run: a metric
          // exported every 30 or 60 s leaves most 10 s buckets empty, and its
          // runs are made of the buckets that have data.
          if (!Number.isFinite(x)) continue;

          const t = bucketMillis(series, i);
          if (run && mark === run.mark) {
            run.points++;
            run.leastZ = Math.min(run.leastZ, Math.abs(z));
            if (Math.abs(z) > Math.abs(run.peakZ)) {
              run.peakZ = z;
              run.peakObserved = x;
            }
            continue;
          }
          if (run && long(run) && kept(run)) {
            lastKept = { mark: run.mark, endMillis: t, expected: run.expected, sigma: run.sigma, offset: run.offset };
            if (t > fromMillis) out.push(anomalyOf(series, run, t));
          }
          run = mark === undefined ? undefined : { mark, startMillis: t, startValue: x, expected: e, sigma: sd, offset: useSeasonal ? s : 0, seasonal: useSeasonal, peakZ: z, peakObserved: x, leastZ: Math.abs(z), points: 1, neededPoints, strongAllowed };
        }

        nextMillis = bucketMillis(series, v.length);
        if (run && long(run) && kept(run)) out.push(anomalyOf(series, run, nextMillis));
        return out;
      },
    };
  }

  return { name: ROBUST_BASELINE, detect: (series) => stream().judge(series, 0), stream };
}

/**
 * Expected value at `i` from past periods: for each past period d
 * (1..maxPeriods), the median of the buckets within `neighbours` of
 * i - d*period, then the median over periods. NaN until one full period of
 * history exists.
 */
function seasonalAt(values: Float64Array, i: number, period: number, maxPeriods: number, neighbours: number): number {
  if (i < period) return NaN;
  const perPeriod: number[] = [];
  for (let d = 1; d <= maxPeriods && i - d * period >= 0; d++) {
    const at = i - d * period;
    const m = quantileSorted(finiteSorted(values, at - neighbours, at + neighbours + 1), 0.5);
    if (Number.isFinite(m)) perPeriod.push(m);
  }
  return perPeriod.length > 0 ? quantileSorted(Float64Array.from(perPeriod).sort(), 0.5) : NaN;
}
