import { describe, expect, it } from 'vitest';
import { createTemplateMiner } from './template-miner.ts';

const T0 = Date.parse('2026-01-05T00:00:00Z');

/** Distinct digit-free words ("a", "b", ..., "ba", ...), so masking cannot merge them. */
function word(i: number): string {
  let n = i;
  let s = '';
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return s;
}

describe('createTemplateMiner', () => {
  it('collapses messages that differ only in numbers, ids, IPs and durations into one template', () => {
    const miner = createTemplateMiner();
    const results = [
      'Request 17 from 10.0.0.1 took 12ms trace=4bf92f3577b34da6a3ce929d0e0e4736',
      'Request 9021 from 192.168.7.44 took 1.5s trace=00f067aa0ba902b700f067aa0ba902b7',
      'Request 3 from 172.16.0.9 took 250us trace=a3ce929d0e0e47364bf92f3577b34da6',
    ].map((m, i) => miner.add(m, T0 + i));
    expect(new Set(results.map((r) => r.templateId)).size).toBe(1);
    expect(results.map((r) => r.isNew)).toEqual([true, false, false]);
    expect(results[2]?.template).toBe('Request <*> from <*> took <*> trace=<*>');
    expect(miner.get(results[0]?.templateId ?? '')?.count).toBe(3);
  });

  it('keeps different event types apart, including ones that share a length and leading tokens', () => {
    const miner = createTemplateMiner();
    const a = miner.add('User login succeeded for account 42', T0);
    const b = miner.add('User login failed: password expired today', T0);
    const c = miner.add('Connection refused by peer 10.0.0.1', T0);
    const d = miner.add('Connection closed by peer 10.0.0.2', T0);
    expect(new Set([a, b, c, d].map((r) => r.templateId)).size).toBe(4);
    expect(miner.add('User login succeeded for account 7', T0).templateId).toBe(a.templateId);
    expect(miner.size).toBe(4);
  });

  it('generalises a template when a new variable position appears and keeps its id', () => {
    const miner = createTemplateMiner();
    const first = miner.add('Connection closed by peer alice', T0);
    const second = miner.add('Connection closed by peer bob', T0 + 1);
    expect(first.template).toBe('Connection closed by peer alice');
    expect(second).toEqual({ templateId: first.templateId, template: 'Connection closed by peer <*>', isNew: false });
    const third = miner.add('Connection closed by peer carol', T0 + 2);
    expect(third.templateId).toBe(first.templateId);
    // The id depends only on the creation text, so another miner (another process,
    // a restart) that sees the same first message agrees on it.
    const other = createTemplateMiner();
    other.add('Request 1 took 2ms', T0);
    expect(other.add('Connection closed by peer alice', T0).templateId).toBe(first.templateId);
  });

  it('splits on an unmasked variable among the leading routing tokens (a known Drain limit)', () => {
    const miner = createTemplateMiner();
    const a = miner.add('user alice logged in', T0);
    expect(miner.add('user bob logged in', T0).templateId).not.toBe(a.templateId);
    const shallow = createTemplateMiner({ depth: 3 });
    const b = shallow.add('user alice logged in', T0);
    expect(shallow.add('user bob logged in', T0).templateId).toBe(b.templateId);
  });

  it('respects the similarity threshold', () => {
    const strict = createTemplateMiner({ similarityThreshold: 0.9 });
    const a = strict.add('Connection closed by peer alice', T0);
    expect(strict.add('Connection closed by peer bob', T0).templateId).not.toBe(a.templateId);
  });

  it('mines stack traces by their first line and keeps the full body as the sample', () => {
    const miner = createTemplateMiner();
    const trace1 = 'java.lang.NullPointerException: order 17 missing\n\tat com.shop.Cart.total(Cart.java:42)\n\tat com.shop.Api.get(Api.java:7)';
    const trace2 = 'java.lang.NullPointerException: order 99 missing\n\tat com.shop.Other.run(Other.java:1)';
    const r1 = miner.add(trace1, T0);
    const r2 = miner.add(trace2, T0 + 1);
    expect(r2.templateId).toBe(r1.templateId);
    expect(r1.template).toBe('java.lang.NullPointerException: order <*> missing');
    expect(miner.get(r1.templateId)?.sample).toBe(trace2);
  });

  it('routes overflowing tokens to the wildcard child once a node has maxChildren children', () => {
    const limited = createTemplateMiner({ maxChildren: 2 });
    const unlimited = createTemplateMiner();
    const lines = ['svc alpha started now', 'svc beta started now', 'svc gamma started now', 'svc delta started now'];
    const l = lines.map((m) => limited.add(m, T0));
    const u = lines.map((m) => unlimited.add(m, T0));
    expect(l[3]?.templateId).toBe(l[2]?.templateId);
    expect(l[3]?.template).toBe('svc <*> started now');
    expect(new Set(u.map((r) => r.templateId)).size).toBe(4);
  });

  it('evicts the least recently seen template beyond maxTemplates', () => {
    const miner = createTemplateMiner({ maxTemplates: 3 });
    const a = miner.add('alpha event one', T0);
    const b = miner.add('beta event two', T0);
    miner.add('gamma event three', T0);
    miner.add('alpha event one', T0 + 1); // a is now more recent than b
    miner.add('delta event four', T0 + 2);
    expect(miner.size).toBe(3);
    expect(miner.get(b.templateId)).toBeUndefined();
    expect(miner.get(a.templateId)?.count).toBe(2);
    expect(miner.templates().map((t) => t.template)).toEqual(['gamma event three', 'alpha event one', 'delta event four']);
    // Seen again after eviction: new again, under the same id.
    expect(miner.add('beta event two', T0 + 3)).toEqual({ ...b, isNew: true });

    const bounded = createTemplateMiner({ maxTemplates: 50 });
    for (let i = 0; i < 2000; i++) bounded.add(`job ${word(i)} finished cleanly`, T0 + i);
    expect(bounded.size).toBe(50);
    expect(bounded.templates()[0]?.template).toBe(`job ${word(1950)} finished cleanly`);
  });

  it('is deterministic: the same input gives the same ids and templates', () => {
    const lines = ['Connection closed by peer alice', 'Connection closed by peer bob', 'Request 5 took 3ms', 'disk full on /dev/sda1'];
    const run = () => {
      const miner = createTemplateMiner();
      return lines.map((m, i) => miner.add(m, T0 + i));
    };
    expect(run()).toEqual(run());
  });

  it('rejects invalid options', () => {
    expect(() => createTemplateMiner({ depth: 2 })).toThrow(RangeError);
    expect(() => createTemplateMiner({ similarityThreshold: 0 })).toThrow(RangeError);
    expect(() => createTemplateMiner({ maxTemplates: 0 })).toThrow(RangeError);
  });

  it('mines 100k synthetic lines into a handful of templates', () => {
    // A small deterministic generator (LCG) for the variable parts.
    let seed = 12345;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const hex = (len: number): string => Array.from({ length: len }, () => '0123456789abcdef'[next(16)]).join('');
    const ip = (): string => `10.${next(256)}.${next(256)}.${next(256)}`;
    const users = ['alice', 'bob', 'carol', 'dave', 'erin'];
    const kinds: Array<() => string> = [
      () => `GET /api/orders/${next(100000)} returned ${200 + next(4)} in ${next(900)}ms`,
      () => `Connection from ${ip()}:${next(65535)} accepted`,
      () => `Connection from ${ip()} closed after ${next(60)}.${next(10)}s`,
      () => `session ${hex(32)} opened for user ${users[next(users.length)]}`,
      () => `cache miss for key ${hex(16)} size ${next(4096)}KiB`,
      () => `payment ${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)} declined code ${next(100)}`,
      () => `worker pool saturated: ${next(64)} of 64 busy, queue ${next(1000)}`,
      () => `java.lang.IllegalStateException: retry ${next(5)} failed\n\tat a.B.c(B.java:${next(500)})`,
    ];
    const miner = createTemplateMiner();
    for (let i = 0; i < 100_000; i++) {
      const kind = kinds[i % kinds.length];
      if (kind) miner.add(kind(), T0 + i);
    }
    expect(miner.size).toBe(kinds.length);
    expect(miner.templates().reduce((sum, t) => sum + t.count, 0)).toBe(100_000);
  });
});
