/**
 * Counts the lines of a case's signal files that the reader would read
 * (blank lines excluded) without parsing them: one pass through gunzip over
 * the bytes, for a progress total before a replay.
 */
import { createReadStream } from 'node:fs';
import { type Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { type Result, fail, ok } from '../../core/result.ts';
import { SIGNAL_FILES } from './case-truth.ts';
import { findSignalFile, streamError } from './signal-lines.ts';

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

export async function countCaseLines(caseDir: string): Promise<Result<number>> {
  let total = 0;
  for (const signal of SIGNAL_FILES) {
    const found = await findSignalFile(caseDir, signal);
    if (!found.ok) return found;
    const file = found.value;
    if (!file) continue;
    const source = createReadStream(file.path);
    let input: Readable = source;
    if (file.gzipped) {
      const gunzip = createGunzip();
      pipeline(source, gunzip, () => undefined);
      input = gunzip;
    }
    // Whether the line being read has a byte other than space, tab or CR, as `text.trim() !== ''` would say.
    let content = false;
    try {
      for await (const chunk of input as AsyncIterable<Buffer>) {
        for (let i = 0; i < chunk.length; i++) {
          const b = chunk[i]!;
          if (b === LF) {
            if (content) total++;
            content = false;
          } else if (b !== SPACE && b !== TAB && b !== CR) content = true;
        }
      }
    } catch (e) {
      return fail(streamError(e, file.label, 0));
    } finally {
      input.destroy();
      source.destroy();
    }
    if (content) total++;
  }
  return ok(total);
}
