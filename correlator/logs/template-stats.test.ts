import { describe, expect, it } from 'vitest';
import { createTemplateStats } from './template-stats.ts';

const T0 = Date.parse('2026-01-05T00:00:00Z');
const MIN = 60_000;
const at = (bucket: number, offsetMillis = 0): number => T0 + bucket * MIN + offsetMillis;

describe('createTemplateStats', () => {
  it('counts per (service, template) per bucket, aligned to the epoch', () => {
    const stats = createTemplateStats({ bucketSeconds: 60 });
    stats.record('api', 't1', at(0, 1000));
    stats.record('api', 't1', at(0, 59_999), 4);
    stats.record('api', 't1', at(1));
    stats.record('db', 't1', at(0));
    expect(stats.countAt('api', 't1', at(0))).toBe(5);
    expect(stats.countAt('api', 't1', at(1, 30_000))).toBe(1);
    expect(stats.countAt('db', 't1', at(0))).toBe(1);
    expect(stats.bucketStartMillis(at(3, 12_345))).toBe(at(3));
  });

  it('reports a template as new in the bucket it first appeared in, per service', () => {
    const stats = createTemplateStats({ bucketSeconds: 60 });
    for (let b = 0; b < 10; b++) stats.record('api', 'steady', at(b), 10);
    stats.record('api', 'fresh', at(5, 30_000), 3);
    stats.record('api', 'fresh', at(6));
    stats.record('db', 'steady', at(7, 1));
    expect(stats.detect(at(4)).newTemplates).toEqual([]);
    expect(stats.detect(at(5)).newTemplates).toEqual([{ service: 'api', templateId: 'fresh', firstSeenMillis: at(5, 30_000), count: 3 }]);
    expect(stats.detect(at(6)).newTemplates).toEqual([]);
    expect(stats.detect(at(7)).newTemplates.map((n) => `${n.service}/${n.templateId}`)).toEqual(['db/steady']);
    expect(stats.detect(at(0)).newTemplates.map((n) => n.templateId)).toEqual(['steady']);
  });

  it('moves first-seen earlier when late data arrives', () => {
    const stats = createTemplateStats({ bucketSeconds: 60 });
    stats.record('api', 't', at(5));
    stats.record('api', 't', at(2));
    expect(stats.firstSeenMillis('api', 't')).toBe(at(2));
    expect(stats.detect(at(5)).newTemplates).toEqual([]);
    expect(stats.detect(at(2)).newTemplates).toHaveLength(1);
  });

  it('flags a count above k x the trailing median, not steady or slightly noisy counts', () => {
    const stats = createTemplateStats({ bucketSeconds: 60 });
    const steady = [10, 12, 9, 11, 10, 13, 10, 9, 11, 10, 12, 10];
    steady.forEach((c, b) => {
      stats.record('api', 'steady', at(b), c);
      stats.record('api', 'spiky', at(b), c);
    });
    stats.record('api', 'steady', at(12), 14);
    stats.record('api', 'spiky', at(12), 80);
    const findings = stats.detect(at(12));
    expect(findings.bucketStartMillis).toBe(at(12));
    expect(findings.spiking).toEqual([{ service: 'api', templateId: 'spiky', count: 80, trailingMedian: 10 }]);
    for (let b = 1; b < 12; b++) expect(stats.detect(at(b)).spiking).toEqual([]);
    expect(stats.detect(at(12), { spikeFactor: 10 }).spiking).toEqual([]);
  });

  it('ignores counts below minCount and does not call a young steady template a spike', () => {
    const stats = createTemplateStats({ bucketSeconds: 60 });
    stats.record('api', 'rare', at(0));
    stats.record('api', 'rare', at(10), 3);
    stats.record('api', 'young', at(8), 50);
    stats.record('api', 'young', at(9), 50);
    stats.record('api', 'young', at(10), 55);
    expect(stats.detect(at(10)).spiking).toEqual([]);
    expect(stats.detect(at(10), { minCount: 2 }).spiking.map((s) => s.templateId)).toEqual(['rare']);
  });

  it('keeps memory bounded: old buckets are dropped and series beyond maxSeries are evicted', () => {
    const stats = createTemplateStats({ bucketSeconds: 60, retentionBuckets: 5, maxSeries: 2 });
    stats.record('api', 'a', at(0), 7);
    stats.record('api', 'a', at(10));
    expect(stats.countAt('api', 'a', at(0))).toBe(0);
    expect(stats.firstSeenMillis('api', 'a')).toBe(at(0));
    stats.record('api', 'b', at(10));
    stats.record('api', 'a', at(10));
    stats.record('api', 'c', at(10));
    expect(stats.firstSeenMillis('api', 'b')).toBeUndefined();
    expect(stats.firstSeenMillis('api', 'a')).toBe(at(0));
    expect(stats.countAt('api', 'a', at(10))).toBe(2);
  });

  it('rejects an invalid bucket size', () => {
    expect(() => createTemplateStats({ bucketSeconds: 0 })).toThrow(RangeError);
  });
});
