/**
 * What a method under evaluation concludes about one case: the alerts it
 * raised and the incidents it opened, each with ranked causes. Causeway's
 * own pipeline and the baselines produce the same shape, so every number in
 * a report is computed the same way for all of them.
 */

export interface RankedCause {
  readonly service: string;
  readonly indicator: string;
  readonly score: number;
}

export interface AlertRecord {
  /** Entity (service name) the anomaly was raised on. */
  readonly service: string;
  readonly indicator: string;
  /** Onset, Unix milliseconds. */
  readonly atMillis: number;
}

export interface IncidentRecord {
  readonly id: string;
  /** When the incident's evidence starts (the onset that made it enough), Unix milliseconds: which fault it answers is judged on this. */
  readonly openedAtMillis: number;
  /**
   * When the method knew, Unix milliseconds (Causeway: the end of the window
   * in which it opened the incident): detection delay is measured to this.
   * Undefined for offline methods, which state one time only.
   */
  readonly detectedAtMillis?: number;
  /** Unix milliseconds; undefined while still open at the end of the case. */
  readonly resolvedAtMillis?: number;
  /** The anomalies grouped into this incident. */
  readonly alerts: readonly AlertRecord[];
  /** Ranked causes, best first. */
  readonly ranking: readonly RankedCause[];
}

export interface MethodOutput {
  /** Every anomaly raised (alerts), grouped or not. */
  readonly alerts: readonly AlertRecord[];
  readonly incidents: readonly IncidentRecord[];
}
