/**
 * Collects the rows of one metrics request, decides per data point whether it
 * is stored or rejected (OTLP partial success), and tracks where the decoder
 * is so that rejections and decode errors can name the item by path.
 *
 * Paths use the OTLP/JSON field names for both wire formats, for example
 * `resourceMetrics[0].scopeMetrics[0].metrics[2].dataPoints[1]`, so the same
 * data gets the same rejection message whichever format it came in.
 *
 * Partial success: https://opentelemetry.io/docs/specs/otlp/#partial-success
 */
import type {
  ExponentialHistogramRow,
  GaugeRow,
  HistogramRow,
  RowsByTable,
  SumRow,
  SummaryRow,
} from '../../storage/otel-rows.ts';
import { type DecodedRequest, RejectionLog } from './decoded-request.ts';
import {
  type ExponentialHistogramPoint,
  type HistogramPoint,
  type MetricInfo,
  type NumberPoint,
  type SummaryPoint,
  exponentialHistogramPointProblem,
  histogramPointProblem,
  numberPointProblem,
  summaryPointProblem,
} from './metrics-points.ts';
import { exponentialHistogramRow, gaugeRow, histogramRow, sumRow, summaryRow } from './metrics-rows.ts';

export class MetricSink {
  private readonly gauge: GaugeRow[] = [];
  private readonly sum: SumRow[] = [];
  private readonly histogram: HistogramRow[] = [];
  private readonly exponentialHistogram: ExponentialHistogramRow[] = [];
  private readonly summary: SummaryRow[] = [];
  private readonly rejections = new RejectionLog();
  private accepted = 0;

  /** Index of the ResourceMetrics, ScopeMetrics, Metric and data point being decoded; -1 when not inside one. */
  resourceIndex = -1;
  scopeIndex = -1;
  metricIndex = -1;
  pointIndex = -1;

  enterResource(i: number): void {
    this.resourceIndex = i;
    this.scopeIndex = this.metricIndex = this.pointIndex = -1;
  }

  enterScope(i: number): void {
    this.scopeIndex = i;
    this.metricIndex = this.pointIndex = -1;
  }

  enterMetric(i: number): void {
    this.metricIndex = i;
    this.pointIndex = -1;
  }

  /** Where decoding is, as a JSON-style path ('' at the top level). */
  path(): string {
    let p = '';
    if (this.resourceIndex >= 0) p += `resourceMetrics[${this.resourceIndex}]`;
    if (this.scopeIndex >= 0) p += `.scopeMetrics[${this.scopeIndex}]`;
    if (this.metricIndex >= 0) p += `.metrics[${this.metricIndex}]`;
    if (this.pointIndex >= 0) p += `.dataPoints[${this.pointIndex}]`;
    return p;
  }

  private keep(problem: string): boolean {
    if (problem === '') {
      this.accepted++;
      return true;
    }
    this.rejections.reject(this.path(), problem);
    return false;
  }

  /**
   * Rejects every point of a metric that cannot be stored as a whole (no
   * name: the name is the series identity, and an empty one would mix
   * unrelated series).
   */
  rejectMetricPoints(pointCount: number, reason: string): void {
    for (let i = 0; i < pointCount; i++) {
      this.pointIndex = i;
      this.rejections.reject(this.path(), reason);
    }
    this.pointIndex = -1;
  }

  addGauge(m: MetricInfo, p: NumberPoint): void {
    if (this.keep(numberPointProblem(p))) this.gauge.push(gaugeRow(m, p));
  }

  addSum(m: MetricInfo, p: NumberPoint, temporality: number, isMonotonic: boolean): void {
    if (this.keep(numberPointProblem(p))) this.sum.push(sumRow(m, p, temporality, isMonotonic));
  }

  addHistogram(m: MetricInfo, p: HistogramPoint, temporality: number): void {
    if (this.keep(histogramPointProblem(p))) this.histogram.push(histogramRow(m, p, temporality));
  }

  addExponentialHistogram(m: MetricInfo, p: ExponentialHistogramPoint, temporality: number): void {
    if (this.keep(exponentialHistogramPointProblem(p))) this.exponentialHistogram.push(exponentialHistogramRow(m, p, temporality));
  }

  addSummary(m: MetricInfo, p: SummaryPoint): void {
    if (this.keep(summaryPointProblem(p))) this.summary.push(summaryRow(m, p));
  }

  /** The decoded request; only tables that received rows appear in `rows`. */
  result(): DecodedRequest {
    const rows: RowsByTable = {};
    if (this.gauge.length > 0) rows.gauge = this.gauge;
    if (this.sum.length > 0) rows.sum = this.sum;
    if (this.histogram.length > 0) rows.histogram = this.histogram;
    if (this.exponentialHistogram.length > 0) rows.exponentialHistogram = this.exponentialHistogram;
    if (this.summary.length > 0) rows.summary = this.summary;
    return {
      signal: 'metrics',
      rows,
      acceptedItems: this.accepted,
      rejectedItems: this.rejections.count,
      rejectionMessage: this.rejections.message(),
    };
  }
}
