/**
 * Change evidence: a deployment of a candidate shortly before the incident
 * (a new `service.version`, container image tag or ReplicaSet first seen
 * in [onset - beforeOnsetMillis, onset + afterOnsetMillis]; see
 * correlator/deploys). Indicator `code`.
 *
 * Most deployments are harmless, and several can land near any onset, so a
 * change alone scores at most `changeOnlyScore`. It scores up to
 * `changeWithAnomaliesScore` when the deployed service itself has an
 * anomaly in the incident that started after the change (less
 * `anomalySlackMillis`: an anomaly's onset is the start of its bucket,
 * which can precede the change inside the same bucket). Either way the score
 * falls linearly to half as the change moves from the onset to
 * `beforeOnsetMillis` before it.
 *
 * To tell a new value from one merely not seen for a while, markers are
 * read from `historyMillis` before the window on.
 */
import { type Result, fail, ok } from '../../core/result.ts';
import { type Anomaly, type ResourceChange, findChanges, readDeployMarkers } from '../../correlator/index.ts';
import { describeChangeAt, formatOffset, formatTime } from '../evidence/format.ts';
import type { EntityScore, Scorer, ScorerInput } from '../scorer.ts';
import { clamp01 } from '../stats.ts';

export interface ChangeEvidenceOptions {
  /** How long before the onset a deployment still counts. */
  readonly beforeOnsetMillis: number;
  /** How long after the onset a deployment still counts (rollouts take a while to reach the first pod). */
  readonly afterOnsetMillis: number;
  /** How far before the window values are looked for, so a value already seen is not taken for new. */
  readonly historyMillis: number;
  /** An anomaly of the service starting up to this long before the change still counts as after it. */
  readonly anomalySlackMillis: number;
  /** Score of a change right at the onset with no anomaly of its own service after it. */
  readonly changeOnlyScore: number;
  /** Score of a change right at the onset followed by anomalies of its service. */
  readonly changeWithAnomaliesScore: number;
  /** Changes listed as evidence per service. */
  readonly maxChangesListed: number;
}

export const CHANGE_EVIDENCE_DEFAULTS: ChangeEvidenceOptions = Object.freeze({
  beforeOnsetMillis: 15 * 60_000,
  afterOnsetMillis: 2 * 60_000,
  historyMillis: 60 * 60_000,
  anomalySlackMillis: 60_000,
  changeOnlyScore: 0.4,
  changeWithAnomaliesScore: 1,
  maxChangesListed: 5,
});

function checkOptions(o: ChangeEvidenceOptions): void {
  for (const key of ['beforeOnsetMillis', 'afterOnsetMillis', 'historyMillis', 'anomalySlackMillis'] as const) {
    if (!(o[key] >= 0) || !Number.isFinite(o[key])) throw new RangeError(`change evidence: ${key} must be a finite number >= 0, got ${o[key]}`);
  }
  if (!(o.beforeOnsetMillis > 0)) throw new RangeError('change evidence: beforeOnsetMillis must be > 0');
  for (const key of ['changeOnlyScore', 'changeWithAnomaliesScore'] as const) {
    if (!(o[key] >= 0 && o[key] <= 1)) throw new RangeError(`change evidence: ${key} must be in [0, 1], got ${o[key]}`);
  }
  if (!Number.isInteger(o.maxChangesListed) || o.maxChangesListed < 1) throw new RangeError('change evidence: maxChangesListed must be a positive integer');
}

/** The change a service's score rests on: its first version change in the window, else its first change of any marker. */
function leadChange(changes: readonly ResourceChange[]): ResourceChange {
  return changes.find((c) => c.attribute === 'service.version') ?? changes[0]!;
}

function scoreService(service: string, changes: readonly ResourceChange[], input: ScorerInput, o: ChangeEvidenceOptions): EntityScore {
  const lead = leadChange(changes);
  const after: Anomaly[] = input.context.incident.anomalies.filter((a) => a.entity === service && a.onsetMillis >= lead.atMillis - o.anomalySlackMillis);
  const earliness = lead.atMillis < input.onsetMillis ? Math.min(1, (input.onsetMillis - lead.atMillis) / o.beforeOnsetMillis) : 0;
  const base = after.length > 0 ? o.changeWithAnomaliesScore : o.changeOnlyScore;
  const indicators = [...new Set(after.map((a) => a.indicator))].sort();
  const firstAfter = Math.min(...after.map((a) => a.onsetMillis));
  // An anomaly within the slack before the change is the same bucket's: "then" would read as a contradiction of its time.
  const consequence =
    after.length === 0
      ? 'none of its own signals went anomalous after it'
      : firstAfter >= lead.atMillis
        ? `then its ${indicators.join(', ')} went anomalous (from ${formatTime(firstAfter)})`
        : `its ${indicators.join(', ')} went anomalous at about the same time (from ${formatTime(firstAfter)})`;
  return {
    entity: service,
    indicator: 'code',
    score: clamp01(base * (1 - 0.5 * earliness)),
    explanation: `${service} was deployed: ${lead.attribute} ${lead.from} -> ${lead.to} at ${formatTime(lead.atMillis)}, ${formatOffset(lead.atMillis, input.onsetMillis)}; ${consequence}`,
    evidence: { changes: changes.slice(0, o.maxChangesListed).map(describeChangeAt) },
  };
}

export function createChangeEvidenceScorer(options: Partial<ChangeEvidenceOptions> = {}): Scorer {
  const o: ChangeEvidenceOptions = { ...CHANGE_EVIDENCE_DEFAULTS, ...options };
  checkOptions(o);
  return {
    name: 'change-evidence',
    async score(input: ScorerInput): Promise<Result<EntityScore[]>> {
      if (input.candidates.length === 0 || !Number.isFinite(input.onsetMillis)) return ok([]);
      const windowFrom = input.onsetMillis - o.beforeOnsetMillis;
      const windowTo = Math.min(input.onsetMillis + o.afterOnsetMillis, input.context.atMillis);
      const markers = await readDeployMarkers(input.context.store, input.candidates, windowFrom - o.historyMillis, windowTo);
      if (!markers.ok) return fail(markers.error);
      const byService = new Map<string, ResourceChange[]>();
      for (const c of findChanges(markers.value, windowFrom, windowTo)) byService.set(c.service, [...(byService.get(c.service) ?? []), c]);
      const scores = [...byService.entries()].map(([service, changes]) => scoreService(service, changes, input, o));
      return ok(scores.sort((a, b) => b.score - a.score || a.entity.localeCompare(b.entity)));
    },
  };
}
