/**
 * The buckets of a frame a ranking looks at: the baseline period before the
 * incident's onset and the period after it, up to the time of ranking.
 *
 *     baselineFrom ........ baselineTo | onset ............ end
 *     [ baseline: what normal was      ) [ after: what changed )
 *
 * `guardBuckets` leaves the last buckets before the onset out of the
 * baseline: a detector reports the onset once a change is already clear, so
 * the first, smaller steps of the change often fall just before it.
 */
import type { SignalFrame } from '../correlator/index.ts';
import type { ScorerInput } from './scorer.ts';

export interface AnalysisWindow {
  /** First baseline bucket. */
  readonly baselineFrom: number;
  /** End of the baseline (exclusive). */
  readonly baselineTo: number;
  /** The onset's bucket: first bucket of the after period. */
  readonly onset: number;
  /** End of the after period (exclusive). */
  readonly end: number;
}

export interface WindowOptions {
  readonly guardBuckets: number;
  /** The after period stops this long after the onset (or at the ranking time, if earlier). */
  readonly maxAfterSeconds: number;
}

export function bucketOf(frame: SignalFrame, millis: number): number {
  return Math.floor((millis - frame.fromMillis) / (frame.stepSeconds * 1000));
}

export function analysisWindow(frame: SignalFrame, input: Pick<ScorerInput, 'onsetMillis' | 'baselineFromMillis' | 'context'>, options: WindowOptions): AnalysisWindow {
  const clampBucket = (b: number) => Math.min(frame.buckets, Math.max(0, b));
  const onset = clampBucket(bucketOf(frame, input.onsetMillis));
  const baselineFrom = clampBucket(bucketOf(frame, input.baselineFromMillis));
  const baselineTo = Math.max(baselineFrom, onset - Math.max(0, options.guardBuckets));
  const atBucket = Math.ceil((input.context.atMillis - frame.fromMillis) / (frame.stepSeconds * 1000));
  const end = clampBucket(Math.min(atBucket, onset + Math.ceil(options.maxAfterSeconds / frame.stepSeconds)));
  return { baselineFrom, baselineTo, onset, end: Math.max(onset, end) };
}
