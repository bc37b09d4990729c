/**
 * Streaming reader of a case's signal file (`<signal>.jsonl.gz`, or plain
 * `<signal>.jsonl`): one line at a time through gunzip and readline, so a
 * case of any size reads in constant memory.
 *
 * Contract: `readSignalLines` yields `ok` lines in file order, or one error
 * naming the file, the line and the field (CW_ERR_DATASET_INVALID for a bad
 * line, a corrupt gzip stream or out-of-order times; CW_ERR_DATASET_IO for a
 * read failure) and then stops. A signal without a file yields nothing (a
 * case may carry any subset of the three). Blank lines are skipped but
 * counted, so line numbers match an editor's. Breaking out of the loop
 * closes the file.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { causewayError } from '../../core/errors.ts';
import { type Result, fail, ok } from '../../core/result.ts';
import type { SignalFile } from './case-truth.ts';
import { fileLabel, signalFileNames } from './dataset-paths.ts';
import { type PreviousLine, checkLineText, orderProblem } from './line-check.ts';
import { fileError } from './read-truth.ts';

export interface SignalLine {
  readonly signal: SignalFile;
  /** The file, as messages name it: `<case folder>/<file name>`. */
  readonly source: string;
  /** `<source>: line <lineNo>`, the prefix of any message about this line. */
  readonly where: string;
  /** 1-based line number in the file. */
  readonly lineNo: number;
  /** The line as stored (without its line break): valid OTLP/JSON to POST unchanged. */
  readonly text: string;
  /** `text` parsed. */
  readonly request: Record<string, unknown>;
  /**
   * Earliest event time of the request in ns (see request-scan.ts). A line
   * without any time carries the previous line's (0n for a first line), so
   * the sequence is non-decreasing and merges in place.
   */
  readonly earliestNanos: bigint;
  /** Spans, metric data points or log records in the request. */
  readonly items: number;
}

export interface ReadLinesOptions {
  /**
   * Check each line's OTLP shape with the collector's decoders (default
   * true). Turning it off reads faster; JSON syntax and time order are
   * always checked.
   */
  readonly validate?: boolean;
}

export interface SignalFileRef {
  readonly path: string;
  readonly gzipped: boolean;
  /** `<case folder>/<file name>`, for messages. */
  readonly label: string;
}

/** The file of `signal` in `caseDir`; undefined when there is none, an error when both names exist. */
export async function findSignalFile(caseDir: string, signal: SignalFile): Promise<Result<SignalFileRef | undefined>> {
  const found: SignalFileRef[] = [];
  for (const name of signalFileNames(signal)) {
    const path = join(caseDir, name);
    try {
      if ((await stat(path)).isFile()) found.push({ path, gzipped: name.endsWith('.gz'), label: fileLabel(caseDir, name) });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return fail(fileError(e, fileLabel(caseDir, name)));
    }
  }
  if (found.length > 1) {
    const [gz, plain] = signalFileNames(signal);
    return fail(causewayError('CW_ERR_DATASET_INVALID', `${fileLabel(caseDir, gz)}: ${plain} exists too; keep one file per signal`));
  }
  return ok(found[0]);
}

/** The raw lines of a signal file, decompressed when gzipped. `close()` releases the file early. */
export function openLineStream(file: SignalFileRef): { readonly lines: AsyncIterable<string>; close(): void } {
  const source = createReadStream(file.path);
  let input: Readable = source;
  if (file.gzipped) {
    const gunzip = createGunzip();
    // pipeline forwards a read error of the file into gunzip, so readline sees it.
    pipeline(source, gunzip, () => undefined);
    input = gunzip;
  }
  const rl = createInterface({ input, crlfDelay: Infinity });
  return {
    lines: rl,
    close() {
      rl.close();
      input.destroy();
      source.destroy();
    },
  };
}

export async function* readSignalLines(caseDir: string, signal: SignalFile, options: ReadLinesOptions = {}): AsyncGenerator<Result<SignalLine>, void, undefined> {
  const found = await findSignalFile(caseDir, signal);
  if (!found.ok) {
    yield found;
    return;
  }
  const file = found.value;
  if (!file) return;
  const validate = options.validate ?? true;
  const stream = openLineStream(file);
  let lineNo = 0;
  let previous: PreviousLine | undefined;
  try {
    for await (const raw of stream.lines) {
      lineNo++;
      if (raw.trim() === '') continue;
      const checked = checkLineText(signal, raw, validate);
      const problem = !checked.ok ? checked.problem : orderProblem(previous, checked.scan);
      if (!checked.ok || problem !== '') {
        yield fail(causewayError('CW_ERR_DATASET_INVALID', `${file.label}: line ${lineNo}: ${problem}`));
        return;
      }
      const earliestNanos = checked.scan.earliestNanos ?? previous?.earliestNanos ?? 0n;
      if (checked.scan.earliestNanos !== undefined) previous = { lineNo, earliestNanos };
      yield ok({ signal, source: file.label, where: `${file.label}: line ${lineNo}`, lineNo, text: raw, request: checked.request, earliestNanos, items: checked.scan.items });
    }
  } catch (e) {
    yield fail(streamError(e, file.label, lineNo));
  } finally {
    stream.close();
  }
}

/** A failure while streaming (`lineNo`: the last line read, 0 when unknown): zlib errors mean a corrupt or truncated file, anything else an I/O failure. */
export function streamError(e: unknown, label: string, lineNo: number): ReturnType<typeof fileError> {
  const err = e as NodeJS.ErrnoException;
  if (typeof err.code === 'string' && err.code.startsWith('Z_')) {
    const where = lineNo > 0 ? ` after line ${lineNo}` : '';
    return causewayError('CW_ERR_DATASET_INVALID', `${label}: not a valid gzip stream${where} (${err.message})`);
  }
  return fileError(e, label);
}
