/**
 * Where a case's lines go: the dataset format's case writer, or memory (for
 * tests and for callers that want the requests as objects). Within each
 * signal, lines arrive in non-decreasing order of their earliest timestamp.
 */
import type { SignalFile } from '../../format/case-truth.ts';

export interface LineSink {
  writeLine(signal: SignalFile, request: object): Promise<void>;
  close(): Promise<void>;
}

export interface MemorySink extends LineSink {
  readonly lines: Record<SignalFile, object[]>;
}

export function createMemorySink(): MemorySink {
  const lines: Record<SignalFile, object[]> = { traces: [], metrics: [], logs: [] };
  return {
    lines,
    writeLine(signal, request) {
      lines[signal].push(request);
      return Promise.resolve();
    },
    close() {
      return Promise.resolve();
    },
  };
}
