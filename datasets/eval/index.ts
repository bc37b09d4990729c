export { runEval, type EvalOptions } from './run-eval.ts';
export { runParallelEval, type ParallelEvalOptions } from './parallel-eval.ts';
export { summarize, summarizeReports, median, type EvalReport, type CaseReport, type ScoredCase, type AccuracySummary } from './summarize.ts';
export { scoreCase, accuracyAtK, type CaseScore, type FaultScore } from './score-case.ts';
export { formatCaseLines, formatSummaryTable } from './format-report.ts';
export { EVAL_METHODS, type EvalMethod, type MethodContext } from './methods/index.ts';
export type { MethodOutput, IncidentRecord, AlertRecord, RankedCause } from './method-output.ts';
export { withLoadedCase, type LoadedCaseOptions } from './loaded-case.ts';
export { ingestCase, type IngestedCounts } from './ingest-case.ts';
