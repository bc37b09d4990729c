/**
 * One RCAEval case (RE1, RE2 or RE3; see rcaeval-layout.ts) -> one case of
 * the dataset format:
 * - metrics: the wide metrics file through the metric table (wide-metrics.ts);
 * - logs and spans, when the case has them (rcaeval-logs.ts, rcaeval-traces.ts);
 * - case.json: the window runs from the first to the last timestamp of all
 *   three signals (a span counts up to its end); one fault, on the service
 *   and fault the folder names, starting at `inject_time.txt`, without an
 *   end (RCAEval records none; the fault lasts to the end of the recording).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CaseTruth } from '../format/index.ts';
import { type ImportedCase, TimeSpan, writeCase } from './case-output.ts';
import { DatasetImportError, notFound } from './import-error.ts';
import type { RcaevalCase } from './rcaeval-layout.ts';
import { logLines, readRcaevalLogs } from './rcaeval-logs.ts';
import { readRcaevalTraces, spanLines } from './rcaeval-traces.ts';
import { serviceResolver } from './service-names.ts';
import { nanosToIso, textToNanos } from './timestamps.ts';
import { metricLines, readWideMetrics } from './wide-metrics.ts';

/** `inject_time.txt`: the fault injection time, Unix seconds, on the first line. */
export async function readInjectTime(file: string): Promise<bigint> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw notFound(file, 'missing: every RCAEval case holds its fault injection time (Unix seconds) in this file');
  }
  const first = (text.split(/\r?\n/)[0] ?? '').trim();
  const nanos = textToNanos(first, 's');
  if (nanos === undefined) throw new DatasetImportError(file, `${JSON.stringify(first)} is not a Unix time in seconds`, 1, 1);
  return nanos;
}

export async function importRcaevalCase(c: RcaevalCase, outDir: string): Promise<ImportedCase> {
  const started = performance.now();
  const injectNanos = await readInjectTime(c.injectTimeFile);
  const metrics = await readWideMetrics(c.metricsFile);
  const resolveService = serviceResolver(metrics.services.map((s) => s.service));
  const logs = c.logsFile ? await readRcaevalLogs(c.logsFile, resolveService) : [];
  const spans = c.tracesFile ? await readRcaevalTraces(c.tracesFile, resolveService) : [];

  const span = new TimeSpan();
  for (const row of metrics.rows) span.add(row.timeNanos);
  for (const entry of logs) span.add(entry.timeNanos);
  for (const s of spans) {
    span.add(s.startNanos);
    span.add(s.endNanos);
  }
  if (span.first === undefined || span.last === undefined) {
    throw new DatasetImportError(c.dir, 'no telemetry: the metrics file has no rows and there are no logs or spans');
  }

  const truth: CaseTruth = {
    version: 1,
    id: c.id,
    system: c.system,
    window: { start: nanosToIso(span.first), end: nanosToIso(span.last, true) },
    faults: [{ service: c.service, indicator: c.indicator, type: c.faultType, start: nanosToIso(injectNanos) }],
  };
  const dir = join(outDir, c.id);
  const written = await writeCase(dir, truth, [
    { signal: 'metrics', lines: mapLines(metricLines(metrics), (l) => l.points) },
    { signal: 'logs', lines: mapLines(logLines(logs), (l) => l.records) },
    { signal: 'traces', lines: mapLines(spanLines(spans), (l) => l.spans) },
  ]);
  return {
    id: c.id,
    source: c.dir,
    dir,
    layout: c.suite,
    truth,
    lines: written.lines,
    items: written.items,
    skippedColumns: metrics.skippedColumns,
    seconds: (performance.now() - started) / 1000,
  };
}

function* mapLines<T extends { readonly request: object }>(lines: Iterable<T>, items: (line: T) => number): Generator<{ request: object; items: number }> {
  for (const line of lines) yield { request: line.request, items: items(line) };
}
