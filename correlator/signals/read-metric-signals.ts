/**
 * Signals from metrics: gauges and non-monotonic sums as their mean per
 * bucket; monotonic cumulative sums as a rate (increase per second, from
 * the previous sample or from the series' start: see increaseBase; a fall
 * without a new start is ignored); histograms as mean value per bucket
 * (increase of sum over increase of count for cumulative ones); summaries
 * as their median. Values of one service's pods and attribute sets are
 * averaged (gauges) or added (rates). Metric names map to indicators by
 * `indicatorOfMetric`; latency values are converted to milliseconds from
 * the metric's unit.
 */
import { type Result, fail, ok } from '../../core/result.ts';
import { ROLLUP_TABLES } from '../../storage/index.ts';
import { millisPerLatencyUnit } from './latency-unit.ts';
import { indicatorOfMetric } from './metric-indicator.ts';
import { ROLLUP_BUCKET_INDEX, ROLLUP_READ_WHERE } from './rollup-sql.ts';
import { type SeriesBuilder, type SignalQueryStore, type SignalRange, lookbackBuckets, rangeParams } from './signal-range.ts';

/** Kinds of the metric rollup (storage migration 5) averaged over a service's points rather than read per series. */
const MEAN_KINDS = new Set(['gauge', 'sum', 'summary']);

interface RollupRow {
  service: string;
  metric: string;
  unit: string;
  kind: string;
  series: string;
  b: number;
  /** Sum and count of values: gauges, non-cumulative sums, summary medians, delta histograms. */
  s: number;
  c: number;
  /** The last sample in the bucket: a counter's value; a cumulative histogram's sum and count. */
  lastValue: number;
  lastCount: number;
  /** When a cumulative series' accumulation started (OTLP StartTimeUnix, storage migration 12), ms; 0 when unknown. */
  startMillis: number;
}

/** Kinds whose value is cumulative: a bucket's rate or mean needs the series' previous sample, or its start (increaseBase). */
const CUMULATIVE_KINDS = "('counter', 'histogram')";

/**
 * Buckets of the range one row each; the lookback before it (read only for
 * cumulative kinds, the only ones that use it) one row per series: its
 * latest bucket, with the last sample of the whole lookback. That is all
 * the reader takes from the lookback (a sample's previous one), and it
 * keeps a window's read from growing with the lookback: ~1,000 rows
 * instead of ~2,000 on the suite's 40-service case, an eighth on a denser
 * one (docs/performance.md).
 */
const SQL = `
SELECT ServiceName AS service, MetricName AS metric, MetricUnit AS unit, Kind AS kind, toString(Series) AS series, max(${ROLLUP_BUCKET_INDEX}) AS b,
       sum(ValueSum) AS s, sum(ValueCount) AS c, argMaxMerge(Last) AS last, tupleElement(last, 1) AS lastValue, tupleElement(last, 2) AS lastCount,
       toUnixTimestamp64Milli(max(StartTime)) AS startMillis
FROM ${ROLLUP_TABLES.metrics}
WHERE ${ROLLUP_READ_WHERE} AND ServiceName != '' AND (Bucket >= toDateTime(intDiv({from:Int64}, 1000)) OR Kind IN ${CUMULATIVE_KINDS})
GROUP BY service, metric, unit, kind, series, greatest(${ROLLUP_BUCKET_INDEX}, -1)
ORDER BY service, metric, unit, kind, series, b`;

export async function readMetricSignals(store: SignalQueryStore, range: SignalRange, out: SeriesBuilder): Promise<Result<void>> {
  const rows = await store.queryRows<RollupRow>(SQL, rangeParams(range));
  if (!rows.ok) return fail(rows.error);
  // A sample is the previous one of a later sample of its series within the lookback (or anywhere in the range without one).
  const lookback = lookbackBuckets(range);
  const reach = lookback ?? Number.POSITIVE_INFINITY;
  const stepMillis = range.stepSeconds * 1000;
  let previous: RollupRow | undefined;
  const totals = new Map<string, OperationTotals>();
  for (const r of rows.value) {
    const indicator = indicatorOfMetric(r.metric);
    // Latency in milliseconds; other values as exported.
    const scale = indicator === 'latency' ? millisPerLatencyUnit(r.unit) : 1;
    const b = Number(r.b);
    const sameSeries =
      previous && previous.service === r.service && previous.metric === r.metric && previous.unit === r.unit && previous.kind === r.kind && previous.series === r.series && b - Number(previous.b) <= reach;
    const base = increaseBase(r, sameSeries ? previous : undefined, Math.floor((Number(r.startMillis) - range.fromMillis) / stepMillis), -(lookback ?? 0), reach);
    if (!indicator) {
      // Not a signal the correlator knows; only remembered as the previous sample.
    } else if (MEAN_KINDS.has(r.kind)) {
      if (Number(r.c) > 0) out.add(r.service, indicator, r.metric, 'metrics', b, (scale * Number(r.s)) / Number(r.c), 'mean');
    } else if (r.kind === 'delta-histogram') {
      if (Number(r.c) > 0) out.add(r.service, indicator, `${r.metric}.mean`, 'metrics', b, (scale * Number(r.s)) / Number(r.c), 'mean');
    } else if (base) {
      const dv = Number(r.lastValue) - base.lastValue;
      const gapSeconds = (b - base.b) * range.stepSeconds;
      if (r.kind === 'histogram') {
        const dc = Number(r.lastCount) - base.lastCount;
        if (dc > 0 && dv >= 0) out.add(r.service, indicator, `${r.metric}.mean`, 'metrics', b, (scale * dv) / dc, 'mean');
      } else if (dv >= 0 && gapSeconds > 0) {
        const busy = BUSY_TIME.exec(r.metric);
        const counted = OPERATION_COUNT.exec(r.metric);
        if (busy) operationTotals(totals, r.service, b, busy[1]!).time += scale * dv;
        if (counted) operationTotals(totals, r.service, b, counted[1]!).count += dv;
        out.add(r.service, busy ? 'traffic' : indicator, `${r.metric}.rate`, 'metrics', b, dv / gapSeconds, 'sum');
      }
    }
    previous = r;
  }
  for (const t of totals.values()) {
    if (t.time > 0 && t.count > 0) out.add(t.service, 'latency', `${t.prefix}.time.mean`, 'metrics', t.bucket, t.time / t.count, 'mean');
  }
  return ok(undefined);
}

interface IncreaseBase {
  readonly b: number;
  readonly lastValue: number;
  readonly lastCount: number;
}

/**
 * What a cumulative sample's increase is taken from: the series' previous
 * sample within reach, or, where the series started after that sample (or
 * has none) and the start is inside the buckets read and within reach of
 * the sample, its start, where nothing was counted yet. A new pod's series
 * and a restarted process's give a value from their first sample; a series
 * whose start is unknown (unset, stored before migration 12) or older than
 * what is read gives none until its second. `startBucket` is the start's
 * bucket on the frame's grid, `firstBucket` the first bucket read (the
 * lookback's, negative).
 */
function increaseBase(r: RollupRow, previous: RollupRow | undefined, startBucket: number, firstBucket: number, reach: number): IncreaseBase | undefined {
  const b = Number(r.b);
  const startKnown = Number(r.startMillis) > 0 && startBucket >= firstBucket && b - startBucket <= reach;
  if (startKnown && (previous === undefined || startBucket > Number(previous.b))) return { b: startBucket, lastValue: 0, lastCount: 0 };
  return previous && { b: Number(previous.b), lastValue: Number(previous.lastValue), lastCount: Number(previous.lastCount) };
}

/**
 * A counter of time spent (`mongodb.operation.time`, `db.client.operation.duration`
 * as a sum) grows with load as much as with slowness: its rate is busy time per
 * second, a load signal. Where a sibling counter of operations exists
 * (`mongodb.operation.count`), their increases per bucket give the mean time per
 * operation, which is the latency signal.
 */
const BUSY_TIME = /^(.*)\.(time|duration)$/;
const OPERATION_COUNT = /^(.*)\.(count|calls)$/;

interface OperationTotals {
  readonly service: string;
  readonly prefix: string;
  readonly bucket: number;
  time: number;
  count: number;
}

function operationTotals(totals: Map<string, OperationTotals>, service: string, bucket: number, prefix: string): OperationTotals {
  const key = `${service}\u0000${prefix}\u0000${bucket}`;
  let t = totals.get(key);
  if (!t) {
    t = { service, prefix, bucket, time: 0, count: 0 };
    totals.set(key, t);
  }
  return t;
}
