import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mergeSignalLines } from './merge-lines.ts';
import { SAMPLE_T0, logsRequest, metricsRequest, traceRequest, writeSampleCase } from './testing/sample-case.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cw-merge-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const t = (seconds: number) => SAMPLE_T0 + BigInt(seconds) * 1_000_000_000n;

async function merged(caseDir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const r of mergeSignalLines(caseDir)) out.push(r.ok ? `${r.value.signal}:${r.value.lineNo}:${r.value.earliestNanos - SAMPLE_T0}` : `error ${r.error.message}`);
  return out;
}

describe('mergeSignalLines', () => {
  it('merges the three files by earliest time, ties in traces, metrics, logs order', async () => {
    const caseDir = join(dir, 'c');
    mkdirSync(caseDir);
    const s = 1_000_000_000n;
    writeFileSync(join(caseDir, 'traces.jsonl'), [traceRequest('a', t(5), 1), traceRequest('a', t(5), 1), traceRequest('a', t(9), 1)].map((r) => JSON.stringify(r)).join('\n'));
    writeFileSync(join(caseDir, 'metrics.jsonl'), [metricsRequest('a', t(1)), metricsRequest('a', t(5)), metricsRequest('a', t(20))].map((r) => JSON.stringify(r)).join('\n'));
    writeFileSync(join(caseDir, 'logs.jsonl'), [logsRequest('a', t(0), 1), logsRequest('a', t(5), 1), logsRequest('a', t(7), 1)].map((r) => JSON.stringify(r)).join('\n'));
    expect(await merged(caseDir)).toEqual([
      `logs:1:${0n * s}`,
      `metrics:1:${1n * s}`,
      `traces:1:${5n * s}`,
      `traces:2:${5n * s}`,
      `metrics:2:${5n * s}`,
      `logs:2:${5n * s}`,
      `logs:3:${7n * s}`,
      `traces:3:${9n * s}`,
      `metrics:3:${20n * s}`,
    ]);
  });

  it('interleaves a written case and ends with the first error of any file', async () => {
    const caseDir = join(dir, 'c');
    await writeSampleCase(caseDir, 'c', 'a');
    expect((await merged(caseDir)).map((l) => l.split(':').slice(0, 2).join(':'))).toEqual([
      'traces:1', 'metrics:1', 'logs:1', 'traces:2', 'metrics:2', 'logs:2', 'traces:3', 'metrics:3', 'logs:3',
    ]);
    writeFileSync(join(caseDir, 'logs.jsonl.gz'), 'not gzip');
    const withError = await merged(caseDir);
    expect(withError.at(-1)).toMatch(/^error c\/logs\.jsonl\.gz: not a valid gzip stream/);
  });
});
