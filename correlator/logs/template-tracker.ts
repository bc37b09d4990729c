/**
 * New and spiking log templates, record by record: each record is mined
 * (template-miner.ts), counted per service and template on an epoch-aligned
 * grid (template-stats.ts), and may reveal one finding:
 *
 * - new: the first record of a (service, template) pair. Reported at that
 *   record's time.
 * - spike: the record that takes the pair's count in its bucket above
 *   max(`spikeMinCount` - 1, `spikeFactor` x the trailing median), the rule
 *   of TemplateStats.detect, so a closed bucket judged there agrees. Reported
 *   at that record's time, so that a spike is known while it happens, not
 *   when its bucket closes. A pair that spiked in the previous bucket and
 *   spikes again continues the same spike: one finding per episode.
 *
 * Warm-up: nothing is reported for a service during its first
 * `warmupSeconds`, counted from its first log record of any severity
 * (`noteService`; else from its first record added here): every template of
 * a service just discovered would otherwise be "new". Templates met during
 * the warm-up are learnt, so they are not new afterwards; a service that
 * logged for a while and then writes its first error gets it reported.
 *
 * Records must be added in time order (ties in a fixed order); the same
 * records in the same order give the same findings, however they were
 * batched.
 */
import { type TemplateMinerOptions, createTemplateMiner } from './template-miner.ts';
import { createTemplateStats } from './template-stats.ts';
import type { LogRecord } from './read-log-records.ts';

export interface TemplateTrackerOptions {
  readonly bucketSeconds: number;
  readonly warmupSeconds: number;
  readonly spikeFactor: number;
  /** Buckets before the current one whose median is the spike baseline. */
  readonly spikeTrailingBuckets: number;
  readonly spikeMinCount: number;
  /** (service, template) pairs counted at once. */
  readonly maxSeries: number;
  readonly miner?: TemplateMinerOptions;
}

export interface TemplateFinding {
  readonly kind: 'new' | 'spike';
  readonly service: string;
  readonly templateId: string;
  readonly template: string;
  readonly atMillis: number;
  /** The record's body. */
  readonly sample: string;
  /** The record's effective severity number. */
  readonly severity: number;
  /** Records of the pair in the current bucket, this one included. */
  readonly count: number;
  /** Spike only: the trailing median and the line crossed. */
  readonly trailingMedian?: number;
  readonly line?: number;
}

/** What a span of records did to one (service, template) pair: the row to store. */
export interface TouchedTemplate {
  readonly service: string;
  readonly templateId: string;
  readonly template: string;
  readonly firstSeenMillis: number;
  readonly lastSeenMillis: number;
  readonly count: number;
}

export interface TemplateTracker {
  /** Tells when a service was seen to log (any record); its warm-up counts from the earliest time told. */
  noteService(service: string, firstMillis: number): void;
  add(record: LogRecord): TemplateFinding | undefined;
  /** The pairs seen since the previous call (sorted by service, then template id), and forgets them. */
  drainTouched(): TouchedTemplate[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function createTemplateTracker(o: TemplateTrackerOptions): TemplateTracker {
  if (!(o.warmupSeconds >= 0) || !(o.spikeFactor > 0) || !(o.spikeTrailingBuckets >= 1) || !(o.spikeMinCount >= 1)) {
    throw new RangeError('template tracker: warmupSeconds >= 0, spikeFactor > 0, spikeTrailingBuckets >= 1, spikeMinCount >= 1');
  }
  const miner = createTemplateMiner(o.miner);
  const stepMillis = o.bucketSeconds * 1000;
  const stats = createTemplateStats({ bucketSeconds: o.bucketSeconds, retentionBuckets: o.spikeTrailingBuckets + 1, maxSeries: o.maxSeries });
  const serviceStart = new Map<string, number>();
  /** Per pair: the spike line of its current bucket, and the last bucket it spiked in. */
  const lines = new Map<string, { bucket: number; line: number; median: number }>();
  const lastSpike = new Map<string, number>();
  let touched = new Map<string, { service: string; templateId: string; template: string; first: number; last: number; count: number }>();

  /** Spike line of a pair for a bucket: from the counts of the trailing buckets since the pair first appeared. */
  function lineOf(key: string, service: string, templateId: string, bucket: number): { line: number; median: number } {
    const cached = lines.get(key);
    if (cached?.bucket === bucket) return cached;
    const firstBucket = stats.bucketStartMillis(stats.firstSeenMillis(service, templateId) ?? bucket);
    const history: number[] = [];
    for (let b = Math.max(firstBucket, bucket - o.spikeTrailingBuckets * stepMillis); b < bucket; b += stepMillis) history.push(stats.countAt(service, templateId, b));
    const m = history.length > 0 ? median(history) : NaN;
    const entry = { bucket, median: m, line: history.length > 0 ? Math.max(o.spikeMinCount - 1, o.spikeFactor * m) : Infinity };
    lines.delete(key); // re-inserted last: the map's order is recency, the oldest goes first
    lines.set(key, entry);
    while (lines.size > o.maxSeries) lines.delete(lines.keys().next().value!);
    return entry;
  }

  return {
    noteService(service, firstMillis) {
      serviceStart.set(service, Math.min(serviceStart.get(service) ?? firstMillis, firstMillis));
    },
    add(r) {
      const mined = miner.add(r.body, r.timeMillis);
      const key = `${r.service}\u0000${mined.templateId}`;
      const start = serviceStart.get(r.service) ?? r.timeMillis;
      serviceStart.set(r.service, start);
      const warm = r.timeMillis >= start + o.warmupSeconds * 1000;
      const known = stats.firstSeenMillis(r.service, mined.templateId) !== undefined;
      const bucket = stats.bucketStartMillis(r.timeMillis);
      const { line, median: trailingMedian } = known ? lineOf(key, r.service, mined.templateId, bucket) : { line: Infinity, median: NaN };
      stats.record(r.service, mined.templateId, r.timeMillis);
      const t = touched.get(key);
      if (t) {
        t.template = mined.template; // a template generalises as it meets variants
        t.last = Math.max(t.last, r.timeMillis);
        t.count++;
      } else touched.set(key, { service: r.service, templateId: mined.templateId, template: mined.template, first: r.timeMillis, last: r.timeMillis, count: 1 });

      const count = stats.countAt(r.service, mined.templateId, r.timeMillis);
      const base = { service: r.service, templateId: mined.templateId, template: mined.template, atMillis: r.timeMillis, sample: r.body, severity: r.severity, count };
      if (!known) return warm ? { kind: 'new', ...base } : undefined;
      if (!(count > line && count - 1 <= line)) return undefined; // not the record that crosses the line
      const continuing = lastSpike.get(key) === bucket - stepMillis;
      lastSpike.delete(key);
      lastSpike.set(key, bucket);
      while (lastSpike.size > o.maxSeries) lastSpike.delete(lastSpike.keys().next().value!);
      return warm && !continuing ? { kind: 'spike', ...base, trailingMedian, line } : undefined;
    },
    drainTouched() {
      const out = [...touched.values()]
        .map((t) => ({
          service: t.service,
          templateId: t.templateId,
          template: t.template,
          firstSeenMillis: t.first,
          lastSeenMillis: t.last,
          count: t.count,
        }))
        .sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : a.templateId < b.templateId ? -1 : a.templateId > b.templateId ? 1 : 0));
      touched = new Map();
      return out;
    },
  };
}
