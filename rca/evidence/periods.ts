/**
 * The two periods every store-backed scorer compares, from a ScorerInput:
 *
 *     baselineFrom ............ onset | onset ............ at
 *     [ baseline: what normal was     ) [ incident: what changed ]
 *
 * The incident period ends at the ranking time (the correlator's
 * watermark), inclusive, so a ranking sees exactly the telemetry the
 * correlator had when it made it; for a long incident it stops
 * `maxIncidentMillis` after the onset: what started the incident shows
 * near its start, and the queries stay bounded however long it runs.
 */
import type { ScorerInput } from '../scorer.ts';

export interface EvidencePeriods {
  readonly baselineFromMillis: number;
  readonly onsetMillis: number;
  readonly atMillis: number;
}

/** The periods of an input; undefined when either is empty (nothing to compare yet). */
export function evidencePeriods(input: ScorerInput, maxIncidentMillis: number): EvidencePeriods | undefined {
  const atMillis = Math.min(input.context.atMillis, input.onsetMillis + maxIncidentMillis);
  const periods = { baselineFromMillis: input.baselineFromMillis, onsetMillis: input.onsetMillis, atMillis };
  const valid = [periods.baselineFromMillis, periods.onsetMillis, periods.atMillis].every(Number.isFinite);
  return valid && periods.baselineFromMillis < periods.onsetMillis && periods.onsetMillis < periods.atMillis ? periods : undefined;
}

export const baselineMinutes = (p: EvidencePeriods): number => (p.onsetMillis - p.baselineFromMillis) / 60_000;
export const incidentMinutes = (p: EvidencePeriods): number => (p.atMillis - p.onsetMillis) / 60_000;

/** Query parameters `{from}`, `{onset}`, `{at}` (Int64 Unix milliseconds). */
export function periodParams(p: EvidencePeriods): { from: number; onset: number; at: number } {
  return { from: p.baselineFromMillis, onset: p.onsetMillis, at: p.atMillis };
}
