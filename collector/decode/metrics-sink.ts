/**
 * Collects the rows of one metrics request and decides per data point
 * whether it is stored or rejected (OTLP partial success), for both wire
 * formats.
 *
 * Rejections name the point by its path, with the OTLP/JSON field names for
 * both formats (`resourceMetrics[0].scopeMetrics[0].metrics[2].dataPoints[1]`),
 * so the same data gets the same rejection message whichever format it came
 * in. Partial success: https://opentelemetry.io/docs/specs/otlp/#partial-success
 */
import type {
  ExponentialHistogramRow,
  GaugeRow,
  HistogramRow,
  RowsByTable,
  SumRow,
  SummaryRow,
} from '../../storage/otel-rows.ts';
import { type DecodedRequest, RejectionLog, decodedRequest } from './decoded-request.ts';
import {
  EXPONENTIAL_HISTOGRAM,
  GAUGE,
  HISTOGRAM,
  type MetricInfo,
  type PointDraft,
  SUM,
  exponentialHistogramPointProblem,
  histogramPointProblem,
  numberPointProblem,
  summaryPointProblem,
} from './metrics-points.ts';
import { exponentialHistogramRow, gaugeRow, histogramRow, sumRow, summaryRow } from './metrics-rows.ts';

/** Names the data point being added; asked only when the point is rejected. */
export interface PointLocation {
  where(): string;
}

export class MetricSink {
  private readonly gauge: GaugeRow[] = [];
  private readonly sum: SumRow[] = [];
  private readonly histogram: HistogramRow[] = [];
  private readonly exponentialHistogram: ExponentialHistogramRow[] = [];
  private readonly summary: SummaryRow[] = [];
  private readonly rejections = new RejectionLog();
  private accepted = 0;

  /** Validates the drafted point of metric `m` and stores its row, or rejects it. */
  add(m: MetricInfo, p: PointDraft, at: PointLocation): void {
    switch (m.kind) {
      case GAUGE:
        if (this.keep(numberPointProblem(p), at)) this.gauge.push(gaugeRow(m, p));
        break;
      case SUM:
        if (this.keep(numberPointProblem(p), at)) this.sum.push(sumRow(m, p));
        break;
      case HISTOGRAM:
        if (this.keep(histogramPointProblem(p), at)) this.histogram.push(histogramRow(m, p));
        break;
      case EXPONENTIAL_HISTOGRAM:
        if (this.keep(exponentialHistogramPointProblem(p), at)) this.exponentialHistogram.push(exponentialHistogramRow(m, p));
        break;
      default:
        if (this.keep(summaryPointProblem(p), at)) this.summary.push(summaryRow(m, p));
    }
  }

  /**
   * Rejects one point without looking at it: every point of a metric without
   * a name is rejected (the name is the series identity, and an empty one
   * would mix unrelated series).
   */
  reject(at: PointLocation, reason: string): void {
    this.rejections.reject(at.where(), reason);
  }

  private keep(problem: string, at: PointLocation): boolean {
    if (problem === '') {
      this.accepted++;
      return true;
    }
    this.reject(at, problem);
    return false;
  }

  /** The decoded request; only tables that received rows appear in `rows`. */
  result(): DecodedRequest {
    const rows: RowsByTable = {};
    if (this.gauge.length > 0) rows.gauge = this.gauge;
    if (this.sum.length > 0) rows.sum = this.sum;
    if (this.histogram.length > 0) rows.histogram = this.histogram;
    if (this.exponentialHistogram.length > 0) rows.exponentialHistogram = this.exponentialHistogram;
    if (this.summary.length > 0) rows.summary = this.summary;
    return decodedRequest('metrics', rows, this.accepted, this.rejections);
  }
}
