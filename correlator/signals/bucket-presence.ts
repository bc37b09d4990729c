/**
 * Which keys (services, peers) have data in which buckets, to ask whether a
 * key was present around a bucket: within the bucket and the lookback
 * before it, or anywhere in the range read when there is no lookback (see
 * SignalRange.lookbackSeconds).
 */
export interface BucketPresence {
  add(key: string, bucket: number): void;
  presentAround(key: string, bucket: number): boolean;
  keys(): Iterable<string>;
}

export function createBucketPresence(lookbackBuckets: number | undefined): BucketPresence {
  const buckets = new Map<string, number[]>();
  const sorted = new Set<string>();
  return {
    add(key, bucket) {
      const list = buckets.get(key);
      if (list) list.push(bucket);
      else buckets.set(key, [bucket]);
      sorted.delete(key);
    },
    presentAround(key, bucket) {
      const list = buckets.get(key);
      if (!list) return false;
      if (lookbackBuckets === undefined) return true;
      if (!sorted.has(key)) {
        list.sort((a, b) => a - b);
        sorted.add(key);
      }
      // The first bucket at or after the lookback's start: present if it is not after `bucket`.
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid]! < bucket - lookbackBuckets) lo = mid + 1;
        else hi = mid;
      }
      return lo < list.length && list[lo]! <= bucket;
    },
    keys: () => buckets.keys(),
  };
}
