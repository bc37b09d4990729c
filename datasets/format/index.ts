/** The dataset format (version 1): reading, validating, listing, writing and merging cases. */
export {
  FAULT_INDICATORS,
  SIGNAL_FILES,
  type CaseTruth,
  type DatasetInfo,
  type FaultIndicator,
  type FaultTruth,
  type SignalFile,
} from './case-truth.ts';
export { CASE_FILE, DATASET_FILE, signalFileNames } from './dataset-paths.ts';
export { isoToNanos, nanosToIso } from './iso-time.ts';
export { validateCaseTruth, validateDatasetInfo } from './validate-truth.ts';
export { readCaseTruth, readDatasetInfo } from './read-truth.ts';
export { listCases, type CaseListing, type CaseRef } from './list-cases.ts';
export { compileCaseGlob } from './case-glob.ts';
export { scanRequest, type RequestScan } from './request-scan.ts';
export { readSignalLines, findSignalFile, type SignalLine, type SignalFileRef, type ReadLinesOptions } from './signal-lines.ts';
export { mergeSignalLines } from './merge-lines.ts';
export { countCaseLines } from './line-count.ts';
export { createCaseWriter, type CaseWriter, type CaseWriterOptions } from './case-writer.ts';
