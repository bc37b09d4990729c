/**
 * Predictive limit crossing: does the series reach `limit` within
 * `horizonSeconds` (e.g. disk utilisation reaching 0.95 within 4 h)? Two ways
 * to project it (`method`):
 *
 * - 'linear' (default): a least-squares line over a trailing window,
 *   extrapolated. Right for a steady fill with no daily rhythm.
 * - 'holt-winters': additive Holt-Winters smoothing over the whole series
 *   (holt-winters.ts), forecast bucket by bucket up to the horizon. Right for
 *   series with a rhythm (a disk that fills by day and is cleaned by night):
 *   the season is part of the forecast instead of noise around a line. With
 *   less than two seasons of history it is Holt's linear method.
 *
 * Either way a trend is only projected when it is significant: the slope
 * t-statistic of the trailing window (for Holt-Winters, of the series cleaned
 * of outliers with its seasonal component removed) must reach `minTrendT`,
 * so noise around a flat level never projects a crossing. Without a
 * significant trend the Holt-Winters forecast is level plus season: a
 * seasonal peak that itself reaches the limit still counts. A bucket is "at risk" when the projected
 * crossing is within the horizon; `minPoints` consecutive risky buckets make
 * an anomaly, which lasts while the projected crossing stays within
 * `releaseHorizonFactor` x the horizon (hysteresis: a projection wavering
 * around the horizon is one anomaly, not a string of them). A series
 * already past the limit is at risk with eta 0.
 * evidence.eta is the projected crossing time (event-time millis) as seen at
 * the onset, counting each bucket's value as of the end of the bucket.
 */
import { bucketMillis, bucketsIn, severityOf, type Anomaly, type Detector, type Direction, type SeriesInput } from './anomaly.ts';
import { absoluteFloor } from './floors.ts';
import { checkHoltWintersParams, createHoltWinters, type HoltWintersParams } from './holt-winters.ts';
import { fitLine } from './linear-fit.ts';

export type PredictiveMethod = 'linear' | 'holt-winters';

export interface PredictiveOptions {
  readonly limit: number;
  /** Which way of crossing the limit is bad. Default 'up'. */
  readonly direction?: Direction;
  /** Default 4 h. */
  readonly horizonSeconds?: number;
  /** Trailing window of the trend test (and of the linear fit). Default 1 h. */
  readonly windowSeconds?: number;
  /** Default 3. */
  readonly minPoints?: number;
  /** Minimum |slope / standard error of slope|. Default 4. */
  readonly minTrendT?: number;
  /** Score (= horizon / eta, capped at 10) from which the anomaly is critical. Default 3. */
  readonly criticalScore?: number;
  /** Default 'linear'. */
  readonly method?: PredictiveMethod;
  /** Holt-Winters: length of the season. Default 86400 (one day). */
  readonly seasonSeconds?: number;
  /** Holt-Winters: smoothing parameters (see holt-winters.ts for their defaults). */
  readonly holtWinters?: HoltWintersParams;
  /** An anomaly, once open, lasts while the projected crossing is within horizon x this (>= 1). Default 1.5. */
  readonly releaseHorizonFactor?: number;
}

export const PREDICTIVE = 'predictive-linear';
export const PREDICTIVE_HOLT_WINTERS = 'predictive-holt-winters';

/** What a method projects at one bucket. */
interface Projection {
  /** The fitted or smoothed value at the bucket. */
  readonly baseline: number;
  /** Seconds from the bucket to the projected crossing: 0 when already past, NaN when no crossing is projected. */
  readonly etaSeconds: number;
  /** The same with the trend test relaxed to HOLD_T_SHARE x minTrendT: what keeps an open anomaly going. */
  readonly holdEtaSeconds: number;
  /** The trend projected (0 when none is). */
  readonly slopePerSecond: number;
  readonly trendT: number;
}

interface Resolved {
  readonly limit: number;
  readonly sign: number;
  readonly horizon: number;
  readonly windowSeconds: number;
  readonly minTrendT: number;
  readonly seasonSeconds: number;
  readonly holtWinters: HoltWintersParams;
  /** How far ahead a crossing is looked for: the horizon x releaseHorizonFactor. */
  readonly lookAheadSeconds: number;
}

export function createPredictiveDetector(options: PredictiveOptions): Detector {
  const direction = options.direction ?? 'up';
  const minPoints = options.minPoints ?? 3;
  const criticalScore = options.criticalScore ?? 3;
  const method = options.method ?? 'linear';
  const release = options.releaseHorizonFactor ?? 1.5;
  const horizon = options.horizonSeconds ?? 4 * 3600;
  const o: Resolved = {
    limit: options.limit,
    sign: direction === 'up' ? 1 : -1,
    horizon,
    lookAheadSeconds: horizon * release,
    windowSeconds: options.windowSeconds ?? 3600,
    minTrendT: options.minTrendT ?? 4,
    seasonSeconds: options.seasonSeconds ?? 86_400,
    holtWinters: options.holtWinters ?? {},
  };
  if (!Number.isFinite(o.limit) || !(o.horizon > 0) || !(minPoints >= 1) || !(release >= 1)) {
    throw new RangeError('predictive: finite limit, horizon > 0, minPoints >= 1, releaseHorizonFactor >= 1');
  }
  checkHoltWintersParams(o.holtWinters);
  const name = method === 'holt-winters' ? PREDICTIVE_HOLT_WINTERS : PREDICTIVE;
  const project = method === 'holt-winters' ? projectHoltWinters : projectLinear;
  return {
    name,
    detect(series: SeriesInput): Anomaly[] {
      const projections = project(series, o);
      return episodesOf(projections, o.horizon, minPoints, release).map((run) => {
        const p = projections[run.start]!;
        const eta = p.etaSeconds;
        const score = Math.min(10, o.horizon / Math.max(eta, o.horizon / 10));
        const at = bucketMillis(series, run.start);
        return {
          entity: series.entity,
          indicator: series.indicator,
          signal: series.name,
          detector: name,
          onsetMillis: at,
          score,
          severity: severityOf(score, criticalScore),
          direction,
          evidence: {
            baseline: p.baseline,
            observed: series.values[run.start]!,
            threshold: o.limit,
            eta: at + series.stepSeconds * 1000 + eta * 1000,
            etaSeconds: eta,
            slopePerHour: p.slopePerSecond * 3600,
            trendT: p.trendT,
            horizonSeconds: o.horizon,
            method,
          },
        };
      });
    },
  };
}

/**
 * A trend that opened an anomaly keeps it going while its t-statistic stays
 * above this share of `minTrendT`: one noisy window (an outlier, a seasonal
 * swing) does not split one filling disk into several anomalies.
 */
const HOLD_T_SHARE = 0.5;

/**
 * Bucket ranges [start, end): opened by `minPoints` consecutive buckets whose
 * crossing is within the horizon, kept while the held crossing stays within
 * horizon x release.
 */
function episodesOf(projections: readonly (Projection | undefined)[], horizon: number, minPoints: number, release: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let risky = 0;
  let open: number | undefined;
  for (let i = 0; i <= projections.length; i++) {
    const p = projections[i];
    if (open !== undefined) {
      if (p !== undefined && p.holdEtaSeconds <= horizon * release) continue;
      out.push({ start: open, end: i });
      open = undefined;
    }
    risky = p !== undefined && p.etaSeconds <= horizon ? risky + 1 : 0;
    if (risky >= minPoints) open = i - minPoints + 1;
  }
  return out;
}

function projectLinear(series: SeriesInput, o: Resolved): (Projection | undefined)[] {
  const window = bucketsIn(o.windowSeconds, series.stepSeconds, 'predictive windowSeconds');
  return Array.from(series.values, (x, i) => {
    if (!Number.isFinite(x)) return undefined;
    const fit = fitLine(series.values, i - window + 1, i + 1, series.stepSeconds);
    if (!fit) return undefined;
    const gap = o.sign * (o.limit - fit.level);
    const etaWith = (minT: number): number => {
      if (gap <= 0) return 0;
      return o.sign * fit.slopePerSecond > 0 && Math.abs(fit.t) >= minT ? gap / (o.sign * fit.slopePerSecond) : NaN;
    };
    return { baseline: fit.level, etaSeconds: etaWith(o.minTrendT), holdEtaSeconds: etaWith(HOLD_T_SHARE * o.minTrendT), slopePerSecond: fit.slopePerSecond, trendT: fit.t };
  });
}

function projectHoltWinters(series: SeriesInput, o: Resolved): (Projection | undefined)[] {
  const { values, stepSeconds } = series;
  const window = bucketsIn(o.windowSeconds, stepSeconds, 'predictive windowSeconds');
  const seasonBuckets = bucketsIn(o.seasonSeconds, stepSeconds, 'predictive seasonSeconds');
  const maxAhead = Math.floor(o.lookAheadSeconds / stepSeconds);
  const hw = createHoltWinters(values, seasonBuckets, stepSeconds, o.holtWinters, absoluteFloor(series, undefined));
  // The series cleaned of outliers, less its seasonal component as known
  // before each bucket: what the trend test runs on.
  const deseasonalised = new Float64Array(values.length).fill(NaN);
  const out = new Array<Projection | undefined>(values.length).fill(undefined);
  for (let i = 0; i < values.length; i++) {
    const season = hw.seasonAhead(1);
    deseasonalised[i] = hw.update(values[i]!) - season;
    if (!Number.isFinite(values[i]!) || i < hw.startBuckets) continue;
    const fit = fitLine(deseasonalised, i - window + 1, i + 1, stepSeconds);
    if (!fit) continue;
    const baseline = hw.smoothed();
    const trendingWith = (minT: number): boolean => o.sign * hw.trendPerBucket > 0 && o.sign * fit.slopePerSecond > 0 && Math.abs(fit.t) >= minT;
    /** First bucket ahead whose forecast is past the limit, in seconds; NaN when none within the look-ahead. */
    const etaOf = (trending: boolean): number => {
      if (o.sign * (o.limit - baseline) <= 0) return 0;
      // Skip the buckets that cannot cross even at the most adverse seasonal
      // phase; from the first that can, that phase comes within one season.
      const slope = trending ? o.sign * hw.trendPerBucket : 0;
      const remaining = o.sign * (o.limit - hw.level) - o.sign * hw.seasonExtreme(o.sign === 1 ? 1 : -1);
      if (remaining > 0 && slope <= 0) return NaN;
      const first = remaining > 0 ? Math.max(1, Math.floor(remaining / slope)) : 1;
      const last = Math.min(maxAhead, first + (hw.seasonal ? seasonBuckets : 1));
      for (let h = first; h <= last; h++) if (o.sign * (o.limit - hw.forecast(h, trending)) <= 0) return h * stepSeconds;
      return NaN;
    };
    const trending = trendingWith(o.minTrendT);
    const etaSeconds = etaOf(trending);
    const holding = trendingWith(HOLD_T_SHARE * o.minTrendT);
    const holdEtaSeconds = holding === trending ? etaSeconds : etaOf(holding);
    out[i] = { baseline, etaSeconds, holdEtaSeconds, slopePerSecond: trending ? hw.trendPerBucket / stepSeconds : 0, trendT: fit.t };
  }
  return out;
}
