/**
 * Change magnitude (BARO-style): how far each candidate's signals left their
 * baseline after the onset. Per series, the baseline's median and IQR and
 * the largest bad-direction scaled deviation after the onset, blended with
 * the deviation of the median after the onset (a shift that lasts counts
 * more than one spike); the candidate's score is its strongest series, and
 * that series' indicator is the one blamed.
 *
 * Scores are log-compressed against the largest deviation the scale floor
 * allows (series-deviation.ts: 1 / changeFloor), so 1 means "as large a
 * change as can be measured" and a change 10x the baseline's spread scores
 * about 0.6. A series whose data stopped after the onset, along with most
 * of its entity's series (the process is gone), counts as a change of that
 * largest size.
 *
 * A resource or load change is scaled down when the service's own answers
 * (latency, errors, error logs) did not move (impact.ts).
 *
 * Every candidate with a usable baseline gets a score (0 when nothing
 * moved): no change is evidence too. Candidates without series get none.
 */
import { ok } from '../../core/result.ts';
import { type ProfileOptions, PROFILE_DEFAULTS, frameProfiles, instanceDeviations } from '../entity-profile.ts';
import { describeDeviation, evidenceSeries } from '../explain.ts';
import { gateByImpact, responseImpact } from '../impact.ts';
import type { EntityScore, Scorer } from '../scorer.ts';
import type { Deviation } from '../series-deviation.ts';

export interface ChangeMagnitudeOptions {
  readonly profile: ProfileOptions;
  /** Share of the score from the lasting shift (the median after the onset) rather than the peak. */
  readonly sustainedShare: number;
  /** Evidence: buckets shown before and after the onset. */
  readonly evidenceBuckets: number;
  /** A resource or load change of a service whose answers did not change keeps this share of its score (impact.ts). */
  readonly impactFloor: number;
}

export const CHANGE_MAGNITUDE_DEFAULTS: ChangeMagnitudeOptions = Object.freeze({ profile: PROFILE_DEFAULTS, sustainedShare: 0.25, evidenceBuckets: 30, impactFloor: 0.5 });

export const CHANGE_MAGNITUDE = 'change-magnitude';

/** The blended deviation of one series; silent series count as the largest measurable change. */
export function blendedDeviation(d: Deviation, sustainedShare: number, largest: number): number {
  if (d.silent) return largest;
  return Math.min(largest, (1 - sustainedShare) * d.peak + sustainedShare * d.sustained);
}

/** The strongest of `deviations` by blended deviation, and that deviation. */
export function strongestSeries(deviations: readonly Deviation[], sustainedShare: number, largest: number): { deviation: Deviation; value: number } | undefined {
  let best: { deviation: Deviation; value: number } | undefined;
  for (const d of deviations) {
    const value = blendedDeviation(d, sustainedShare, largest);
    if (!best || value > best.value) best = { deviation: d, value };
  }
  return best;
}

export function createChangeMagnitudeScorer(overrides: Partial<ChangeMagnitudeOptions> = {}): Scorer {
  const options = { ...CHANGE_MAGNITUDE_DEFAULTS, ...overrides };
  const largest = 1 / Math.max(options.profile.changeFloor, 1e-6);
  return {
    name: CHANGE_MAGNITUDE,
    async score(input) {
      const { frame } = input.context;
      const { window, byEntity } = frameProfiles(input, options.profile);
      const out: EntityScore[] = [];
      for (const entity of input.candidates) {
        const deviations = instanceDeviations(byEntity, input.context.graph, entity);
        const impact = responseImpact(deviations, largest);
        let best: { deviation: Deviation; score: number } | undefined;
        for (const d of deviations) {
          const compressed = Math.min(1, Math.log1p(blendedDeviation(d, options.sustainedShare, largest)) / Math.log1p(largest));
          const score = gateByImpact(compressed, d.series.indicator, impact, options.impactFloor);
          if (!best || score > best.score) best = { deviation: d, score };
        }
        if (!best) continue;
        const { deviation, score } = best;
        out.push({
          entity,
          indicator: deviation.series.indicator,
          score,
          explanation: describeDeviation(entity, deviation),
          evidence: { series: [evidenceSeries(frame, deviation.series, window.onset - options.evidenceBuckets, window.onset + options.evidenceBuckets)] },
        });
      }
      return ok(out);
    },
  };
}
