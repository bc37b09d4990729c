/**
 * Span durations as a log-scaled histogram, so latency quantiles of a long
 * window can be assembled from the histograms of its slices (a quantile of
 * quantiles cannot). Bucket b holds durations d (ns) with
 * round(log2(d) * BUCKETS_PER_DOUBLING) = b; a quantile answers the bucket's
 * centre, within 2^(1/(2 * 16)) - 1 = 2.2% of the true value.
 */

export const BUCKETS_PER_DOUBLING = 16;

/** SQL for the bucket of a duration column in nanoseconds (durations below 1 ns count as 1 ns). */
export function durationBucketSql(column: string): string {
  return `toUInt16(round(log2(greatest(${column}, 1)) * ${BUCKETS_PER_DOUBLING}))`;
}

/** Bucket -> number of spans. */
export type DurationHistogram = Map<number, number>;

/** Adds counts (parallel arrays, as ClickHouse's sumMap answers them) into `into`. */
export function addToHistogram(into: DurationHistogram, buckets: readonly (number | string)[], counts: readonly (number | string)[]): void {
  for (let i = 0; i < buckets.length; i++) {
    const bucket = Number(buckets[i]);
    into.set(bucket, (into.get(bucket) ?? 0) + Number(counts[i] ?? 0));
  }
}

export function mergeHistograms(into: DurationHistogram, from: DurationHistogram): void {
  for (const [bucket, count] of from) into.set(bucket, (into.get(bucket) ?? 0) + count);
}

/**
 * The q-quantile (0..1) in milliseconds: the centre of the bucket holding
 * the ceil(q * n)-th smallest duration. 0 for an empty histogram.
 */
export function histogramQuantileMillis(histogram: DurationHistogram, q: number): number {
  let total = 0;
  for (const count of histogram.values()) total += count;
  if (total === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const bucket of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(bucket) ?? 0;
    if (seen >= rank) return 2 ** (bucket / BUCKETS_PER_DOUBLING) / 1e6;
  }
  return 0;
}
