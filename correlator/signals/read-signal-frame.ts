/**
 * Reads every signal of a time range from the rollups into one frame:
 * traces (RED per service and peer), metrics (resource, runtime and request
 * metrics) and logs (error rates). The range must be on the rollup grid
 * (checkSignalRange; alignSignalRange finds the one covering any range).
 */
import { type Result, ok } from '../../core/result.ts';
import { readLogSignals } from './read-log-signals.ts';
import { readMetricSignals } from './read-metric-signals.ts';
import { readTraceSignals } from './read-trace-signals.ts';
import type { SignalFrame } from './signal-frame.ts';
import { type SignalQueryStore, type SignalRange, checkSignalRange, createSeriesBuilder } from './signal-range.ts';

export async function readSignalFrame(store: SignalQueryStore, range: SignalRange): Promise<Result<SignalFrame>> {
  const checked = checkSignalRange(range);
  if (!checked.ok) return checked;
  const builder = createSeriesBuilder(range);
  for (const read of [readTraceSignals, readMetricSignals, readLogSignals]) {
    const r = await read(store, range, builder);
    if (!r.ok) return r;
  }
  return ok(builder.build());
}
