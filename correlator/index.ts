export { readSignalFrame, INDICATORS, bucketStartMillis, indicatorOfMetric } from './signals/index.ts';
export type { Indicator, SignalFrame, SignalSeries, SignalSource, SignalQueryStore, SignalRange } from './signals/index.ts';
