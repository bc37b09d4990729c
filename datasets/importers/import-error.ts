/**
 * The one error an import raises for bad input: a missing file, a malformed
 * CSV, a cell that is not a number, a folder whose name carries no label.
 * The message starts with where the problem is, in the `file:line:column:`
 * form editors and terminals link to (line and column 1-based, the column
 * counted in characters of that line).
 *
 * Thrown deep inside the streaming readers (which cannot return early
 * through an async iteration) and turned into a CausewayError value once,
 * by `importDataset`; anything else thrown is a bug.
 */
import { type CausewayError, type ErrorCode, causewayError } from '../../core/errors.ts';

export class DatasetImportError extends Error {
  readonly code: ErrorCode;
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(file: string, problem: string, line?: number, column?: number, code: ErrorCode = 'CW_ERR_DATASET_INVALID') {
    const where = line === undefined ? file : column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`;
    super(`${where}: ${problem}`);
    this.name = 'DatasetImportError';
    this.code = code;
    this.file = file;
    this.line = line;
    this.column = column;
  }

  toCausewayError(): CausewayError {
    return causewayError(this.code, this.message);
  }

  /** A failure reported as a value by the dataset format (its message already names the file). */
  static fromCausewayError(error: CausewayError, file: string): DatasetImportError {
    const e = new DatasetImportError(file, '', undefined, undefined, error.code);
    e.message = error.message;
    return e;
  }
}

/** A required file or folder that is not there. */
export function notFound(path: string, what: string): DatasetImportError {
  return new DatasetImportError(path, what, undefined, undefined, 'CW_ERR_DATASET_NOT_FOUND');
}
