/**
 * The signals of closed windows, read from storage with the lookback before
 * each window (see SignalRange.lookbackSeconds): a cumulative counter's rate
 * needs its previous sample, and a service whose spans skip one window must
 * still be known as a service, not taken for a peer seen only from its
 * callers' client spans. Each window's values depend only on the window and
 * its lookback, so reading windows one at a time (live traffic closes them
 * one by one) or many at once (catch-up, evaluation) gives the same numbers.
 *
 * The runtime never reads a window again once closed.
 */
import type { Result } from '../../core/result.ts';
import { readSignalFrame } from '../signals/read-signal-frame.ts';
import type { SignalFrame } from '../signals/signal-frame.ts';
import type { SignalQueryStore } from '../signals/signal-range.ts';

/** The `windows` consecutive windows from `firstWindowStartMillis`, one bucket each. */
export function readWindowSignals(
  store: SignalQueryStore,
  firstWindowStartMillis: number,
  windows: number,
  stepSeconds: number,
  lookbackSeconds: number,
): Promise<Result<SignalFrame>> {
  return readSignalFrame(store, { fromMillis: firstWindowStartMillis, toMillis: firstWindowStartMillis + windows * stepSeconds * 1000, stepSeconds, lookbackSeconds });
}

/** Window `index` of a frame read by readWindowSignals: its own bucket of the series that have a value in it. */
export function windowColumn(frame: SignalFrame, index: number): SignalFrame {
  const series = frame.series.filter((s) => Number.isFinite(s.values[index]!)).map((s) => ({ ...s, values: s.values.slice(index, index + 1) }));
  return { fromMillis: frame.fromMillis + index * frame.stepSeconds * 1000, stepSeconds: frame.stepSeconds, buckets: 1, series };
}
