import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanRequest } from '../format/index.ts';
import { logLines, readRcaevalLogs } from './rcaeval-logs.ts';
import { readRcaevalTraces, spanLines } from './rcaeval-traces.ts';
import { serviceResolver } from './service-names.ts';
import { tempDir } from './testing/case-files.ts';
import { metricLines, readWideMetrics } from './wide-metrics.ts';

function csv(name: string, text: string): string {
  const path = join(tempDir('order'), name);
  writeFileSync(path, text);
  return path;
}

function earliest(signal: 'metrics' | 'logs' | 'traces', requests: readonly object[]): (bigint | undefined)[] {
  return requests.map((r) => scanRequest(signal, r).earliestNanos);
}

const same = serviceResolver([]);

describe('lines come out in time order whatever the order of the rows', () => {
  it('wide metrics: rows sorted by time, time in any epoch unit', async () => {
    const table = await readWideMetrics(csv('m.csv', 'time,a_cpu\n1700000002000,3\n1700000000000,1\n1700000001000,2\n'));
    const lines = [...metricLines(table)];
    expect(earliest('metrics', lines.map((l) => l.request))).toEqual([1700000000000000000n, 1700000001000000000n, 1700000002000000000n]);
    expect(lines.map((l) => l.points)).toEqual([1, 1, 1]);
  });

  it('a row without any value gives no line', async () => {
    const table = await readWideMetrics(csv('m.csv', 'time,a_cpu,b_mem\n1,,nan\n2,1,\n'));
    expect([...metricLines(table)].map((l) => l.timeNanos)).toEqual([2_000_000_000n]);
  });

  it('logs: sorted, then batched; each line starts no earlier than the one before', async () => {
    const rows = [5, 1, 4, 2, 3].map((t) => `${1700000000 + t},svc-${t % 2},m${t}`);
    const entries = await readRcaevalLogs(csv('logs.csv', `timestamp,container_name,message\n${rows.join('\n')}\n`), same);
    const lines = [...logLines(entries, 2)];
    expect(lines.map((l) => l.records)).toEqual([2, 2, 1]);
    expect(earliest('logs', lines.map((l) => l.request))).toEqual([1700000001n, 1700000003n, 1700000005n].map((s) => s * 1_000_000_000n));
  });

  it('spans: sorted by start, then batched', async () => {
    const rows = [3, 1, 2].map((t) => `a,${t},svc,${(1700000000 + t) * 1_000_000},10`);
    const spans = await readRcaevalTraces(csv('traces.csv', `traceID,spanID,serviceName,startTime,duration\n${rows.join('\n')}\n`), same);
    const lines = [...spanLines(spans, 2)];
    expect(lines.map((l) => l.spans)).toEqual([2, 1]);
    expect(earliest('traces', lines.map((l) => l.request))).toEqual([1700000001n, 1700000003n].map((s) => s * 1_000_000_000n));
    expect(spans.map((s) => s.spanId)).toEqual(['0000000000000001', '0000000000000002', '0000000000000003']);
    expect(spans[0]?.traceId).toBe('0000000000000000000000000000000a');
  });
});
