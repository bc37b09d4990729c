/**
 * The three signal files of a case merged into one stream in time order, for
 * replay: a k-way merge on `earliestNanos` that holds one line per file.
 * Each file is already non-decreasing, so the output is too. Ties go to the
 * signal listed first in SIGNAL_FILES (traces, metrics, logs), which makes
 * the order deterministic.
 *
 * Contract: yields `ok` lines, or the first error of any file and then
 * stops; breaking out of the loop closes every file.
 */
import type { Result } from '../../core/result.ts';
import { SIGNAL_FILES } from './case-truth.ts';
import { type ReadLinesOptions, type SignalLine, readSignalLines } from './signal-lines.ts';

interface Head {
  readonly source: AsyncGenerator<Result<SignalLine>, void, undefined>;
  line: SignalLine;
}

export async function* mergeSignalLines(caseDir: string, options: ReadLinesOptions = {}): AsyncGenerator<Result<SignalLine>, void, undefined> {
  const sources = SIGNAL_FILES.map((signal) => readSignalLines(caseDir, signal, options));
  const heads: Head[] = [];
  try {
    for (const source of sources) {
      const next = await source.next();
      if (next.done) continue;
      if (!next.value.ok) {
        yield next.value;
        return;
      }
      heads.push({ source, line: next.value.value });
    }
    while (heads.length > 0) {
      // Three heads at most: a linear scan beats a heap. Strict `<` keeps ties in SIGNAL_FILES order.
      let min = 0;
      for (let i = 1; i < heads.length; i++) if (heads[i]!.line.earliestNanos < heads[min]!.line.earliestNanos) min = i;
      const head = heads[min]!;
      yield { ok: true, value: head.line };
      const next = await head.source.next();
      if (next.done) heads.splice(min, 1);
      else if (!next.value.ok) {
        yield next.value;
        return;
      } else head.line = next.value.value;
    }
  } finally {
    await Promise.all(sources.map((s) => s.return(undefined)));
  }
}
