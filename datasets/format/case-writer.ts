/**
 * Streaming writer of one case folder: lines are appended per signal to
 * `<signal>.jsonl.gz` as they come, so a case of any size is written in
 * constant memory; `append` waits while gzip's buffer is full
 * (backpressure), so a fast producer cannot outrun the disk.
 *
 * Contracts:
 * - The truth is validated when the writer is created; each line passes the
 *   same checks as the reader's (line-check.ts), including time order, so
 *   whatever the writer accepts the reader reads back.
 * - The writer owns the case folder's format files: existing `case.json` and
 *   signal files are removed at creation, so a rewritten case never mixes
 *   old and new lines. Signal files are created on the first line only (a
 *   case may have any subset).
 * - `case.json` is written last, by `close()`, through a rename: a folder
 *   with a `case.json` is a complete case, and `listCases` ignores folders
 *   whose writer did not finish.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { type CausewayError, causewayError } from '../../core/errors.ts';
import { type Result, fail, ok } from '../../core/result.ts';
import { type CaseTruth, SIGNAL_FILES, type SignalFile } from './case-truth.ts';
import { CASE_FILE, fileLabel, signalFileNames } from './dataset-paths.ts';
import { type PreviousLine, checkLineText, orderProblem } from './line-check.ts';
import { fileError } from './read-truth.ts';
import { validateCaseTruth } from './validate-truth.ts';

export interface CaseWriterOptions {
  /** Check each line's OTLP shape with the collector's decoders (default true). */
  readonly validate?: boolean;
  /** gzip level 1 (fast) .. 9 (small); default 6. */
  readonly gzipLevel?: number;
}

export interface CaseWriter {
  readonly dir: string;
  /**
   * Appends one OTLP/JSON export request of `signal`: an object, or its JSON
   * text on one line (written unchanged). Fails with CW_ERR_DATASET_INVALID
   * naming the file, line and field when the line breaks the format (nothing
   * is written then), or CW_ERR_DATASET_IO when the file cannot be written.
   */
  append(signal: SignalFile, request: object | string): Promise<Result<void>>;
  /** Lines written so far per signal. */
  linesWritten(signal: SignalFile): number;
  /** Flushes every signal file, then writes `case.json`. Idempotent. */
  close(): Promise<Result<void>>;
  /** Stops and removes what was written; the folder is left without a case. */
  abort(): Promise<void>;
}

/** One signal's file; its gzip stream is opened on the first line that passes the checks. */
interface SignalOutput {
  readonly label: string;
  readonly path: string;
  gzip: Writable | undefined;
  done: Promise<void>;
  lines: number;
  previous: PreviousLine | undefined;
  error: CausewayError | undefined;
}

export async function createCaseWriter(caseDir: string, truth: CaseTruth, options: CaseWriterOptions = {}): Promise<Result<CaseWriter>> {
  const caseLabel = fileLabel(caseDir, CASE_FILE);
  const valid = validateCaseTruth(truth, caseLabel);
  if (!valid.ok) return valid;
  const validate = options.validate ?? true;
  const formatFiles = [CASE_FILE, ...SIGNAL_FILES.flatMap((s) => signalFileNames(s))];
  try {
    await mkdir(caseDir, { recursive: true });
    for (const name of formatFiles) await rm(join(caseDir, name), { force: true });
  } catch (e) {
    return fail(fileError(e, caseLabel));
  }

  const outputs = new Map<SignalFile, SignalOutput>();
  let closing: Promise<Result<void>> | undefined;

  const output = (signal: SignalFile): SignalOutput => {
    let out = outputs.get(signal);
    if (!out) {
      const name = signalFileNames(signal)[0];
      out = { label: fileLabel(caseDir, name), path: join(caseDir, name), gzip: undefined, done: Promise.resolve(), lines: 0, previous: undefined, error: undefined };
      outputs.set(signal, out);
    }
    return out;
  };

  const stream = (out: SignalOutput): Writable => {
    if (out.gzip) return out.gzip;
    const gzip = createGzip({ level: options.gzipLevel ?? 6 });
    out.gzip = gzip;
    out.done = pipeline(gzip, createWriteStream(out.path)).catch((e: unknown) => {
      out.error ??= fileError(e, out.label);
    });
    return gzip;
  };

  return ok({
    dir: caseDir,

    async append(signal, request) {
      if (closing) throw new Error('CaseWriter.append after close()');
      const out = output(signal);
      if (out.error) return fail(out.error);
      const lineNo = out.lines + 1;
      const text = typeof request === 'string' ? request : JSON.stringify(request);
      if (/[\r\n]/.test(text)) return fail(causewayError('CW_ERR_DATASET_INVALID', `${out.label}: line ${lineNo}: the JSON text must be on one line`));
      // The written text is what is checked (not the object), so whatever passes here reads back the same.
      const checked = checkLineText(signal, text, validate);
      const problem = !checked.ok ? checked.problem : orderProblem(out.previous, checked.scan);
      if (!checked.ok || problem !== '') return fail(causewayError('CW_ERR_DATASET_INVALID', `${out.label}: line ${lineNo}: ${problem}`));
      if (checked.scan.earliestNanos !== undefined) out.previous = { lineNo, earliestNanos: checked.scan.earliestNanos };
      out.lines = lineNo;
      const gzip = stream(out);
      if (!gzip.write(`${text}\n`)) await drained(gzip);
      return out.error ? fail(out.error) : ok(undefined);
    },

    linesWritten: (signal) => outputs.get(signal)?.lines ?? 0,

    close() {
      closing ??= (async (): Promise<Result<void>> => {
        for (const out of outputs.values()) out.gzip?.end();
        await Promise.all([...outputs.values()].map((o) => o.done));
        for (const out of outputs.values()) if (out.error) return fail(out.error);
        const tmp = join(caseDir, `${CASE_FILE}.tmp`);
        try {
          await writeFile(tmp, `${JSON.stringify(truth, null, 2)}\n`);
          await rename(tmp, join(caseDir, CASE_FILE));
        } catch (e) {
          return fail(fileError(e, caseLabel));
        }
        return ok(undefined);
      })();
      return closing;
    },

    async abort() {
      closing ??= Promise.resolve(fail(causewayError('CW_ERR_DATASET_IO', `${caseLabel}: the writer was aborted`)));
      for (const out of outputs.values()) out.gzip?.destroy();
      await Promise.all([...outputs.values()].map((o) => o.done));
      for (const name of formatFiles) await rm(join(caseDir, name), { force: true });
    },
  });
}

/** Resolves once `stream` can take more, or has failed or closed (the caller then checks the recorded error). */
function drained(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      stream.off('error', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
    stream.on('error', done);
  });
}
