/**
 * Signals from metrics: gauges and non-monotonic sums as their mean per
 * bucket; monotonic cumulative sums as a rate (increase per second, counter
 * resets ignored); histograms as mean value per bucket (increase of sum over
 * increase of count for cumulative ones); summaries as their median. Values
 * of one service's pods and attribute sets are averaged (gauges) or added
 * (rates). Metric names map to indicators by `indicatorOfMetric`.
 */
import { type Result, fail, ok } from '../../core/result.ts';
import { indicatorOfMetric } from './metric-indicator.ts';
import { type SeriesBuilder, type SignalQueryStore, type SignalRange, rangeParams } from './signal-range.ts';

const BUCKET = 'intDiv(toUnixTimestamp64Milli(TimeUnix) - {from:Int64}, {stepMillis:Int64})';
const WHERE = "TimeUnix >= fromUnixTimestamp64Milli({from:Int64}) AND TimeUnix < fromUnixTimestamp64Milli({to:Int64}) AND ServiceName != ''";

interface GaugeRow {
  service: string;
  metric: string;
  b: number;
  v: number;
}

interface CumulativeRow {
  service: string;
  metric: string;
  series: string;
  b: number;
  /** Last value in the bucket (for histograms: the sum). */
  v: number;
  /** Histograms: the count; 0 otherwise. */
  c: number;
  delta: number;
}

const GAUGE_SQL = `
SELECT ServiceName AS service, MetricName AS metric, ${BUCKET} AS b, avg(Value) AS v FROM otel_metrics_gauge WHERE ${WHERE} GROUP BY service, metric, b
UNION ALL
SELECT ServiceName, MetricName, ${BUCKET}, avg(Value) FROM otel_metrics_sum WHERE ${WHERE} AND NOT (IsMonotonic AND AggregationTemporality = 2) GROUP BY ServiceName, MetricName, ${BUCKET}
UNION ALL
SELECT ServiceName, MetricName, ${BUCKET}, avg(arrayElement(ValueAtQuantiles.Value, indexOf(ValueAtQuantiles.Quantile, 0.5))) FROM otel_metrics_summary WHERE ${WHERE} GROUP BY ServiceName, MetricName, ${BUCKET}`;

const CUMULATIVE_SQL = `
SELECT * FROM (
SELECT ServiceName AS service, MetricName AS metric, toString(cityHash64(Attributes, ResourceAttributes)) AS series, ${BUCKET} AS b,
       argMax(Value, TimeUnix) AS v, 0 AS c, 0 AS delta
FROM otel_metrics_sum WHERE ${WHERE} AND IsMonotonic AND AggregationTemporality = 2 GROUP BY service, metric, series, b
UNION ALL
SELECT ServiceName, MetricName, toString(cityHash64(Attributes, ResourceAttributes)), ${BUCKET},
       if(AggregationTemporality = 1, sum(Sum), argMax(Sum, TimeUnix)), if(AggregationTemporality = 1, sum(Count), argMax(Count, TimeUnix)), AggregationTemporality = 1
FROM otel_metrics_histogram WHERE ${WHERE} GROUP BY ServiceName, MetricName, cityHash64(Attributes, ResourceAttributes), ${BUCKET}, AggregationTemporality
)
ORDER BY service, metric, series, b`;

export async function readMetricSignals(store: SignalQueryStore, range: SignalRange, out: SeriesBuilder): Promise<Result<void>> {
  const params = rangeParams(range);
  const gauges = await store.queryRows<GaugeRow>(GAUGE_SQL, params);
  if (!gauges.ok) return fail(gauges.error);
  for (const r of gauges.value) {
    const indicator = indicatorOfMetric(r.metric);
    if (indicator) out.add(r.service, indicator, r.metric, 'metrics', Number(r.b), Number(r.v), 'mean');
  }

  const cumulative = await store.queryRows<CumulativeRow>(CUMULATIVE_SQL, params);
  if (!cumulative.ok) return fail(cumulative.error);
  let previous: CumulativeRow | undefined;
  const totals = new Map<string, OperationTotals>();
  for (const r of cumulative.value) {
    const indicator = indicatorOfMetric(r.metric);
    const sameSeries = previous && previous.service === r.service && previous.metric === r.metric && previous.series === r.series;
    const isHistogram = Number(r.c) > 0 || (previous !== undefined && Number(previous.c) > 0);
    if (indicator && Number(r.delta) === 1) {
      if (Number(r.c) > 0) out.add(r.service, indicator, `${r.metric}.mean`, 'metrics', Number(r.b), Number(r.v) / Number(r.c), 'mean');
    } else if (indicator && sameSeries) {
      const dv = Number(r.v) - Number(previous!.v);
      const gapSeconds = (Number(r.b) - Number(previous!.b)) * range.stepSeconds;
      if (isHistogram) {
        const dc = Number(r.c) - Number(previous!.c);
        if (dc > 0 && dv >= 0) out.add(r.service, indicator, `${r.metric}.mean`, 'metrics', Number(r.b), dv / dc, 'mean');
      } else if (dv >= 0 && gapSeconds > 0) {
        const busy = BUSY_TIME.exec(r.metric);
        const counted = OPERATION_COUNT.exec(r.metric);
        if (busy) operationTotals(totals, r, busy[1]!).time += dv;
        if (counted) operationTotals(totals, r, counted[1]!).count += dv;
        out.add(r.service, busy ? 'traffic' : indicator, `${r.metric}.rate`, 'metrics', Number(r.b), dv / gapSeconds, 'sum');
      }
    }
    previous = r;
  }
  for (const t of totals.values()) {
    if (t.time > 0 && t.count > 0) out.add(t.service, 'latency', `${t.prefix}.time.mean`, 'metrics', t.bucket, t.time / t.count, 'mean');
  }
  return ok(undefined);
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

function operationTotals(totals: Map<string, OperationTotals>, r: CumulativeRow, prefix: string): OperationTotals {
  const key = `${r.service}\u0000${prefix}\u0000${r.b}`;
  let t = totals.get(key);
  if (!t) {
    t = { service: r.service, prefix, bucket: Number(r.b), time: 0, count: 0 };
    totals.set(key, t);
  }
  return t;
}
