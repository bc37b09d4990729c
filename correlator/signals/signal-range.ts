/**
 * The time grid a frame is read on, and the accumulator that turns query
 * rows into series on that grid.
 */
import { causewayError } from '../../core/errors.ts';
import { type Result, fail, ok } from '../../core/result.ts';
import { ROLLUP_BUCKET_SECONDS } from '../../storage/index.ts';
import type { Indicator, SignalFrame, SignalSeries, SignalSource } from './signal-frame.ts';

export interface SignalQueryStore {
  queryRows<T>(sql: string, params?: Record<string, unknown>): Promise<Result<T[]>>;
}

export interface SignalRange {
  readonly fromMillis: number;
  readonly toMillis: number;
  readonly stepSeconds: number;
  /**
   * What decides the meaning of a bucket: a cumulative counter's previous
   * sample, which services have entry spans (so their other spans are not
   * requests), which peers are services, which services log at all (their
   * error rate is 0, not missing).
   *
   * Undefined: the whole range read decides, for every bucket (a batch read
   * of a closed period). Given: only the bucket itself and this many seconds
   * before it, read from before `fromMillis` where needed. Each bucket then
   * has the same values however many buckets one read covers, so windows
   * read one at a time (live) and many at a time (catch-up, evaluation)
   * agree.
   */
  readonly lookbackSeconds?: number;
}

/** The lookback in buckets (rounded up), or undefined for the whole range. */
export function lookbackBuckets(range: SignalRange): number | undefined {
  return range.lookbackSeconds === undefined ? undefined : Math.ceil(range.lookbackSeconds / range.stepSeconds);
}

/**
 * Signals are read from rollups of ROLLUP_BUCKET_SECONDS (10 s): a range
 * must start on a rollup bucket and step by whole rollup buckets, or a
 * bucket of the frame would hold part of a rollup bucket.
 */
export function checkSignalRange(range: SignalRange): Result<SignalRange> {
  const rollupMillis = ROLLUP_BUCKET_SECONDS * 1000;
  if (!Number.isInteger(range.stepSeconds) || range.stepSeconds % ROLLUP_BUCKET_SECONDS !== 0) {
    return fail(causewayError('CW_ERR_CONFIG_INVALID', `signal step ${range.stepSeconds} s: it must be a multiple of the ${ROLLUP_BUCKET_SECONDS} s rollup bucket`));
  }
  if (range.fromMillis % rollupMillis !== 0) {
    return fail(causewayError('CW_ERR_CONFIG_INVALID', `signal range start ${new Date(range.fromMillis).toISOString()}: it must be on a ${ROLLUP_BUCKET_SECONDS} s boundary (see alignSignalRange)`));
  }
  if (range.lookbackSeconds !== undefined && !(range.lookbackSeconds >= 0)) {
    return fail(causewayError('CW_ERR_CONFIG_INVALID', `signal lookback ${range.lookbackSeconds} s: it must be 0 or more`));
  }
  return ok(range);
}

/** The smallest range on the step's grid (from the epoch) that covers [fromMillis, toMillis). */
export function alignSignalRange(fromMillis: number, toMillis: number, stepSeconds: number): SignalRange {
  const stepMillis = stepSeconds * 1000;
  return { fromMillis: Math.floor(fromMillis / stepMillis) * stepMillis, toMillis: Math.ceil(toMillis / stepMillis) * stepMillis, stepSeconds };
}

export function bucketCount(range: SignalRange): number {
  return Math.max(0, Math.ceil((range.toMillis - range.fromMillis) / (range.stepSeconds * 1000)));
}

export function rangeParams(range: SignalRange): Record<string, unknown> {
  const stepMillis = range.stepSeconds * 1000;
  return { from: range.fromMillis, to: range.toMillis, stepMillis, readFrom: range.fromMillis - (lookbackBuckets(range) ?? 0) * stepMillis };
}

/**
 * How values landing in the same bucket combine: `sum` adds, `max` keeps the
 * largest, `mean` averages, `ratio-numerator` divides the summed values by
 * the summed denominators.
 */
export type Combine = 'sum' | 'max' | 'mean' | 'ratio-numerator';

interface Accumulator {
  entity: string;
  indicator: Indicator;
  name: string;
  source: SignalSource;
  combine: Combine;
  values: Float64Array;
  weights: Float64Array;
}

export interface SeriesBuilder {
  add(entity: string, indicator: Indicator, name: string, source: SignalSource, bucket: number, value: number, combine: Combine, denominator?: number): void;
  build(): SignalFrame;
}

export function createSeriesBuilder(range: SignalRange): SeriesBuilder {
  const buckets = bucketCount(range);
  const byKey = new Map<string, Accumulator>();
  return {
    add(entity, indicator, name, source, bucket, value, combine, denominator = 1) {
      if (bucket < 0 || bucket >= buckets || !Number.isFinite(value)) return;
      const key = `${entity}\u0000${name}\u0000${source}`;
      let acc = byKey.get(key);
      if (!acc) {
        acc = { entity, indicator, name, source, combine, values: new Float64Array(buckets).fill(NaN), weights: new Float64Array(buckets) };
        byKey.set(key, acc);
      }
      const prev = acc.values[bucket]!;
      if (combine === 'max') acc.values[bucket] = Number.isNaN(prev) ? value : Math.max(prev, value);
      else acc.values[bucket] = (Number.isNaN(prev) ? 0 : prev) + value;
      acc.weights[bucket]! += combine === 'ratio-numerator' ? denominator : 1;
    },
    build() {
      const series: SignalSeries[] = [];
      for (const acc of [...byKey.values()].sort((a, b) => `${a.entity}/${a.name}`.localeCompare(`${b.entity}/${b.name}`))) {
        if (acc.combine === 'mean' || acc.combine === 'ratio-numerator') {
          for (let i = 0; i < buckets; i++) acc.values[i] = acc.weights[i]! > 0 ? acc.values[i]! / acc.weights[i]! : NaN;
        }
        series.push({ entity: acc.entity, indicator: acc.indicator, name: acc.name, source: acc.source, values: acc.values });
      }
      return { fromMillis: range.fromMillis, stepSeconds: range.stepSeconds, buckets, series };
    },
  };
}
