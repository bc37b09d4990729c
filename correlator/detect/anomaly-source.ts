/**
 * A stateful source of anomalies that needs more than the signal frame's
 * series (log templates, rules over raw records). The correlator's runtime
 * calls `advance` once per closed event-time window, in order and without
 * gaps; the source reads what it needs for that window from storage and
 * returns the anomalies whose onset falls in it. Same data and the same
 * sequence of windows, same anomalies: live and replayed runs agree.
 */
import type { Result } from '../../core/result.ts';
import type { Anomaly } from './anomaly.ts';

export interface AnomalySource {
  readonly name: string;
  /** `[fromMillis, toMillis)` is the window that just closed; `fromMillis` is the previous call's `toMillis`. */
  advance(fromMillis: number, toMillis: number): Promise<Result<Anomaly[]>>;
  /** Writes what the source holds back for storage (best effort); called when the runtime stops. */
  flush?(): Promise<Result<void>>;
}
