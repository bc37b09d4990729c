import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SIGNAL_FILES, type SignalFile } from './case-truth.ts';
import { createCaseWriter } from './case-writer.ts';
import { readCaseTruth } from './read-truth.ts';
import { type SignalLine, readSignalLines } from './signal-lines.ts';
import { SAMPLE_T0, logsRequest, sampleLines, sampleTruth, traceRequest, writeSampleCase } from './testing/sample-case.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cw-format-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(caseDir: string, signal: SignalFile): Promise<SignalLine[]> {
  const out: SignalLine[] = [];
  for await (const r of readSignalLines(caseDir, signal)) {
    if (!r.ok) throw new Error(r.error.message);
    out.push(r.value);
  }
  return out;
}

describe('case writer and reader round trip', () => {
  it('reads back the same truth and the same requests, in order, with times and item counts', async () => {
    const caseDir = join(dir, 'carts-latency-1');
    const written = await writeSampleCase(caseDir, 'carts-latency-1', 'carts');
    const truth = await readCaseTruth(caseDir);
    expect(truth.ok && truth.value).toEqual(sampleTruth('carts-latency-1', 'carts'));
    for (const signal of SIGNAL_FILES) {
      const expected = written.filter((l) => l.signal === signal);
      const read = await readAll(caseDir, signal);
      expect(read.map((l) => l.request)).toEqual(expected.map((l) => l.request));
      expect(read.map((l) => l.lineNo)).toEqual([1, 2, 3]);
      expect(read.map((l) => l.items)).toEqual(expected.map((l) => l.items));
      expect(read.every((l) => l.where === `carts-latency-1/${signal}.jsonl.gz: line ${l.lineNo}`)).toBe(true);
    }
    const traces = await readAll(caseDir, 'traces');
    // Earliest event time: the first span's start (1 s after each 10 s step).
    expect(traces.map((l) => l.earliestNanos)).toEqual([0n, 10n, 20n].map((s) => SAMPLE_T0 + (s + 1n) * 1_000_000_000n));
    const metrics = await readAll(caseDir, 'metrics');
    // Points' timeUnixNano, not the cumulative startTimeUnixNano an hour earlier.
    expect(metrics[0]!.earliestNanos).toBe(SAMPLE_T0 + 2_000_000_000n);
  });

  it('writes gzip files, one JSON request per line, only for the signals it was given', async () => {
    const created = await createCaseWriter(join(dir, 'c'), sampleTruth('c', 'carts'));
    if (!created.ok) throw new Error(created.error.message);
    const request = logsRequest('carts', SAMPLE_T0, 2);
    expect((await created.value.append('logs', request)).ok).toBe(true);
    expect(created.value.linesWritten('logs')).toBe(1);
    expect((await created.value.close()).ok).toBe(true);
    expect(readdirSync(join(dir, 'c')).sort()).toEqual(['case.json', 'logs.jsonl.gz']);
    const text = gunzipSync(readFileSync(join(dir, 'c', 'logs.jsonl.gz'))).toString('utf8');
    expect(text).toBe(`${JSON.stringify(request)}\n`);
  });

  it('writes a line given as text unchanged', async () => {
    const created = await createCaseWriter(join(dir, 'c'), sampleTruth('c', 'carts'));
    if (!created.ok) throw new Error(created.error.message);
    const text = JSON.stringify(traceRequest('carts', SAMPLE_T0, 1), null, 0).replace('{', '{ ');
    expect((await created.value.append('traces', text)).ok).toBe(true);
    await created.value.close();
    const [line] = await readAll(join(dir, 'c'), 'traces');
    expect(line!.text).toBe(text);
  });

  it('writes case.json only on close, and replaces the files of an earlier write', async () => {
    const caseDir = join(dir, 'c');
    await writeSampleCase(caseDir, 'c', 'carts');
    const created = await createCaseWriter(caseDir, sampleTruth('c', 'orders'));
    if (!created.ok) throw new Error(created.error.message);
    expect(existsSync(join(caseDir, 'case.json'))).toBe(false);
    expect(existsSync(join(caseDir, 'traces.jsonl.gz'))).toBe(false);
    await created.value.append('logs', logsRequest('orders', SAMPLE_T0, 1));
    expect((await created.value.close()).ok).toBe(true);
    expect(readdirSync(caseDir).sort()).toEqual(['case.json', 'logs.jsonl.gz']);
    const truth = await readCaseTruth(caseDir);
    expect(truth.ok && truth.value.faults[0]!.service).toBe('orders');
  });

  it('refuses an invalid truth, a line out of time order and a malformed line, naming file, line and field', async () => {
    const bad = await createCaseWriter(join(dir, 'bad'), { ...sampleTruth('bad', 'carts'), version: 2 as 1 });
    expect(bad.ok ? '' : bad.error.message).toBe('bad/case.json: version: expected 1, got 2');

    const created = await createCaseWriter(join(dir, 'c'), sampleTruth('c', 'carts'));
    if (!created.ok) throw new Error(created.error.message);
    const w = created.value;
    expect((await w.append('traces', traceRequest('carts', SAMPLE_T0 + 5_000_000_000n, 1))).ok).toBe(true);
    const early = await w.append('traces', traceRequest('carts', SAMPLE_T0, 1));
    expect(early.ok ? '' : early.error.code).toBe('CW_ERR_DATASET_INVALID');
    expect(early.ok ? '' : early.error.message).toMatch(
      /^c\/traces\.jsonl\.gz: line 2: resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.startTimeUnixNano: 1700000000000000000 \(2023-11-14T22:13:20\.000Z\) is before the earliest time of line 1/,
    );
    const malformed = await w.append('traces', { resourceSpans: [{ scopeSpans: [{ spans: 'none' }] }] });
    expect(malformed.ok ? '' : malformed.error.message).toContain('c/traces.jsonl.gz: line 2: invalid ExportTraceServiceRequest (JSON): resourceSpans[0].scopeSpans[0].spans');
    const multiLine = await w.append('traces', '{\n}');
    expect(multiLine.ok ? '' : multiLine.error.message).toBe('c/traces.jsonl.gz: line 2: the JSON text must be on one line');
    expect(w.linesWritten('traces')).toBe(1);
    expect((await w.close()).ok).toBe(true);
    expect((await readAll(join(dir, 'c'), 'traces')).length).toBe(1);
  });

  it('abort removes what was written and leaves no case', async () => {
    const created = await createCaseWriter(join(dir, 'c'), sampleTruth('c', 'carts'));
    if (!created.ok) throw new Error(created.error.message);
    for (const line of sampleLines('carts')) await created.value.append(line.signal, line.request);
    await created.value.abort();
    expect(readdirSync(join(dir, 'c'))).toEqual([]);
  });

  it('writes and reads back thousands of lines (the writer waits on a full gzip buffer)', async () => {
    const created = await createCaseWriter(join(dir, 'big'), sampleTruth('big', 'carts'), { gzipLevel: 1 });
    if (!created.ok) throw new Error(created.error.message);
    const lines = 3000;
    for (let i = 0; i < lines; i++) {
      const r = await created.value.append('traces', traceRequest('carts', SAMPLE_T0 + BigInt(i) * 1_000_000n, 20));
      if (!r.ok) throw new Error(r.error.message);
    }
    expect((await created.value.close()).ok).toBe(true);
    let n = 0;
    for await (const r of readSignalLines(join(dir, 'big'), 'traces', { validate: false })) {
      if (!r.ok) throw new Error(r.error.message);
      n++;
    }
    expect(n).toBe(lines);
  });
});
