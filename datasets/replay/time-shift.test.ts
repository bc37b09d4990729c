import { describe, expect, it } from 'vitest';
import { SAMPLE_T0, logsRequest, metricsRequest, traceRequest } from '../format/testing/sample-case.ts';
import { shiftTimestamps } from './time-shift.ts';

/** Every `*TimeUnixNano` value in `value`, by path. */
function times(value: unknown, path = '', out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) value.forEach((v, i) => times(v, `${path}[${i}]`, out));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const p = path ? `${path}.${k}` : k;
      if (/^(timeUnixNano|\w+TimeUnixNano)$/.test(k)) out.set(p, String(v));
      else times(v, p, out);
    }
  }
  return out;
}

// Not a multiple of any power of ten, and large enough that a double would round it.
const OFFSET = 86_400_000_000_123_457n;

describe('shiftTimestamps', () => {
  it.each([
    ['traces (spans, events)', traceRequest('a', SAMPLE_T0 + 123_456_789n, 3), 3 * 3],
    ['metrics (points of every kind, start times, exemplars)', metricsRequest('a', SAMPLE_T0 + 987_654_321n), 2 + 3 + 3 + 2 + 2], // gauge 2 points; sum, histogram: start, time, exemplar; exp. histogram, summary: start, time
    ['logs (time, observed time)', logsRequest('a', SAMPLE_T0 + 1n, 2), 2 * 2],
  ])('moves every timestamp of %s by exactly the offset', (_name, request, expectedFields) => {
    const before = times(request);
    expect(before.size).toBe(expectedFields);
    expect(shiftTimestamps(request, OFFSET)).toBe('');
    const after = times(request);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [path, text] of before) expect(after.get(path), path).toBe((BigInt(text) + OFFSET).toString());
  });

  it('keeps zero (unknown) times, shifts snake_case and numeric times, and writes decimal text', () => {
    const request = { resource_logs: [{ scope_logs: [{ log_records: [{ time_unix_nano: 1000, observed_time_unix_nano: '0', body: { stringValue: '1' } }] }] }] };
    expect(shiftTimestamps(request, -400n)).toBe('');
    expect(request.resource_logs[0]!.scope_logs[0]!.log_records[0]).toEqual({ time_unix_nano: '600', observed_time_unix_nano: '0', body: { stringValue: '1' } });
  });

  it('names the field a shift would push out of range', () => {
    const request = logsRequest('a', 5n, 1);
    expect(shiftTimestamps(request, -10n)).toBe('resourceLogs[0].scopeLogs[0].logRecords[0].timeUnixNano: 5 shifted by -10 ns leaves the range of a fixed64 timestamp');
  });
});
