export {
  FAULT_INDICATORS,
  SIGNAL_FILES,
  listCases,
  readCaseTruth,
  readSignalLines,
  mergeSignalLines,
  createCaseWriter,
  type CaseTruth,
  type FaultTruth,
  type CaseListing,
  type CaseRef,
  type SignalLine,
  type CaseWriter,
} from './format/index.ts';
export { replayCase } from './replay/index.ts';
export { runEval, summarize, scoreCase, formatSummaryTable, EVAL_METHODS, type EvalReport, type EvalOptions } from './eval/index.ts';
export { importDataset } from './importers/index.ts';
export { generateDataset, generateSuite, SYSTEM_NAMES, FAULT_TYPES, CASE_KINDS } from './simulator/index.ts';
