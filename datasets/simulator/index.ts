/**
 * The microservice telemetry simulator: labelled cases (OTLP/JSON traces,
 * metrics and logs plus the truth) for three systems modelled on public
 * demos, with injected faults. Deterministic: the same seed gives the same
 * bytes.
 */
export { generateDataset, type DatasetRequest, type DatasetResult } from './run/generate-dataset.ts';
export { runCase, type CaseStats } from './run/case-runner.ts';
export { createMemorySink, type LineSink, type MemorySink } from './run/line-sink.ts';
export { createWriterSink, type WriterSinkOptions } from './run/writer-sink.ts';
export { earliestTimestampNanos } from './run/earliest-timestamp.ts';
export { planCase, CASE_KINDS, type CaseKind, type CasePlan, type CaseRequest } from './plan/case-plan.ts';
export { parseCaseKinds } from './plan/case-kinds.ts';
export { FAULT_TYPES, type FaultType } from './faults/types.ts';
export { getSystem, SYSTEM_NAMES } from './topologies/index.ts';
export { buildCallGraph, type CallGraph } from './topology/graph.ts';
export type { SystemTopology, ServiceSpec, OperationSpec, BackingSpec } from './topology/types.ts';
export { generateSuite, SUITE_PROFILES, type SuiteProfile } from './suite.ts';
