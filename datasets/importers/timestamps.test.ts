import { describe, expect, it } from 'vitest';
import { dateTextToNanos, epochTextToNanos, epochUnitOf, nanosToIso, textToNanos } from './timestamps.ts';

describe('timestamps', () => {
  it('converts decimal text exactly', () => {
    expect(textToNanos('1652565600', 's')).toBe(1652565600000000000n);
    expect(textToNanos('1652565600.123456789', 's')).toBe(1652565600123456789n);
    expect(textToNanos('1705734660101250', 'us')).toBe(1705734660101250000n);
    expect(textToNanos('1500.0', 'us')).toBe(1500000n);
    expect(textToNanos('1.5e3', 'us')).toBe(1500000n);
    expect(textToNanos('abc', 's')).toBeUndefined();
    expect(textToNanos('', 's')).toBeUndefined();
  });

  it('tells epoch units apart by magnitude', () => {
    expect(epochUnitOf(1705734660)).toBe('s');
    expect(epochUnitOf(1705734660100)).toBe('ms');
    expect(epochUnitOf(1705734660100000)).toBe('us');
    expect(epochUnitOf(1705734660000000000)).toBe('ns');
    for (const text of ['1705734660', '1705734660000', '1705734660000000', '1705734660000000000']) {
      expect(epochTextToNanos(text)).toBe(1705734660000000000n);
    }
  });

  it('reads date-time text as UTC unless it names a zone', () => {
    expect(dateTextToNanos('2024-01-20 07:11:00')).toBe(1705734660000000000n);
    expect(dateTextToNanos('2024-01-20T08:11:00.5+01:00')).toBe(1705734660500000000n);
    expect(dateTextToNanos('07:11')).toBeUndefined();
  });

  it('writes ISO 8601 with whole seconds or milliseconds, rounding a window end up', () => {
    expect(nanosToIso(1652812675000000000n)).toBe('2022-05-17T18:37:55Z');
    expect(nanosToIso(1652812675250000000n)).toBe('2022-05-17T18:37:55.250Z');
    expect(nanosToIso(1652812675250000001n)).toBe('2022-05-17T18:37:55.250Z');
    expect(nanosToIso(1652812675250000001n, true)).toBe('2022-05-17T18:37:55.251Z');
  });
});
