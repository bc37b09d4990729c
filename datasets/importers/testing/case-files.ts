/**
 * Test helpers: the files an import wrote, read back, and small source
 * trees built in a temporary folder (for malformed inputs the fixtures do
 * not keep).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll } from 'vitest';
import { decodeLogsJson } from '../../../collector/decode/logs-json.ts';
import { decodeMetricsJson } from '../../../collector/decode/metrics-json.ts';
import { decodeTracesJson } from '../../../collector/decode/traces-json.ts';
import type { CaseTruth, SignalFile } from '../../format/index.ts';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

const createdDirs: string[] = [];
// Every folder made here is removed when the test file that made it is done.
afterAll(() => {
  for (const dir of createdDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `causeway-${prefix}-`));
  createdDirs.push(dir);
  return dir;
}

/** Writes `files` (path relative to the returned root -> content) into a new temporary folder. */
export function sourceTree(files: Readonly<Record<string, string>>): string {
  const root = tempDir('import-src');
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return root;
}

export function readTruth(caseDir: string): CaseTruth {
  return JSON.parse(readFileSync(join(caseDir, 'case.json'), 'utf8')) as CaseTruth;
}

/** The parsed lines of a case's signal file; [] when the case has none. */
export function readLines(caseDir: string, signal: SignalFile): Record<string, unknown>[] {
  const file = join(caseDir, `${signal}.jsonl.gz`);
  if (!existsSync(file)) return [];
  return gunzipSync(readFileSync(file))
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export interface FlatPoint {
  readonly service: string;
  readonly metric: string;
  readonly unit: string;
  readonly time: string;
  readonly value: number;
  readonly quantile: string | undefined;
}

type Json = Record<string, unknown>;
const list = (o: unknown, key: string): Json[] => ((o as Json)[key] as Json[] | undefined) ?? [];

function serviceOf(resource: Json): string {
  const attrs = list(resource.resource, 'attributes');
  const name = attrs.find((a) => a.key === 'service.name');
  return ((name?.value as Json | undefined)?.stringValue as string | undefined) ?? '';
}

/** Every gauge data point of some metrics lines, flattened. */
export function metricPoints(lines: readonly Json[]): FlatPoint[] {
  const points: FlatPoint[] = [];
  for (const line of lines) {
    for (const rm of list(line, 'resourceMetrics')) {
      for (const sm of list(rm, 'scopeMetrics')) {
        for (const m of list(sm, 'metrics')) {
          for (const p of list(m.gauge, 'dataPoints')) {
            const quantile = list(p, 'attributes').find((a) => a.key === 'quantile');
            points.push({
              service: serviceOf(rm),
              metric: m.name as string,
              unit: m.unit as string,
              time: p.timeUnixNano as string,
              value: p.asDouble as number,
              quantile: (quantile?.value as Json | undefined)?.stringValue as string | undefined,
            });
          }
        }
      }
    }
  }
  return points;
}

/** Every item (log record or span) of some lines, with its resource's service. */
export function items(lines: readonly Json[], signal: 'logs' | 'traces'): (Json & { service: string })[] {
  const [resources, scopes, records] = signal === 'logs' ? ['resourceLogs', 'scopeLogs', 'logRecords'] : ['resourceSpans', 'scopeSpans', 'spans'];
  const out: (Json & { service: string })[] = [];
  for (const line of lines) {
    for (const r of list(line, resources)) {
      for (const s of list(r, scopes)) for (const item of list(s, records)) out.push({ ...item, service: serviceOf(r) });
    }
  }
  return out;
}

const DECODERS = { metrics: decodeMetricsJson, logs: decodeLogsJson, traces: decodeTracesJson } as const;

/**
 * Decodes every line of a case with the collector's OTLP/JSON decoders and
 * returns the items accepted per signal; throws naming the line when one is
 * refused or has items rejected.
 */
export function decodeCase(caseDir: string): Record<SignalFile, number> {
  const accepted: Record<SignalFile, number> = { metrics: 0, logs: 0, traces: 0 };
  for (const signal of ['metrics', 'logs', 'traces'] as const) {
    readLines(caseDir, signal).forEach((line, i) => {
      const decoded = DECODERS[signal](line);
      if (!decoded.ok) throw new Error(`${caseDir} ${signal} line ${i + 1}: ${decoded.error.message}`);
      if (decoded.value.rejectedItems !== 0) throw new Error(`${caseDir} ${signal} line ${i + 1}: ${decoded.value.rejectionMessage}`);
      accepted[signal] += decoded.value.acceptedItems;
    });
  }
  return accepted;
}
