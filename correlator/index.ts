export { alignSignalRange, readSignalFrame, INDICATORS, RESOURCE_INDICATORS, bucketStartMillis, indicatorOfMetric } from './signals/index.ts';
export type { Indicator, SignalFrame, SignalSeries, SignalSource, SignalQueryStore, SignalRange } from './signals/index.ts';
export { createTemplateMiner, createTemplateStats, EFFECTIVE_SEVERITY_SQL, SEVERITY_NUMBER, TEMPLATE_MINER_DEFAULTS, TEMPLATE_STATS_DEFAULTS, TEMPLATE_DETECT_DEFAULTS } from './logs/index.ts';
export type { MinedTemplate, TemplateInfo, TemplateMiner, TemplateMinerOptions, BucketFindings, DetectOptions, NewTemplate, SpikingTemplate, TemplateKey, TemplateStats, TemplateStatsOptions } from './logs/index.ts';
export { readTopology, createServiceGraph, loadSnapshotAt, saveSnapshot, infrastructureId, INFRASTRUCTURE_KINDS, PARENT_LOOKBACK_MILLIS } from './topology/index.ts';
export type { EdgeKind, LoadSnapshotOptions, NodeKind, PathOptions, ServiceGraph, SnapshotWriteStore, TopologyData, TopologyEdge, TopologyNode, TopologyQueryStore, TopologySnapshot, TopologyWindow, TraversalOptions } from './topology/index.ts';
export {
  CHANGE_POINT,
  DEFAULT_ABSOLUTE_FLOORS,
  DEFAULT_BURN_RATE_TIERS,
  PREDICTIVE,
  ROBUST_BASELINE,
  SLO_BURN,
  STATIC_THRESHOLD,
  badDirection,
  bucketMillis,
  createChangePointDetector,
  createPredictiveDetector,
  createRestartsDetector,
  createRobustBaselineDetector,
  createSloBurnDetector,
  createStaticThresholdDetector,
  isInterfaceTrouble,
  isNetworkTrouble,
  seriesInputs,
} from './detect/index.ts';
export type {
  Anomaly,
  AnomalyEvidence,
  AnomalySource,
  BadDirection,
  BurnRateTier,
  ChangePointOptions,
  Detector,
  Direction,
  PredictiveOptions,
  RobustBaselineOptions,
  SeriesInput,
  Severity,
  SloBurnOptions,
  ThresholdRule,
} from './detect/index.ts';
export { INCIDENT_GROUPER_DEFAULTS, anomalyFingerprint, applyIncidentEvent, assessImpact, createFlapTracker, createIncidentGrouper, foldIncidents, resolveGrouperOptions } from './incidents/index.ts';
export type {
  AnomalyAttached,
  CausesRanked,
  CauseEvidence,
  CauseRanker,
  EvidenceSeries,
  RankingContext,
  FlapOptions,
  FlapTracker,
  GraphProvider,
  Impact,
  ImpactOptions,
  IncidentEvent,
  IncidentGrouper,
  IncidentGrouperOptions,
  IncidentOpened,
  IncidentResolved,
  IncidentState,
  IncidentStatus,
  MergedInto,
  Priority,
  ReopenedAs,
  SeverityChanged,
} from './incidents/index.ts';
export type { RankedCause } from './incidents/index.ts';
export { BATCH_PIPELINE_DEFAULTS, rankCauses, runBatchPipeline } from './batch-pipeline.ts';
export type { BatchIncident, BatchPipelineOptions, BatchPipelineResult, RankedEntity, RankingOptions } from './batch-pipeline.ts';
export { createIncidentEventReader, createIncidentEventStore, decodeIncidentEvent, encodeIncidentEvent } from './incidents/index.ts';
export type { IncidentEventReader, IncidentEventStore, IncidentListStatus, IncidentQueryStore, IncidentRecord, IncidentWriteStore, ListIncidentsOptions, LoadEventsOptions, RestoredIncidents, RestoreOptions } from './incidents/index.ts';
export { correlatorSettingsFromConfig } from './settings.ts';
export type { CorrelatorConfig, CorrelatorSettings } from './settings.ts';
export {
  HOLT_WINTERS_DEFAULTS,
  LATENCY_SLO_SOURCE,
  LOG_COUNT_RULE,
  LOG_NEW_TEMPLATE,
  LOG_RULES_SOURCE,
  LOG_TEMPLATE_SPIKE,
  PREDICTIVE_HOLT_WINTERS,
  createHoltWinters,
  createLatencySloSource,
  createLogRulesSource,
  scopedDetector,
  seriesMatcher,
} from './detect/index.ts';
export type { HoltWinters, HoltWintersParams, LatencySlo, LatencySloSourceOptions, LogCountRule, LogRulesSource, LogRulesSourceOptions, LogRulesStore, LogTemplateOptions, PredictiveMethod, SeriesMatch } from './detect/index.ts';
export { SEVERITY_LEVELS, readTemplates } from './logs/index.ts';
export type { SeverityLevel, StoredTemplate } from './logs/index.ts';
export { describeChange, findChanges, readDeployMarkers } from './deploys/index.ts';
export type { MarkerValue, ResourceChange } from './deploys/index.ts';
