/**
 * Root-cause ranking: the CauseRanker the correlator is handed, its
 * scorers and fusion. See docs/rca.md.
 */
export { CAUSE_RANKER_DEFAULTS, TUNED_ABSENT_SHARE, TUNED_WEIGHTS, createCauseRanker, createFrameScorers, createStoreScorers, resolveRankerOptions } from './ranker.ts';
export type { CauseRankerOptions, CauseRankerOverrides } from './ranker.ts';
export type { EntityScore, Scorer, ScorerInput } from './scorer.ts';
export { FUSION_DEFAULTS, fuse, scorerRole } from './fusion.ts';
export type { FusionOptions, ScorerAnswer, ScorerRole } from './fusion.ts';
export { INPUT_DEFAULTS, incidentOnsetMillis, prepareInput } from './scorer-input.ts';
export type { InputOptions, PreparedInput } from './scorer-input.ts';
export { CANDIDATE_DEFAULTS, selectCandidates } from './candidates.ts';
export type { Candidate, CandidateOptions, CandidateReason } from './candidates.ts';
export { PROFILE_DEFAULTS } from './entity-profile.ts';
export type { EntityProfile, ProfileOptions } from './entity-profile.ts';
export { CHANGE_MAGNITUDE, CHANGE_MAGNITUDE_DEFAULTS, createChangeMagnitudeScorer } from './scorers/change-magnitude.ts';
export type { ChangeMagnitudeOptions } from './scorers/change-magnitude.ts';
export { PROPAGATION, PROPAGATION_DEFAULTS, createPropagationScorer } from './scorers/propagation.ts';
export type { PropagationOptions } from './scorers/propagation.ts';
export { RESOURCE_SATURATION, RESOURCE_SATURATION_DEFAULTS, createResourceSaturationScorer } from './scorers/resource-saturation.ts';
export type { ResourceSaturationOptions } from './scorers/resource-saturation.ts';
export { TRACE_EVIDENCE_DEFAULTS, createTraceEvidenceScorer } from './scorers/trace-evidence.ts';
export type { TraceEvidenceOptions } from './scorers/trace-evidence.ts';
export { CALL_PATH_DEFAULTS, createCallPathScorer } from './scorers/call-path.ts';
export type { CallPathOptions } from './scorers/call-path.ts';
export { LOG_EVIDENCE_DEFAULTS, createLogEvidenceScorer } from './scorers/log-evidence.ts';
export type { LogEvidenceOptions } from './scorers/log-evidence.ts';
export { CHANGE_EVIDENCE_DEFAULTS, createChangeEvidenceScorer } from './scorers/change-evidence.ts';
export type { ChangeEvidenceOptions } from './scorers/change-evidence.ts';
