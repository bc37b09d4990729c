/**
 * OTLP/JSON Metric objects: gauges, cumulative sums (monotonic counters and
 * up-down counters), cumulative explicit-bucket histograms and summaries,
 * plus the accumulators behind histograms and summaries.
 *
 * Data model: https://opentelemetry.io/docs/specs/otel/metrics/data-model/
 */
import { CUMULATIVE, round, type KeyValue } from './otlp.ts';

export interface NumberPoint {
  readonly attributes: readonly KeyValue[];
  readonly value: number;
  /** Integer points are sent as `asInt` (a decimal string), others as `asDouble`. */
  readonly integer?: boolean;
}

function numberPoints(points: readonly NumberPoint[], timeUnixNano: string, startTimeUnixNano?: string): object[] {
  return points.map((p) => ({
    ...(p.attributes.length > 0 ? { attributes: p.attributes } : {}),
    ...(startTimeUnixNano !== undefined ? { startTimeUnixNano } : {}),
    timeUnixNano,
    ...(p.integer ? { asInt: String(Math.round(p.value)) } : { asDouble: round(p.value) }),
  }));
}

export function gauge(name: string, unit: string, timeUnixNano: string, points: readonly NumberPoint[]): object {
  return { name, unit, gauge: { dataPoints: numberPoints(points, timeUnixNano) } };
}

/** A cumulative sum: `monotonic` for counters, not for up-down counters. */
export function sum(name: string, unit: string, startTimeUnixNano: string, timeUnixNano: string, monotonic: boolean, points: readonly NumberPoint[]): object {
  return { name, unit, sum: { dataPoints: numberPoints(points, timeUnixNano, startTimeUnixNano), aggregationTemporality: CUMULATIVE, isMonotonic: monotonic } };
}

/** Cumulative explicit-bucket histogram state of one series. */
export class HistogramAccumulator {
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  readonly buckets: number[];

  constructor(
    readonly attributes: readonly KeyValue[],
    readonly bounds: readonly number[],
  ) {
    this.buckets = new Array<number>(bounds.length + 1).fill(0);
  }

  record(value: number): void {
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    // Buckets are (previous bound, bound]: the first bound that is >= value.
    let i = 0;
    while (i < this.bounds.length && value > this.bounds[i]!) i++;
    this.buckets[i]!++;
  }

  point(startTimeUnixNano: string, timeUnixNano: string): object {
    return {
      attributes: this.attributes,
      startTimeUnixNano,
      timeUnixNano,
      count: String(this.count),
      sum: round(this.sum, 9),
      bucketCounts: this.buckets.map(String),
      explicitBounds: this.bounds,
      ...(this.count > 0 ? { min: round(this.min), max: round(this.max) } : {}),
    };
  }
}

export function histogram(name: string, unit: string, points: readonly object[]): object {
  return { name, unit, histogram: { dataPoints: points, aggregationTemporality: CUMULATIVE } };
}

/** Cumulative count and sum, with quantiles over the values seen since the last export (as Micrometer and Prometheus client summaries report them). */
export class SummaryAccumulator {
  count = 0;
  sum = 0;
  private window: number[] = [];

  constructor(readonly attributes: readonly KeyValue[]) {}

  record(value: number): void {
    this.count++;
    this.sum += value;
    if (this.window.length < 2_000) this.window.push(value);
  }

  /** The point, then a fresh quantile window. */
  take(startTimeUnixNano: string, timeUnixNano: string, quantiles: readonly number[]): object {
    const sorted = this.window.sort((a, b) => a - b);
    this.window = [];
    const at = (q: number): number => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
    return {
      attributes: this.attributes,
      startTimeUnixNano,
      timeUnixNano,
      count: String(this.count),
      sum: round(this.sum, 9),
      quantileValues: quantiles.map((q) => ({ quantile: q, value: round(at(q)) })),
    };
  }
}

export function summary(name: string, unit: string, points: readonly object[]): object {
  return { name, unit, summary: { dataPoints: points } };
}
