export { readSignalFrame } from './read-signal-frame.ts';
export { INDICATORS, RESOURCE_INDICATORS, bucketStartMillis, type Indicator, type SignalFrame, type SignalSeries, type SignalSource } from './signal-frame.ts';
export { indicatorOfMetric } from './metric-indicator.ts';
export { alignSignalRange, type SignalQueryStore, type SignalRange } from './signal-range.ts';
export { TRACE_LATENCY_QUANTILES, TRACE_REQUEST_RATE } from './read-trace-signals.ts';
