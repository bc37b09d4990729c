/**
 * A streaming CSV reader (RFC 4180, https://www.rfc-editor.org/rfc/rfc4180):
 * comma-separated fields, fields optionally enclosed in double quotes, a
 * quote inside a quoted field written as two quotes, quoted fields may hold
 * commas and line breaks. Records end with LF or CRLF; a UTF-8 byte order
 * mark is dropped; blank lines are skipped.
 *
 * Leniency, on purpose: a quote in the middle of an unquoted field is kept
 * as a literal character (log messages contain them). Errors that would
 * change what a field means are raised with their position: a character
 * after a closing quote, an unterminated quoted field, a record whose field
 * count differs from the header's.
 *
 * The file is read in chunks and records are yielded one by one, so memory
 * stays flat however large the file is.
 */
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { DatasetImportError, notFound } from './import-error.ts';

export interface CsvRecord {
  readonly fields: readonly string[];
  /** Line (1-based) and column (1-based, in characters) where each field starts. */
  readonly lines: readonly number[];
  readonly columns: readonly number[];
}

export interface CsvFile {
  readonly file: string;
  readonly header: readonly string[];
  /** Data records (the header excluded), each with exactly header.length fields. */
  records(): AsyncGenerator<CsvRecord>;
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const AFTER_QUOTE = 3;

/** Every record of `file`, the header included. */
export async function* readCsvRecords(file: string): AsyncGenerator<CsvRecord> {
  let state = FIELD_START;
  let line = 1;
  let column = 1;
  let pending = '';
  let fields: string[] = [];
  let lines: number[] = [];
  let columns: number[] = [];
  let first = true;
  const ready: CsvRecord[] = [];

  const endRecord = () => {
    // A blank line is one empty unquoted field: skip it.
    if (!(fields.length === 1 && fields[0] === '' && state !== AFTER_QUOTE)) ready.push({ fields, lines, columns });
    fields = [];
    lines = [];
    columns = [];
  };

  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  try {
    for await (const piece of stream) {
      let chunk = piece as string;
      if (first) {
        first = false;
        if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      }
      let segment = 0;
      for (let i = 0; i < chunk.length; i++) {
        const c = chunk.charCodeAt(i);
        switch (state) {
          case FIELD_START:
            lines.push(line);
            columns.push(column);
            if (c === QUOTE) {
              state = QUOTED;
              pending = '';
              segment = i + 1;
            } else if (c === COMMA) {
              fields.push('');
            } else if (c === LF) {
              fields.push('');
              endRecord();
            } else {
              state = UNQUOTED;
              pending = '';
              segment = i;
            }
            break;
          case UNQUOTED:
            if (c === COMMA) {
              fields.push(pending + chunk.slice(segment, i));
              state = FIELD_START;
            } else if (c === LF) {
              let value = pending + chunk.slice(segment, i);
              if (value.endsWith('\r')) value = value.slice(0, -1);
              fields.push(value);
              state = FIELD_START;
              endRecord();
            }
            break;
          case QUOTED:
            if (c === QUOTE) {
              pending += chunk.slice(segment, i);
              state = AFTER_QUOTE;
            }
            break;
          case AFTER_QUOTE:
            if (c === QUOTE) {
              // An escaped quote: keep one, stay inside the field.
              pending += '"';
              segment = i + 1;
              state = QUOTED;
            } else if (c === COMMA) {
              fields.push(pending);
              state = FIELD_START;
            } else if (c === LF) {
              fields.push(pending);
              endRecord();
              state = FIELD_START;
            } else if (c !== CR) {
              throw new DatasetImportError(file, `unexpected character ${JSON.stringify(chunk[i])} after a closing quote`, line, column);
            }
            break;
        }
        if (c === LF) {
          line++;
          column = 1;
        } else {
          column++;
        }
      }
      if (state === UNQUOTED || state === QUOTED) pending += chunk.slice(segment);
      for (const record of ready) yield record;
      ready.length = 0;
    }
  } catch (e) {
    if (e instanceof DatasetImportError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw notFound(file, 'file not found');
    throw new DatasetImportError(file, `cannot read: ${(e as Error).message}`, undefined, undefined, 'CW_ERR_DATASET_IO');
  } finally {
    stream.destroy();
  }
  // End of file without a final line break.
  if (state === QUOTED) {
    throw new DatasetImportError(file, 'unterminated quoted field', lines[lines.length - 1], columns[columns.length - 1]);
  }
  if (state === UNQUOTED) {
    fields.push(pending.endsWith('\r') ? pending.slice(0, -1) : pending);
    endRecord();
  } else if (state === AFTER_QUOTE) {
    fields.push(pending);
    endRecord();
  } else if (fields.length > 0) {
    // A trailing comma on the last line: one more empty field.
    fields.push('');
    lines.push(line);
    columns.push(column);
    endRecord();
  }
  for (const record of ready) yield record;
}

/**
 * Opens `file`, reads its header and returns it with an iterator over the
 * data records. Raises a DatasetImportError when the file is missing, empty,
 * or a record has a different number of fields than the header.
 */
export async function openCsv(file: string): Promise<CsvFile> {
  try {
    await access(file);
  } catch {
    throw notFound(file, 'file not found');
  }
  const iterator = readCsvRecords(file);
  const head = await iterator.next();
  if (head.done) throw new DatasetImportError(file, 'empty file: no header line');
  const header = head.value.fields.map((name) => name.trim());
  let used = false;
  return {
    file,
    header,
    async *records() {
      if (used) throw new Error(`${file}: records() may be iterated once`);
      used = true;
      for await (const record of iterator) {
        if (record.fields.length !== header.length) {
          throw new DatasetImportError(
            file,
            `expected ${header.length} fields as in the header, found ${record.fields.length}`,
            record.lines[0],
            record.columns[0],
          );
        }
        yield record;
      }
    },
  };
}

/** Index of the first header name among `names` (in the order given), or -1. */
export function columnIndex(header: readonly string[], names: readonly string[]): number {
  for (const name of names) {
    const index = header.indexOf(name);
    if (index >= 0) return index;
  }
  return -1;
}
