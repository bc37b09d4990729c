/**
 * The signals of one closed window, read from storage on their own: the
 * runtime never reads the history again, and a window's values do not
 * depend on how many windows one advance closed, so live traffic (windows
 * closed one by one) and a replay or evaluation (closed in any batches)
 * read the same numbers.
 *
 * The read has `lookbackSeconds` before the window as its context (see
 * SignalRange): a cumulative counter's rate needs its previous sample, and
 * a service whose spans skip one window must still be known as a service,
 * not taken for a peer seen only from its callers' client spans. The
 * window's values are those its bucket has in a frame read from the
 * lookback's start.
 */
import { type Result, ok } from '../../core/result.ts';
import { readSignalFrame } from '../signals/read-signal-frame.ts';
import type { SignalFrame } from '../signals/signal-frame.ts';
import type { SignalQueryStore } from '../signals/signal-range.ts';

export async function readWindowSignals(store: SignalQueryStore, windowStartMillis: number, stepSeconds: number, lookbackSeconds: number): Promise<Result<SignalFrame>> {
  const stepMillis = stepSeconds * 1000;
  const lookbackBuckets = Math.ceil(lookbackSeconds / stepSeconds);
  const read = await readSignalFrame(store, { fromMillis: windowStartMillis, toMillis: windowStartMillis + stepMillis, stepSeconds, contextFromMillis: windowStartMillis - lookbackBuckets * stepMillis });
  if (!read.ok) return read;
  return ok({ ...read.value, series: read.value.series.filter((s) => Number.isFinite(s.values[0]!)) });
}
