/**
 * STAND-IN: the batch pipeline's first heuristic (`rankCauses`: earliest
 * onset, strongest anomaly, deepest anomalous callee) wrapped as a
 * `CauseRanker`, so the runtime emits rankings in the live service and in
 * `causeway eval` until root-cause ranking proper (rca/) is injected in its
 * place. It uses only the incident's anomalies and the graph.
 */
import { ok } from '../../core/result.ts';
import { rankCauses } from '../batch-pipeline.ts';
import type { Indicator } from '../signals/signal-frame.ts';
import type { CauseRanker } from '../incidents/causes.ts';

export function createStandInCauseRanker(): CauseRanker {
  return {
    rank({ incident, graph }) {
      const ranked = rankCauses(incident.anomalies, graph).map((r) => ({
        entity: r.entity,
        // rankCauses reports the indicator of the entity's strongest anomaly, an Indicator by construction.
        indicator: r.indicator as Indicator,
        score: r.score,
        explanation: `${r.indicator} of ${r.entity}: earliest, strongest or deepest anomaly of the incident (stand-in heuristic)`,
        evidence: {},
      }));
      return Promise.resolve(ok(ranked));
    },
  };
}
