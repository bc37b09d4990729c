/**
 * Predictive limit crossing: a least-squares line over a trailing window,
 * extrapolated to see whether the series crosses `limit` within `horizonSeconds`
 * (e.g. disk utilisation reaching 0.95 within 4 h). A bucket is "at risk" when
 * the fitted trend is significant (slope t-statistic >= `minTrendT`, so noise
 * around a flat level never projects a crossing) and the projected crossing
 * is within the horizon; `minPoints` consecutive risky buckets make an anomaly.
 * A series already past the limit is at risk with eta 0. evidence.eta is the
 * projected crossing time (event-time millis) as seen at the onset.
 */
import { bucketMillis, bucketsIn, severityOf, type Anomaly, type Detector, type Direction, type SeriesInput } from './anomaly.ts';
import { runsOf } from './runs.ts';

export interface PredictiveOptions {
  readonly limit: number;
  /** Which way of crossing the limit is bad. Default 'up'. */
  readonly direction?: Direction;
  /** Default 4 h. */
  readonly horizonSeconds?: number;
  /** Trailing window of the fit. Default 1 h. */
  readonly windowSeconds?: number;
  /** Default 3. */
  readonly minPoints?: number;
  /** Minimum |slope / standard error of slope|. Default 4. */
  readonly minTrendT?: number;
  /** Score (= horizon / eta, capped at 10) from which the anomaly is critical. Default 3. */
  readonly criticalScore?: number;
}

export const PREDICTIVE = 'predictive-linear';

interface Fit {
  /** Fitted value at the end of the window. */
  readonly level: number;
  readonly slopePerSecond: number;
  readonly t: number;
}

export function createPredictiveDetector(options: PredictiveOptions): Detector {
  const direction = options.direction ?? 'up';
  const minPoints = options.minPoints ?? 3;
  const minTrendT = options.minTrendT ?? 4;
  const criticalScore = options.criticalScore ?? 3;
  const horizon = options.horizonSeconds ?? 4 * 3600;
  if (!Number.isFinite(options.limit) || !(horizon > 0) || !(minPoints >= 1)) throw new RangeError('predictive: finite limit, horizon > 0, minPoints >= 1');
  const sign = direction === 'up' ? 1 : -1;
  return {
    name: PREDICTIVE,
    detect(series: SeriesInput): Anomaly[] {
      const window = bucketsIn(options.windowSeconds ?? 3600, series.stepSeconds, 'predictive windowSeconds');
      const fits: (Fit | undefined)[] = [];
      const etaSeconds = new Float64Array(series.values.length).fill(NaN);
      const marks = Array.from(series.values, (x, i) => {
        if (!Number.isFinite(x)) return null;
        const fit = fitLine(series.values, i - window + 1, i + 1, series.stepSeconds);
        fits[i] = fit;
        if (!fit) return null;
        const gap = sign * (options.limit - fit.level);
        if (gap <= 0) etaSeconds[i] = 0;
        else if (sign * fit.slopePerSecond > 0 && Math.abs(fit.t) >= minTrendT) etaSeconds[i] = gap / (sign * fit.slopePerSecond);
        return etaSeconds[i]! <= horizon ? direction : null;
      });
      return runsOf(marks, minPoints).map((run) => {
        const fit = fits[run.start]!;
        const eta = etaSeconds[run.start]!;
        const score = Math.min(10, horizon / Math.max(eta, horizon / 10));
        const at = bucketMillis(series, run.start);
        return {
          entity: series.entity,
          indicator: series.indicator,
          signal: series.name,
          detector: PREDICTIVE,
          onsetMillis: at,
          score,
          severity: severityOf(score, criticalScore),
          direction,
          evidence: {
            baseline: fit.level,
            observed: series.values[run.start]!,
            threshold: options.limit,
            eta: at + series.stepSeconds * 1000 + eta * 1000,
            etaSeconds: eta,
            slopePerHour: fit.slopePerSecond * 3600,
            trendT: fit.t,
            horizonSeconds: horizon,
          },
        };
      });
    },
  };
}

/** Ordinary least squares of value on time over the finite points of [from, to); undefined with < 3 points. */
function fitLine(values: Float64Array, from: number, to: number, stepSeconds: number): Fit | undefined {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = Math.max(0, from); i < to; i++) {
    const y = values[i]!;
    if (!Number.isFinite(y)) continue;
    n++;
    sx += i;
    sy += y;
  }
  if (n < 3) return undefined;
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = Math.max(0, from); i < to; i++) {
    const y = values[i]!;
    if (!Number.isFinite(y)) continue;
    sxx += (i - mx) ** 2;
    sxy += (i - mx) * (y - my);
  }
  const slope = sxy / sxx;
  let sse = 0;
  for (let i = Math.max(0, from); i < to; i++) {
    const y = values[i]!;
    if (Number.isFinite(y)) sse += (y - my - slope * (i - mx)) ** 2;
  }
  const se = Math.sqrt(sse / (n - 2) / sxx);
  const t = se > 0 ? slope / se : slope === 0 ? 0 : Infinity * Math.sign(slope);
  return { level: my + slope * (to - 1 - mx), slopePerSecond: slope / stepSeconds, t };
}
