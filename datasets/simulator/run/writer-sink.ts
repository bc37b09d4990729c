/**
 * A LineSink over the dataset format's case writer: lines are checked
 * (OTLP shape, time order) and gzipped by the writer; `close` writes
 * case.json. A refused line is a simulator bug or a disk problem and is
 * thrown as a CausewayFailure carrying the writer's error.
 */
import { CausewayFailure } from '../../../core/errors.ts';
import type { CaseTruth } from '../../format/case-truth.ts';
import { createCaseWriter } from '../../format/index.ts';
import type { LineSink } from './line-sink.ts';

export interface WriterSinkOptions {
  /** Check every line with the collector's decoders (default true). */
  readonly validate?: boolean;
  readonly gzipLevel?: number;
}

export async function createWriterSink(caseDir: string, truth: CaseTruth, options: WriterSinkOptions = {}): Promise<LineSink> {
  const created = await createCaseWriter(caseDir, truth, options);
  if (!created.ok) throw new CausewayFailure(created.error);
  const writer = created.value;
  return {
    async writeLine(signal, request) {
      const r = await writer.append(signal, request);
      if (!r.ok) {
        await writer.abort();
        throw new CausewayFailure(r.error);
      }
    },
    async close() {
      const r = await writer.close();
      if (!r.ok) throw new CausewayFailure(r.error);
    },
  };
}
