/**
 * The contract every root-cause scorer follows. A scorer looks at the
 * incident from one angle (how much a signal changed, which entity went
 * first, what traces, logs or deploys say) and returns, per candidate
 * entity it has something to say about, a score in [0, 1] with the
 * indicator it blames, a one-line explanation and the evidence. Fusion
 * (fusion.ts) combines the scorers' answers into one ranking.
 *
 * A scorer that has no data for its angle (no traces, no logs) returns an
 * empty list rather than zeros, so fusion can tell "no evidence" from
 * "evidence of nothing" and the ranking degrades gracefully to the signals
 * that exist.
 */
import type { Result } from '../core/result.ts';
import type { CauseEvidence, Indicator, RankingContext } from '../correlator/index.ts';

export interface ScorerInput {
  readonly context: RankingContext;
  /** Entities to judge: the incident's entities and their graph neighbourhood (candidates.ts). */
  readonly candidates: readonly string[];
  /** Earliest onset among the incident's anomalies (event time). */
  readonly onsetMillis: number;
  /** Start of the baseline period the scorers compare against; it ends at `onsetMillis`. */
  readonly baselineFromMillis: number;
}

export interface EntityScore {
  readonly entity: string;
  readonly indicator: Indicator;
  /** In [0, 1]. */
  readonly score: number;
  readonly explanation: string;
  readonly evidence: CauseEvidence;
}

export interface Scorer {
  /** Stable name; the key of the scorer's weight and of `evidence.scores`. */
  readonly name: string;
  score(input: ScorerInput): Promise<Result<EntityScore[]>>;
}
