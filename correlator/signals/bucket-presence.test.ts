import { describe, expect, it } from 'vitest';
import { createBucketPresence } from './bucket-presence.ts';

describe('createBucketPresence', () => {
  it('finds a key within the bucket and the lookback before it, not after it', () => {
    const p = createBucketPresence(2);
    for (const b of [9, -3, 4]) p.add('api', b);
    expect([-4, -3, -1, 0, 3, 4, 6, 7, 9, 12].map((b) => p.presentAround('api', b))).toEqual([false, true, true, false, false, true, true, false, true, false]);
    expect(p.presentAround('db', 4)).toBe(false);
  });

  it('without a lookback, finds a key seen anywhere in the range read', () => {
    const p = createBucketPresence(undefined);
    p.add('api', 30);
    expect(p.presentAround('api', 0)).toBe(true);
    expect([...p.keys()]).toEqual(['api']);
  });
});
