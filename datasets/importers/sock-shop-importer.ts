/**
 * The Sock Shop fault-injection data of the RCD paper (Ikram et al.,
 * NeurIPS 2022; RCAEval's "Sock Shop 1") -> the dataset format.
 *
 * Layout: `<service>-<fault>/<n>/normal.csv` and `anomalous.csv`, wide
 * metrics CSVs (`time` in Unix seconds, one row a second, `<service>_cpu`,
 * `_mem`, `_lod`, `_lat_50`, `_lat_90`, `_lat_99`), read through the metric
 * table like every importer. The folder name is the label (`carts-cpu`:
 * service `carts`, fault `cpu`; split at the last `-`, so `front-end-mem`
 * is `front-end`).
 *
 * The two files were recorded hours to days apart, but a case must be one
 * continuous period: the normal period is moved in time so that its last
 * row falls one sampling interval (the median step of normal.csv, 1 s when
 * it has fewer than two rows) before the first anomalous row. The fault is
 * active from the first anomalous row to the end of the file; it has no
 * recorded end. The window runs from the first (shifted) normal row to the
 * last anomalous row.
 */
import { join, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CaseTruth, FaultIndicator } from '../format/index.ts';
import { findCaseFolders } from './case-folders.ts';
import { type ImportedCase, writeCase } from './case-output.ts';
import { DatasetImportError, notFound } from './import-error.ts';
import { NANOS_PER_SECOND, nanosToIso } from './timestamps.ts';
import { type WideMetricsTable, type WideRow, metricLines, readWideMetrics } from './wide-metrics.ts';

export const NORMAL_FILE = 'normal.csv';
export const ANOMALOUS_FILE = 'anomalous.csv';

export const SOCK_SHOP_FAULTS: Readonly<Record<string, { readonly indicator: FaultIndicator; readonly type: string }>> = {
  cpu: { indicator: 'cpu', type: 'cpu-hog' },
  mem: { indicator: 'mem', type: 'memory-leak' },
};

export interface SockShopCase {
  readonly dir: string;
  readonly id: string;
  readonly service: string;
  readonly fault: string;
}

/** Every case below `root` (or `root` itself): folders holding normal.csv or anomalous.csv. */
export async function findSockShopCases(root: string): Promise<SockShopCase[]> {
  const folders = await findCaseFolders(root, (files) => files.has(NORMAL_FILE) || files.has(ANOMALOUS_FILE), 4);
  if (folders.length === 0) throw notFound(root, `no Sock Shop case folder below (a case folder holds ${NORMAL_FILE} and ${ANOMALOUS_FILE})`);
  return folders.map(({ dir, files }) => {
    for (const name of [NORMAL_FILE, ANOMALOUS_FILE]) if (!files.has(name)) throw notFound(join(dir, name), 'missing: a case needs both normal.csv and anomalous.csv');
    const parts = resolve(dir).split(sep).filter((p) => p !== '');
    const last = parts[parts.length - 1] ?? '';
    const repeat = /^\d+$/.test(last) ? last : undefined;
    const label = repeat === undefined ? last : (parts[parts.length - 2] ?? '');
    const cut = label.lastIndexOf('-');
    const fault = label.slice(cut + 1);
    if (cut <= 0 || !SOCK_SHOP_FAULTS[fault]) {
      throw new DatasetImportError(dir, `cannot read the label from the folder name "${label}": expected <service>-<cpu|mem>/<n>, like carts-cpu/1`);
    }
    const service = label.slice(0, cut);
    return { dir, id: [service, fault, ...(repeat ? [repeat] : [])].join('-'), service, fault };
  });
}

/** Median step between consecutive rows, in ns; one second when there is no step. */
function samplingStep(rows: readonly WideRow[]): bigint {
  const steps: bigint[] = [];
  for (let i = 1; i < rows.length; i++) steps.push((rows[i] as WideRow).timeNanos - (rows[i - 1] as WideRow).timeNanos);
  steps.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const median = steps[Math.floor(steps.length / 2)];
  return median !== undefined && median > 0n ? median : NANOS_PER_SECOND;
}

function firstAndLast(table: WideMetricsTable): [bigint, bigint] {
  const first = table.rows[0];
  const last = table.rows[table.rows.length - 1];
  if (!first || !last) throw new DatasetImportError(table.file, 'no data rows');
  return [first.timeNanos, last.timeNanos];
}

/** How far the normal period is moved so that it ends one step before the anomalous one (ns, usually negative). */
export function normalShiftNanos(normal: WideMetricsTable, anomalous: WideMetricsTable): bigint {
  const [, normalLast] = firstAndLast(normal);
  const [anomalousFirst] = firstAndLast(anomalous);
  return anomalousFirst - samplingStep(normal.rows) - normalLast;
}

export async function importSockShopCase(c: SockShopCase, outDir: string): Promise<ImportedCase> {
  const started = performance.now();
  const normal = await readWideMetrics(join(c.dir, NORMAL_FILE));
  const anomalous = await readWideMetrics(join(c.dir, ANOMALOUS_FILE));
  const shift = normalShiftNanos(normal, anomalous);
  const [normalFirst] = firstAndLast(normal);
  const [anomalousFirst, anomalousLast] = firstAndLast(anomalous);
  const fault = SOCK_SHOP_FAULTS[c.fault] as { indicator: FaultIndicator; type: string };
  const truth: CaseTruth = {
    version: 1,
    id: c.id,
    system: 'sock-shop',
    window: { start: nanosToIso(normalFirst + shift), end: nanosToIso(anomalousLast, true) },
    faults: [{ service: c.service, indicator: fault.indicator, type: fault.type, start: nanosToIso(anomalousFirst) }],
  };
  const dir = join(outDir, c.id);
  const written = await writeCase(dir, truth, [{ signal: 'metrics', lines: metricRequests(normal, shift, anomalous) }]);
  const skipped = [
    ...normal.skippedColumns.map((name) => `${NORMAL_FILE}:${name}`),
    ...anomalous.skippedColumns.map((name) => `${ANOMALOUS_FILE}:${name}`),
  ];
  return {
    id: c.id,
    source: c.dir,
    dir,
    layout: 'sock-shop-rcd',
    truth,
    lines: written.lines,
    items: written.items,
    skippedColumns: skipped,
    seconds: (performance.now() - started) / 1000,
  };
}

function* metricRequests(normal: WideMetricsTable, shift: bigint, anomalous: WideMetricsTable): Generator<{ request: object; items: number }> {
  for (const line of metricLines(normal, shift)) yield { request: line.request, items: line.points };
  for (const line of metricLines(anomalous)) yield { request: line.request, items: line.points };
}
