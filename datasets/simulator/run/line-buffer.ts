/**
 * Puts export requests in file order. Each line is keyed by its earliest
 * timestamp; a line produced at simulated time T can have a key as early as
 * T minus the longest span plus one flush interval, so lines are held until
 * the simulation is `marginMs` past them and then written in key order
 * (ties in production order). Writing a line older than one already written
 * would break the dataset format, so it throws: that is a bug.
 */
import type { SignalFile } from '../../format/case-truth.ts';
import type { LineSink } from './line-sink.ts';

interface Pending {
  readonly key: number;
  readonly seq: number;
  readonly request: object;
}

export class LineBuffer {
  private readonly pending: Record<SignalFile, Pending[]> = { traces: [], metrics: [], logs: [] };
  private readonly written: Record<SignalFile, number> = { traces: -Infinity, metrics: -Infinity, logs: -Infinity };
  readonly counts: Record<SignalFile, number> = { traces: 0, metrics: 0, logs: 0 };
  private seq = 0;

  constructor(private readonly sink: LineSink) {}

  push(signal: SignalFile, keyMs: number, request: object): void {
    this.pending[signal].push({ key: keyMs, seq: this.seq++, request });
  }

  /** Writes every held line with a key <= `upToMs`, in order. */
  async drain(upToMs: number): Promise<void> {
    for (const signal of ['traces', 'metrics', 'logs'] as const) {
      const list = this.pending[signal];
      if (list.length === 0) continue;
      list.sort((a, b) => a.key - b.key || a.seq - b.seq);
      let n = 0;
      while (n < list.length && list[n]!.key <= upToMs) n++;
      for (const line of list.splice(0, n)) {
        if (line.key < this.written[signal]) throw new Error(`${signal} line at ${line.key} ms would follow one at ${this.written[signal]} ms`);
        this.written[signal] = line.key;
        this.counts[signal]++;
        await this.sink.writeLine(signal, line.request);
      }
    }
  }
}
