/**
 * Additive Holt-Winters smoothing (level, trend and a season of `m` buckets),
 * for forecasting a series some buckets ahead. Equations as in Hyndman &
 * Athanasopoulos, "Forecasting: Principles and Practice", 3rd ed., 8.3
 * (https://otexts.com/fpp3/holt-winters.html), with x the value of bucket t
 * and s the seasonal component of the same phase one season earlier:
 *
 *   level_t = alpha (x - s) + (1 - alpha) (level_{t-1} + trend_{t-1})
 *   trend_t = beta (level_t - level_{t-1}) + (1 - beta) trend_{t-1}
 *   s_t     = gamma (x - level_{t-1} - trend_{t-1}) + (1 - gamma) s
 *   forecast(t + h) = level_t + h trend_t + s of the phase of t + h
 *
 * Parameters are given as time constants so that they mean the same on any
 * step: alpha = 1 - exp(-step / levelSeconds), beta = 1 - exp(-step /
 * trendSeconds). `levelSeconds` is how long the level takes to follow a
 * change (default 10 min), `trendSeconds` how long a slope must persist to
 * become the trend (default 100 min: a filling disk, not a burst of writes);
 * `gamma` (in (0, 1], per season, since each phase is updated once a season)
 * how fast the seasonal shape adapts (default 0.1: over ~10 seasons).
 *
 * Robust to outliers after Gelper, Fried & Croux, "Robust forecasting with
 * exponential and Holt-Winters smoothing" (J. Forecasting 29, 2010): each
 * value is first cleaned to the one-step forecast +- `clipSigmas` x scale,
 * the scale being an exponentially weighted mean of the cleaned absolute
 * one-step errors (time constant `scaleSeconds`, default 20 min). One spike
 * then moves the state no more than a `clipSigmas`-sigma value would; a
 * lasting shift keeps the errors at the clip, so the scale grows and the
 * state follows within tens of buckets.
 *
 * Initialisation from the start of the series: with two full seasons there
 * (each at least half covered by data), the level and trend come from the
 * two seasons' means and each phase's seasonal component from the median
 * deviation from the season's mean of that phase and its neighbours in both
 * seasons (centred to sum to zero); with less, the method is Holt's linear
 * one (no season), started from a least-squares line through the first 60
 * buckets. A missing value (NaN) leaves the state to coast on its forecast.
 *
 * The start looks at the first two seasons, so forecasts made inside them
 * have seen their future: callers judge only from the third season on.
 *
 * Deterministic: the same series and options give the same state.
 */
import { fitLine } from './linear-fit.ts';

export interface HoltWintersParams {
  /** Time constant of the level. Default 600. */
  readonly levelSeconds?: number;
  /** Time constant of the trend. Default 6000. */
  readonly trendSeconds?: number;
  /** Season smoothing per season, in (0, 1]. Default 0.1. */
  readonly gamma?: number;
  /** One-step errors are clipped to +- this many scales. Default 3. */
  readonly clipSigmas?: number;
  /** Time constant of the error scale. Default 1200. */
  readonly scaleSeconds?: number;
}

export const HOLT_WINTERS_DEFAULTS = Object.freeze({ levelSeconds: 600, trendSeconds: 6000, gamma: 0.1, clipSigmas: 3, scaleSeconds: 1200 });

export interface HoltWinters {
  /** Feeds the value of the next bucket (NaN = no data); returns it cleaned of outliers (NaN for no data). */
  update(x: number): number;
  /** Value expected `h` >= 1 buckets after the last one fed; `withTrend: false` leaves the trend out. */
  forecast(h: number, withTrend?: boolean): number;
  /** Seasonal component of the bucket `h` >= 1 after the last one fed (0 without a season). */
  seasonAhead(h: number): number;
  /** Largest (`sign` 1) or smallest (`sign` -1) seasonal component; 0 without a season. */
  seasonExtreme(sign: 1 | -1): number;
  /** Level plus the seasonal component of the last bucket fed: the smoothed value there. */
  smoothed(): number;
  readonly level: number;
  readonly trendPerBucket: number;
  /** Whether a season was initialised (else Holt's linear method). */
  readonly seasonal: boolean;
  /** Buckets the start was computed from (two seasons, or 0 without a season). */
  readonly startBuckets: number;
  /** Current scale of the one-step errors. */
  readonly scale: number;
}

/** E|e| = sigma * sqrt(2 / pi) for normal errors: this turns a mean absolute error into a sigma. */
const MEAN_ABS_TO_SIGMA = Math.sqrt(Math.PI / 2);

interface Start {
  level: number;
  trend: number;
  season: Float64Array;
  scale: number;
}

function meanOf(values: Float64Array, from: number, to: number): { mean: number; count: number } {
  let sum = 0;
  let count = 0;
  for (let i = from; i < to; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) {
      sum += v;
      count++;
    }
  }
  return { mean: count > 0 ? sum / count : NaN, count };
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const medianAbs = (deviations: number[]): number => median(deviations.map(Math.abs));

/** Buckets the line of a start without a season is fitted to. */
const LINEAR_START_BUCKETS = 60;

/** Phases on each side pooled into a phase's initial seasonal component. */
const INIT_NEIGHBOURS = 2;

/** Classic two-season start, or undefined when the first two seasons are not covered well enough. */
function seasonalStart(values: Float64Array, m: number): Start | undefined {
  if (m < 2 || values.length < 2 * m) return undefined;
  const first = meanOf(values, 0, m);
  const second = meanOf(values, m, 2 * m);
  if (first.count < m / 2 || second.count < m / 2) return undefined;
  const trend = (second.mean - first.mean) / m;
  // Each phase: the median deviation from its season's (detrended) mean over
  // both seasons and the neighbouring phases, so that one outlier in the first
  // two seasons does not become a permanent seasonal peak.
  const deviation = new Float64Array(2 * m).fill(NaN);
  for (let i = 0; i < 2 * m; i++) {
    const mean = i < m ? first.mean : second.mean;
    deviation[i] = values[i]! - mean - ((i % m) - (m - 1) / 2) * trend;
  }
  const season = new Float64Array(m);
  const around: number[] = [];
  for (let p = 0; p < m; p++) {
    around.length = 0;
    for (let d = -INIT_NEIGHBOURS; d <= INIT_NEIGHBOURS; d++) {
      const q = (((p + d) % m) + m) % m;
      for (const k of [0, 1]) {
        const v = deviation[k * m + q]!;
        if (Number.isFinite(v)) around.push(v);
      }
    }
    season[p] = around.length > 0 ? median(around) : 0;
  }
  const centre = season.reduce((a, b) => a + b, 0) / m;
  for (let p = 0; p < m; p++) season[p]! -= centre;
  const residuals: number[] = [];
  for (let i = 0; i < 2 * m; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) residuals.push(v - first.mean - (i - (m - 1) / 2) * trend - season[i % m]!);
  }
  // The level is placed one bucket before the series starts, so that the first update lands on bucket 0.
  return { level: first.mean - ((m + 1) / 2) * trend, trend, season, scale: 1.4826 * medianAbs(residuals) };
}

/** Without a season: a least-squares line through the first LINEAR_START_BUCKETS buckets, placed one bucket before the series. */
function linearStart(values: Float64Array): Start {
  const to = Math.min(values.length, LINEAR_START_BUCKETS);
  const fit = fitLine(values, 0, to, 1);
  const finite = Array.from(values).filter(Number.isFinite);
  const steps = finite.slice(1, LINEAR_START_BUCKETS + 1).map((v, i) => v - finite[i]!);
  const scale = (1.4826 * medianAbs(steps)) / Math.SQRT2;
  if (!fit) return { level: finite[0] ?? NaN, trend: 0, season: new Float64Array(0), scale };
  return { level: fit.level - fit.slopePerSecond * to, trend: fit.slopePerSecond, season: new Float64Array(0), scale };
}

/** Smoothing weight of the newest bucket for a time constant. */
const weightFor = (stepSeconds: number, constantSeconds: number): number => 1 - Math.exp(-stepSeconds / constantSeconds);

/** Throws on parameters out of range (a configuration bug). */
export function checkHoltWintersParams(params: HoltWintersParams): void {
  const p = { ...HOLT_WINTERS_DEFAULTS, ...params };
  if (!(p.levelSeconds > 0) || !(p.trendSeconds > 0) || !(p.scaleSeconds > 0) || !(p.clipSigmas > 0) || !(p.gamma > 0 && p.gamma <= 1)) {
    throw new RangeError('holt-winters: levelSeconds, trendSeconds, scaleSeconds, clipSigmas > 0 and 0 < gamma <= 1');
  }
}

/**
 * A smoother on a grid of `stepSeconds`, initialised from `values` (see the
 * file comment) and positioned before its first bucket: feed `values[0]`,
 * `values[1]`, ... in order. `scaleFloor` (> 0, in the series' unit) keeps
 * the error scale from collapsing on a flat series, which would freeze the
 * state at the first change.
 */
export function createHoltWinters(values: Float64Array, seasonBuckets: number, stepSeconds: number, params: HoltWintersParams, scaleFloor: number): HoltWinters {
  checkHoltWintersParams(params);
  if (!(stepSeconds > 0) || !(scaleFloor > 0)) throw new RangeError('holt-winters: stepSeconds > 0, scaleFloor > 0');
  const p = { ...HOLT_WINTERS_DEFAULTS, ...params };
  const alpha = weightFor(stepSeconds, p.levelSeconds);
  const beta = weightFor(stepSeconds, p.trendSeconds);
  const lambda = weightFor(stepSeconds, p.scaleSeconds);
  const { gamma, clipSigmas: clip } = p;

  const start = seasonalStart(values, Math.round(seasonBuckets)) ?? linearStart(values);
  const season = start.season;
  const m = season.length;
  let level = start.level;
  let trend = start.trend;
  let scale = Math.max(start.scale, scaleFloor);
  /** Index of the next bucket to be fed. */
  let t = 0;
  const seasonOf = (bucket: number): number => (m === 0 ? 0 : season[((bucket % m) + m) % m]!);

  return {
    update(x) {
      const s = seasonOf(t);
      if (!Number.isFinite(x) || !Number.isFinite(level)) {
        if (Number.isFinite(x)) level = x - s; // first data after a leading gap
        else level += trend;
        t++;
        return Number.isFinite(x) ? x : NaN;
      }
      const expected = level + trend + s;
      const error = Math.max(-clip * scale, Math.min(clip * scale, x - expected));
      const cleaned = expected + error;
      scale = Math.max(scaleFloor, lambda * MEAN_ABS_TO_SIGMA * Math.abs(error) + (1 - lambda) * scale);
      const previousLevel = level;
      const previousTrend = trend;
      level = alpha * (cleaned - s) + (1 - alpha) * (previousLevel + previousTrend);
      trend = beta * (level - previousLevel) + (1 - beta) * previousTrend;
      if (m > 0) season[t % m] = gamma * (cleaned - previousLevel - previousTrend) + (1 - gamma) * s;
      t++;
      return cleaned;
    },
    forecast(h, withTrend = true) {
      return level + (withTrend ? h * trend : 0) + seasonOf(t - 1 + h);
    },
    seasonAhead(h) {
      return seasonOf(t - 1 + h);
    },
    seasonExtreme(sign) {
      let extreme = 0;
      for (let p = 0; p < m; p++) extreme = p === 0 || sign * season[p]! > sign * extreme ? season[p]! : extreme;
      return extreme;
    },
    smoothed() {
      return level + seasonOf(t - 1);
    },
    get level() {
      return level;
    },
    get trendPerBucket() {
      return trend;
    },
    seasonal: m > 0,
    startBuckets: 2 * m,
    get scale() {
      return scale;
    },
  };
}
