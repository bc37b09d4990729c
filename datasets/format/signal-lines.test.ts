import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../core/result.ts';
import type { SignalFile } from './case-truth.ts';
import { countCaseLines } from './line-count.ts';
import { type SignalLine, readSignalLines } from './signal-lines.ts';
import { SAMPLE_T0, firstItem, logsRequest, metricsRequest, traceRequest, writeSampleCase } from './testing/sample-case.ts';

let dir: string;
let caseDir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cw-lines-'));
  caseDir = join(dir, 'case-a');
  mkdirSync(caseDir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function collect(signal: SignalFile, validate = true): Promise<Array<Result<SignalLine>>> {
  const out: Array<Result<SignalLine>> = [];
  for await (const r of readSignalLines(caseDir, signal, { validate })) out.push(r);
  return out;
}

function lastError(results: Array<Result<SignalLine>>): string {
  const last = results.at(-1);
  return last && !last.ok ? `${last.error.code} ${last.error.message}` : '(no error)';
}

const t = (seconds: number) => SAMPLE_T0 + BigInt(seconds) * 1_000_000_000n;
const line = (request: unknown) => JSON.stringify(request);

describe('readSignalLines', () => {
  it('accepts plain .jsonl, skips blank lines and keeps editor line numbers (CRLF too)', async () => {
    writeFileSync(join(caseDir, 'logs.jsonl'), `${line(logsRequest('a', t(1), 1))}\r\n\r\n${line(logsRequest('a', t(2), 2))}`);
    const results = await collect('logs');
    expect(results.map((r) => r.ok && [r.value.lineNo, r.value.items, r.value.earliestNanos])).toEqual([
      [1, 1, t(1)],
      [3, 2, t(2)],
    ]);
    expect(results.every((r) => r.ok && r.value.where.startsWith('case-a/logs.jsonl: line '))).toBe(true);
    expect(await countCaseLines(caseDir)).toEqual({ ok: true, value: 2 });
  });

  it('yields nothing for a signal without a file', async () => {
    expect(await collect('traces')).toEqual([]);
  });

  it('names file and line of a line that is not JSON, and stops there', async () => {
    writeFileSync(join(caseDir, 'traces.jsonl.gz'), gzipSync(`${line(traceRequest('a', t(1), 1))}\n{"resourceSpans": [\n${line(traceRequest('a', t(2), 1))}\n`));
    const results = await collect('traces');
    expect(results).toHaveLength(2);
    expect(lastError(results)).toMatch(/^CW_ERR_DATASET_INVALID case-a\/traces\.jsonl\.gz: line 2: not valid JSON: /);
  });

  it('names file, line and JSON path of a line of the wrong OTLP shape', async () => {
    const bad = { resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'm', gauge: { dataPoints: [{ timeUnixNano: 'soon', asDouble: 1 }] } }] }] }] };
    writeFileSync(join(caseDir, 'metrics.jsonl'), `${line(metricsRequest('a', t(1)))}\n${line(bad)}\n`);
    expect(lastError(await collect('metrics'))).toBe(
      'CW_ERR_DATASET_INVALID case-a/metrics.jsonl: line 2: invalid ExportMetricsServiceRequest (JSON): resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0].timeUnixNano: expected a decimal integer, got "soon"',
    );
    // Without validation the shape is not judged (JSON syntax and order still are).
    expect((await collect('metrics', false)).every((r) => r.ok)).toBe(true);
  });

  it('refuses a line that is not an object even without validation', async () => {
    writeFileSync(join(caseDir, 'logs.jsonl'), '[1, 2]\n');
    expect(lastError(await collect('logs', false))).toBe('CW_ERR_DATASET_INVALID case-a/logs.jsonl: line 1: expected a JSON object (an OTLP/JSON logs export request), got an array');
  });

  it('refuses lines out of time order, naming both lines and the field', async () => {
    writeFileSync(join(caseDir, 'logs.jsonl'), [logsRequest('a', t(5), 1), {}, logsRequest('a', t(4), 1)].map(line).join('\n'));
    const results = await collect('logs');
    expect(results.slice(0, 2).map((r) => r.ok && r.value.earliestNanos)).toEqual([t(5), t(5)]); // a line without times keeps the previous time
    expect(lastError(results)).toBe(
      `CW_ERR_DATASET_INVALID case-a/logs.jsonl: line 3: resourceLogs[0].scopeLogs[0].logRecords[0].timeUnixNano: ${t(4)} (2023-11-14T22:13:24.000Z) is before the earliest time of line 1, ${t(5)} (2023-11-14T22:13:25.000Z): lines must be in non-decreasing time order`,
    );
  });

  it('orders by event time: observed time for logs without a time, zero times ignored', async () => {
    const noTime = logsRequest('a', t(3), 1);
    const record = firstItem('logs', noTime);
    record.timeUnixNano = '0';
    record.observedTimeUnixNano = t(3).toString();
    writeFileSync(join(caseDir, 'logs.jsonl'), [logsRequest('a', t(2), 1), noTime].map(line).join('\n'));
    const results = await collect('logs');
    expect(results.map((r) => r.ok && r.value.earliestNanos)).toEqual([t(2), t(3)]);
  });

  it('reports a corrupt gzip file as invalid, naming the file', async () => {
    const gz = gzipSync(Array.from({ length: 200 }, (_, i) => line(logsRequest('a', t(i), 1))).join('\n'));
    writeFileSync(join(caseDir, 'logs.jsonl.gz'), gz.subarray(0, gz.length - 100));
    expect(lastError(await collect('logs'))).toMatch(/^CW_ERR_DATASET_INVALID case-a\/logs\.jsonl\.gz: not a valid gzip stream/);
    expect(await countCaseLines(caseDir)).toMatchObject({ ok: false, error: { code: 'CW_ERR_DATASET_INVALID' } });
  });

  it('refuses both a gzipped and a plain file for one signal', async () => {
    writeFileSync(join(caseDir, 'logs.jsonl'), '');
    writeFileSync(join(caseDir, 'logs.jsonl.gz'), gzipSync(''));
    expect(lastError(await collect('logs'))).toBe('CW_ERR_DATASET_INVALID case-a/logs.jsonl.gz: logs.jsonl exists too; keep one file per signal');
  });

  it('stops reading when the consumer breaks out (the file is released)', async () => {
    await writeSampleCase(caseDir, 'case-a', 'a');
    for await (const r of readSignalLines(caseDir, 'traces')) {
      expect(r.ok).toBe(true);
      break;
    }
    // Rewriting the case after an early break works: nothing holds the old file.
    await writeSampleCase(caseDir, 'case-a', 'b');
    const results = await collect('traces');
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
    expect(readFileSync(join(caseDir, 'case.json'), 'utf8')).toContain('"service": "b"');
    expect(await countCaseLines(caseDir)).toEqual({ ok: true, value: 9 });
  });
});
