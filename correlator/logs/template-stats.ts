/**
 * Per (service, template) occurrence counts on a fixed bucket grid, with the
 * first time each pair was seen, so detectors can ask two questions of a
 * closed bucket: which templates appeared for the first time in it (a new
 * error message after a deploy), and which templates fired far more than
 * usual (a known error suddenly spiking).
 *
 * Event time only: buckets are aligned to the epoch (`floor(t / step) * step`)
 * from the times the caller records; nothing reads the clock.
 *
 * Bounded memory: counts are kept for the newest `retentionBuckets` buckets
 * (relative to the newest bucket recorded so far; older counts are dropped,
 * and records for dropped buckets only lower first-seen times), and at most
 * `maxSeries` (service, template) pairs are held, evicting the least recently
 * recorded. An evicted pair that comes back is treated as new.
 */

export interface TemplateStatsOptions {
  readonly bucketSeconds: number;
  /** Buckets of counts kept behind the newest one. Default 1440 (a day of minutes). */
  readonly retentionBuckets?: number;
  /** (service, template) pairs held at once. Default 100 000. */
  readonly maxSeries?: number;
}

export interface TemplateKey {
  readonly service: string;
  readonly templateId: string;
}

export interface NewTemplate extends TemplateKey {
  readonly firstSeenMillis: number;
  /** Occurrences in the bucket it first appeared in. */
  readonly count: number;
}

export interface SpikingTemplate extends TemplateKey {
  readonly count: number;
  readonly trailingMedian: number;
}

export interface DetectOptions {
  /** A spike is a count above `spikeFactor` x the trailing median. Default 3. */
  readonly spikeFactor?: number;
  /** Buckets before the one examined that form the baseline. Default 12. */
  readonly trailingBuckets?: number;
  /** Counts below this never spike, whatever the baseline (a median of 0 would make any count a spike). Default 5. */
  readonly minCount?: number;
}

export interface BucketFindings {
  readonly bucketStartMillis: number;
  /** Pairs first seen inside this bucket, sorted by service then template id. */
  readonly newTemplates: readonly NewTemplate[];
  /** Pairs seen before this bucket whose count spiked in it, sorted by service then template id. */
  readonly spiking: readonly SpikingTemplate[];
}

export interface TemplateStats {
  /** Counts `count` occurrences (default 1) of a template for a service at an event time. */
  record(service: string, templateId: string, timeMillis: number, count?: number): void;
  /** Occurrences in the bucket containing `timeMillis`; 0 when none or no longer retained. */
  countAt(service: string, templateId: string, timeMillis: number): number;
  firstSeenMillis(service: string, templateId: string): number | undefined;
  bucketStartMillis(timeMillis: number): number;
  /** New and spiking templates for the bucket containing `bucketTimeMillis`. */
  detect(bucketTimeMillis: number, options?: DetectOptions): BucketFindings;
}

interface Series extends TemplateKey {
  firstSeenMillis: number;
  /** Bucket start -> count. */
  readonly counts: Map<number, number>;
}

export const TEMPLATE_STATS_DEFAULTS = Object.freeze({ retentionBuckets: 1440, maxSeries: 100_000 });
export const TEMPLATE_DETECT_DEFAULTS = Object.freeze({ spikeFactor: 3, trailingBuckets: 12, minCount: 5 });

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const byKey = (a: TemplateKey, b: TemplateKey): number =>
  a.service < b.service ? -1 : a.service > b.service ? 1 : a.templateId < b.templateId ? -1 : a.templateId > b.templateId ? 1 : 0;

export function createTemplateStats(options: TemplateStatsOptions): TemplateStats {
  const retentionBuckets = options.retentionBuckets ?? TEMPLATE_STATS_DEFAULTS.retentionBuckets;
  const maxSeries = options.maxSeries ?? TEMPLATE_STATS_DEFAULTS.maxSeries;
  if (!(options.bucketSeconds > 0)) throw new RangeError(`bucketSeconds must be > 0, got ${options.bucketSeconds}`);
  if (!Number.isInteger(retentionBuckets) || retentionBuckets < 1) throw new RangeError('retentionBuckets must be a positive integer');
  if (!Number.isInteger(maxSeries) || maxSeries < 1) throw new RangeError('maxSeries must be a positive integer');
  const stepMillis = options.bucketSeconds * 1000;
  // Insertion order = recency of `record`; the first entry is evicted first.
  const series = new Map<string, Series>();
  let newestBucket = Number.NEGATIVE_INFINITY;

  const bucketOf = (t: number): number => Math.floor(t / stepMillis) * stepMillis;
  const keyOf = (service: string, templateId: string): string => `${service}\u0000${templateId}`;
  const oldestRetained = (): number => newestBucket - (retentionBuckets - 1) * stepMillis;

  function advance(bucket: number): void {
    if (bucket <= newestBucket) return;
    newestBucket = bucket;
    const cutoff = oldestRetained();
    for (const s of series.values()) for (const b of s.counts.keys()) if (b < cutoff) s.counts.delete(b);
  }

  return {
    record(service, templateId, timeMillis, count = 1) {
      const bucket = bucketOf(timeMillis);
      advance(bucket);
      const key = keyOf(service, templateId);
      let s = series.get(key);
      if (s) {
        series.delete(key);
        s.firstSeenMillis = Math.min(s.firstSeenMillis, timeMillis);
      } else {
        s = { service, templateId, firstSeenMillis: timeMillis, counts: new Map() };
      }
      series.set(key, s);
      if (bucket >= oldestRetained()) s.counts.set(bucket, (s.counts.get(bucket) ?? 0) + count);
      while (series.size > maxSeries) {
        const oldest = series.keys().next();
        if (oldest.done) break;
        series.delete(oldest.value);
      }
    },
    countAt(service, templateId, timeMillis) {
      return series.get(keyOf(service, templateId))?.counts.get(bucketOf(timeMillis)) ?? 0;
    },
    firstSeenMillis(service, templateId) {
      return series.get(keyOf(service, templateId))?.firstSeenMillis;
    },
    bucketStartMillis: bucketOf,
    detect(bucketTimeMillis, detectOptions = {}) {
      const spikeFactor = detectOptions.spikeFactor ?? TEMPLATE_DETECT_DEFAULTS.spikeFactor;
      const trailingBuckets = detectOptions.trailingBuckets ?? TEMPLATE_DETECT_DEFAULTS.trailingBuckets;
      const minCount = detectOptions.minCount ?? TEMPLATE_DETECT_DEFAULTS.minCount;
      const bucket = bucketOf(bucketTimeMillis);
      const newTemplates: NewTemplate[] = [];
      const spiking: SpikingTemplate[] = [];
      for (const s of series.values()) {
        const firstBucket = bucketOf(s.firstSeenMillis);
        if (firstBucket > bucket) continue;
        const count = s.counts.get(bucket) ?? 0;
        if (firstBucket === bucket) {
          newTemplates.push({ service: s.service, templateId: s.templateId, firstSeenMillis: s.firstSeenMillis, count });
          continue;
        }
        if (count < minCount) continue;
        // Baseline: the trailing buckets since the template first appeared, absent
        // buckets counting as 0. Buckets before its first appearance are left out so a
        // template that started recently and stays steady is not a spike; buckets no
        // longer retained are left out rather than read as 0.
        const from = Math.max(firstBucket, bucket - trailingBuckets * stepMillis, oldestRetained());
        const history: number[] = [];
        for (let b = from; b < bucket; b += stepMillis) history.push(s.counts.get(b) ?? 0);
        if (history.length === 0) continue;
        const trailingMedian = median(history);
        if (count > spikeFactor * trailingMedian) {
          spiking.push({ service: s.service, templateId: s.templateId, count, trailingMedian });
        }
      }
      return { bucketStartMillis: bucket, newTemplates: newTemplates.sort(byKey), spiking: spiking.sort(byKey) };
    },
  };
}
