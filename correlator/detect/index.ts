// Public surface of correlator/detect: anomaly detectors over signal series.
export { badDirection, bucketMillis, seriesInputs } from './anomaly.ts';
export type { AnomalySource } from './anomaly-source.ts';
export type { Anomaly, AnomalyEvidence, BadDirection, Detector, Direction, SeriesInput, Severity } from './anomaly.ts';
export { DEFAULT_ABSOLUTE_FLOORS } from './floors.ts';
export { ROBUST_BASELINE, createRobustBaselineDetector } from './robust-baseline.ts';
export type { RobustBaselineOptions } from './robust-baseline.ts';
export { STATIC_THRESHOLD, createStaticThresholdDetector } from './static-threshold.ts';
export type { ThresholdRule } from './static-threshold.ts';
export { CHANGE_POINT, createChangePointDetector } from './change-point.ts';
export type { ChangePointOptions } from './change-point.ts';
export { DEFAULT_BURN_RATE_TIERS, SLO_BURN, createSloBurnDetector } from './slo-burn.ts';
export type { BurnRateTier, SloBurnOptions } from './slo-burn.ts';
export { PREDICTIVE, createPredictiveDetector } from './predictive.ts';
export type { PredictiveOptions } from './predictive.ts';
