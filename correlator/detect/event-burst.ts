/**
 * Errors from a service that had none: a service that logged no error for
 * the whole reference window and now logs one every ten seconds. A detector
 * on means and spreads does not see that: one record per 10 s bucket is 0.1
 * records/s, under any floor that keeps ordinary noise quiet, and the
 * buckets without a record in between break every run. What is unusual is
 * not the level but that buckets hold events at all.
 *
 * So this detector counts buckets. A bucket with a value above zero is
 * occupied. It judges a series only while its reference window (the
 * `windowSeconds` before the recent stretch, at least `minHistoryPoints`
 * buckets with data) holds no occupied bucket: a series that always has a
 * few events is judged by its level (robust baseline, change point), and
 * its events come in clusters that a test of independent buckets would
 * overrate. For the newest occupied bucket and each recent stretch of
 * `1..maxRecentBuckets` buckets ending at it and starting with an occupied
 * one, Fisher's exact test gives the chance that all the occupied buckets
 * of reference and stretch together would fall into the stretch, were
 * occupancy the same before and now: with k occupied buckets in a stretch
 * of L after N empty ones, C(L, k) / C(N + L, k). Counting buckets rather
 * than records means one failure that writes a ten-line stack trace counts
 * once.
 *
 * When the smallest chance over the stretches (`pValue`) is at most `alpha`
 * with at least `minEventBuckets` occupied buckets in the stretch, one
 * anomaly is reported, with its onset at the stretch's first bucket. Then
 * no new burst is judged on the series until the alarm's bucket has left
 * the reference window: one burst, one anomaly. A burst reported below
 * critical is followed as long (its stretch growing from its onset to the
 * newest bucket), and reported again (same onset, a higher score) once it
 * is critical: a short reference cannot make four buckets surprising
 * enough, but errors that go on for another minute or two are.
 * Score: 2 ln(pValue) / ln(alpha), so every reported burst counts as
 * evidence (2, the grouper's minEvidenceScore) and it is critical from
 * alpha^1.5. With half an hour of reference, four occupied buckets of four
 * score 5; with the 4-minute reference of a 10-minute evaluated case, 3.
 *
 * Applies to error log series (indicator `log`: error records per second).
 * Buckets without data (NaN) are skipped: neither occupied nor empty.
 *
 * Chosen on training cases (generated, seeds train-1..8): alpha 1e-3 and
 * four buckets found a bad deploy's sparse errors (one record every 10-15 s)
 * that nothing else did, with no new false incident on the controls; a
 * reference allowed a few events (up to 10% of its buckets) opened false
 * incidents on the simulator's chance clusters of ordinary errors.
 */
import { bucketMillis, bucketsIn, severityOf, type Anomaly, type Detector, type SeriesInput, type SeriesStream } from './anomaly.ts';
import { defaultMinHistoryPoints } from './robust-stats.ts';

export interface EventBurstOptions {
  /** Reference window before the recent stretch. Default 1800 (30 min). */
  readonly windowSeconds?: number;
  /** Longest recent stretch tested, in buckets. Default 12 (2 min on a 10 s step). */
  readonly maxRecentBuckets?: number;
  /** Occupied buckets a stretch needs at least. Default 4. */
  readonly minEventBuckets?: number;
  /** Largest chance (Fisher's exact test, one-sided) reported. Default 1e-3. */
  readonly alpha?: number;
  /** Reference buckets (with data) needed before anything is judged. Default half the window, at most 20 and at least 5. */
  readonly minHistoryPoints?: number;
  /** Score from which the anomaly is critical. Default 3 (a chance of alpha^1.5). */
  readonly criticalScore?: number;
}

export const EVENT_BURST = 'event-burst';

/** Series counting rare events: error log records per second. */
export const isEventSeries = (series: Pick<SeriesInput, 'indicator'>): boolean => series.indicator === 'log';

const logFactorials: number[] = [0];
function logFactorial(n: number): number {
  for (let i = logFactorials.length; i <= n; i++) logFactorials.push(logFactorials[i - 1]! + Math.log(i));
  return logFactorials[n]!;
}
const logChoose = (n: number, k: number) => logFactorial(n) - logFactorial(k) - logFactorial(n - k);

/**
 * P(X >= k) for X hypergeometric: `draws` items taken from `total`, of
 * which `marked` are marked. Fisher's exact test, one-sided.
 */
export function hypergeometricUpperTail(k: number, total: number, marked: number, draws: number): number {
  const top = Math.min(draws, marked);
  if (k > top) return 0;
  const denominator = logChoose(total, draws);
  let p = 0;
  for (let x = Math.max(k, draws - (total - marked)); x <= top; x++) p += Math.exp(logChoose(marked, x) + logChoose(total - marked, draws - x) - denominator);
  return Math.min(1, p);
}

interface Kept {
  readonly bucketMillis: number;
  readonly value: number;
}

/** A burst reported below critical, followed from its onset (see the header). */
interface Followed {
  readonly onsetMillis: number;
  readonly referenceBuckets: number;
  length: number;
  events: number;
  valueSum: number;
}

export function createEventBurstDetector(options: EventBurstOptions = {}): Detector {
  const maxRecent = options.maxRecentBuckets ?? 12;
  const minEvents = options.minEventBuckets ?? 4;
  const alpha = options.alpha ?? 1e-3;
  const criticalScore = options.criticalScore ?? 3;
  if (!(maxRecent >= 1) || !(minEvents >= 1) || minEvents > maxRecent || !(alpha > 0 && alpha < 1)) {
    throw new RangeError('event-burst: maxRecentBuckets >= 1, 1 <= minEventBuckets <= maxRecentBuckets, 0 < alpha < 1');
  }

  const scoreOf = (p: number) => (2 * Math.log(Math.max(p, Number.MIN_VALUE))) / Math.log(alpha);

  function stream(): SeriesStream {
    /** Buckets with data, oldest first: at most the reference window and `maxRecent` more. */
    const kept: Kept[] = [];
    let window = 0;
    let minHistory = 0;
    let seeded = false;
    let lastAlarmMillis = Number.NEGATIVE_INFINITY;
    let followed: Followed | undefined;

    function keep(series: SeriesInput, i: number): void {
      const value = series.values[i]!;
      if (!Number.isFinite(value)) return;
      kept.push({ bucketMillis: bucketMillis(series, i), value });
      if (kept.length > window + maxRecent) kept.shift();
    }

    /** The most surprising recent stretch ending at the newest kept bucket after an empty reference, if one passes `minEvents`. */
    function bestStretch(): { p: number; length: number; events: number; referenceBuckets: number } | undefined {
      let best: ReturnType<typeof bestStretch>;
      let events = 0;
      for (let length = 1; length <= Math.min(maxRecent, kept.length); length++) {
        const first = kept[kept.length - length]!;
        if (!(first.value > 0)) continue;
        events += 1;
        const reference = kept.slice(Math.max(0, kept.length - length - window), kept.length - length);
        // A shorter stretch's reference holds the burst's own earlier events: only stretches reaching back to its start are judged.
        if (reference.some((b) => b.value > 0)) continue;
        if (events < minEvents || reference.length < minHistory) continue;
        const p = hypergeometricUpperTail(events, reference.length + length, events, length);
        if (!best || p < best.p) best = { p, length, events, referenceBuckets: reference.length };
      }
      return best;
    }

    return {
      judge(series, fromBucket) {
        if (!isEventSeries(series)) return [];
        const v = series.values;
        if (!seeded) {
          window = bucketsIn(options.windowSeconds ?? 1800, series.stepSeconds, 'event-burst windowSeconds');
          minHistory = options.minHistoryPoints ?? defaultMinHistoryPoints(window);
          for (let j = Math.max(0, fromBucket - window - maxRecent); j < Math.min(fromBucket, v.length); j++) keep(series, j);
          seeded = true;
        }
        const out: Anomaly[] = [];
        const report = (onsetMillis: number, b: { p: number; length: number; events: number; referenceBuckets: number }, valueSum: number): Anomaly => {
          const score = scoreOf(b.p);
          const anomaly: Anomaly = {
            entity: series.entity,
            indicator: series.indicator,
            signal: series.name,
            detector: EVENT_BURST,
            onsetMillis,
            score,
            severity: severityOf(score, criticalScore),
            direction: 'up',
            evidence: { baseline: 0, observed: valueSum / b.length, pValue: b.p, eventBuckets: b.events, recentBuckets: b.length, referenceBuckets: b.referenceBuckets },
          };
          out.push(anomaly);
          return anomaly;
        };
        for (let i = fromBucket; i < v.length; i++) {
          const value = v[i]!;
          keep(series, i);
          if (followed && Number.isFinite(value)) {
            const f = followed;
            f.length += 1;
            if (value > 0) f.events += 1;
            f.valueSum += value;
            const p = hypergeometricUpperTail(f.events, f.referenceBuckets + f.length, f.events, f.length);
            if (scoreOf(p) >= criticalScore) {
              report(f.onsetMillis, { p, length: f.length, events: f.events, referenceBuckets: f.referenceBuckets }, f.valueSum);
              followed = undefined;
            }
          }
          // Followed no longer than the alarm blocks new bursts: once its bucket leaves the reference window, it is history.
          if (kept[0]!.bucketMillis > lastAlarmMillis) followed = undefined;
          if (!(value > 0) || kept[0]!.bucketMillis <= lastAlarmMillis) continue;
          const best = bestStretch();
          if (!best || best.p > alpha) continue;
          lastAlarmMillis = bucketMillis(series, i);
          const stretch = kept.slice(kept.length - best.length);
          const onsetMillis = stretch[0]!.bucketMillis;
          const valueSum = stretch.reduce((sum, b) => sum + b.value, 0);
          if (report(onsetMillis, best, valueSum).severity !== 'critical') {
            followed = { onsetMillis, referenceBuckets: best.referenceBuckets, length: best.length, events: best.events, valueSum };
          }
        }
        return out;
      },
    };
  }

  return { name: EVENT_BURST, detect: (series) => stream().judge(series, 0), stream };
}
