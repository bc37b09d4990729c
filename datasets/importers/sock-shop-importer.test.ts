import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportSummary } from './import-dataset.ts';
import { importDataset } from './import-dataset.ts';
import { FIXTURES, decodeCase, metricPoints, readLines, readTruth, sourceTree, tempDir } from './testing/case-files.ts';

const S = 1_000_000_000n;
const ns = (seconds: number) => (BigInt(seconds) * S).toString();

describe('sock-shop-rcd importer, on the fixture tree', () => {
  let out: string;
  let summary: ImportSummary;

  beforeAll(async () => {
    out = tempDir('sock-shop');
    const result = await importDataset('sock-shop-rcd', { sourceDir: join(FIXTURES, 'sock-shop-rcd'), outDir: out });
    if (!result.ok) throw new Error(result.error.message);
    summary = result.value;
  });

  it('imports one case per <service>-<fault>/<n> folder, labelled by the folder name', () => {
    expect(summary.cases.map((c) => c.id)).toEqual(['carts-cpu-1', 'user-mem-2']);
    expect(readTruth(join(out, 'user-mem-2')).faults).toEqual([{ service: 'user', indicator: 'mem', type: 'memory-leak', start: '2022-05-18T18:53:20Z' }]);
    expect(JSON.parse(readFileSync(join(out, 'dataset.json'), 'utf8'))).toMatchObject({ name: 'sock-shop-rcd', system: 'sock-shop' });
  });

  it('moves the normal period to end one sampling step before the anomalous one; the fault starts at the first anomalous row', () => {
    expect(readTruth(join(out, 'carts-cpu-1'))).toEqual({
      version: 1,
      id: 'carts-cpu-1',
      system: 'sock-shop',
      // normal.csv 1652565600..602 moved to 1652812672..674; anomalous.csv 1652812675..676
      window: { start: '2022-05-17T18:37:52Z', end: '2022-05-17T18:37:56Z' },
      faults: [{ service: 'carts', indicator: 'cpu', type: 'cpu-hog', start: '2022-05-17T18:37:55Z' }],
    });
    const times = metricPoints(readLines(join(out, 'carts-cpu-1'), 'metrics')).map((p) => p.time);
    expect([...new Set(times)]).toEqual([ns(1652812672), ns(1652812673), ns(1652812674), ns(1652812675), ns(1652812676)]);
    // user-mem-2 samples every 2 s: its normal rows end 2 s before the anomalous ones.
    expect(readTruth(join(out, 'user-mem-2')).window).toEqual({ start: '2022-05-18T18:53:16Z', end: '2022-05-18T18:53:22Z' });
  });

  it('writes one metrics line per row with one point per non-empty cell, converted to OTLP units', () => {
    const lines = readLines(join(out, 'carts-cpu-1'), 'metrics');
    expect(lines).toHaveLength(5);
    const points = metricPoints(lines);
    // 7 metric columns x 5 rows, less the one empty cell.
    expect(points).toHaveLength(34);
    expect(summary.cases[0]?.items.metrics).toBe(34);
    const at = (time: number) => points.filter((p) => p.time === ns(time));
    expect(at(1652812672)).toEqual([
      { service: 'carts', metric: 'container.cpu.utilization', unit: '1', time: ns(1652812672), value: 1.25 / 100, quantile: undefined },
      { service: 'carts', metric: 'container.memory.usage', unit: 'By', time: ns(1652812672), value: 342642688, quantile: undefined },
      { service: 'carts', metric: 'http.server.request.rate', unit: '{request}/s', time: ns(1652812672), value: 4.5, quantile: undefined },
      { service: 'carts', metric: 'http.server.request.duration', unit: 's', time: ns(1652812672), value: 0.01, quantile: '0.5' },
      { service: 'carts', metric: 'http.server.request.duration', unit: 's', time: ns(1652812672), value: 0.02, quantile: '0.9' },
      { service: 'carts', metric: 'http.server.request.duration', unit: 's', time: ns(1652812672), value: 0.05, quantile: '0.99' },
      { service: 'carts-db', metric: 'container.cpu.utilization', unit: '1', time: ns(1652812672), value: 0.5 / 100, quantile: undefined },
    ]);
    // The empty carts-db_cpu cell of the second normal row gives no point.
    expect(at(1652812673).filter((p) => p.service === 'carts-db')).toEqual([]);
    expect(at(1652812675).find((p) => p.metric === 'container.cpu.utilization' && p.service === 'carts')?.value).toBe(1);
  });

  it('groups each row into one request: a resource per service, the percentiles in one metric', () => {
    const first = readLines(join(out, 'carts-cpu-1'), 'metrics')[0] as { resourceMetrics: { scopeMetrics: { metrics: { name: string }[] }[] }[] };
    expect(first.resourceMetrics).toHaveLength(2);
    expect(first.resourceMetrics[0]?.scopeMetrics[0]?.metrics.map((m) => m.name)).toEqual([
      'container.cpu.utilization',
      'container.memory.usage',
      'http.server.request.rate',
      'http.server.request.duration',
    ]);
  });

  it('writes lines the OTLP/JSON decoders accept whole', () => {
    expect(decodeCase(join(out, 'carts-cpu-1'))).toEqual({ metrics: 34, logs: 0, traces: 0 });
    expect(decodeCase(join(out, 'user-mem-2'))).toEqual({ metrics: 8, logs: 0, traces: 0 });
  });

  it('imports a single case folder given directly', async () => {
    const single = tempDir('sock-shop-one');
    const result = await importDataset('sock-shop-rcd', { sourceDir: join(FIXTURES, 'sock-shop-rcd', 'user-mem', '2'), outDir: single });
    expect(result.ok && result.value.cases.map((c) => c.id)).toEqual(['user-mem-2']);
  });

  it('splits the label at its last hyphen', async () => {
    const csv = 'time,front-end_cpu\n1,1\n2,1\n';
    const src = sourceTree({ 'front-end-cpu/1/normal.csv': csv, 'front-end-cpu/1/anomalous.csv': 'time,front-end_cpu\n100,90\n101,95\n' });
    const result = await importDataset('sock-shop-rcd', { sourceDir: src, outDir: tempDir('sock-shop-fe') });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.cases[0]?.truth.faults[0]).toMatchObject({ service: 'front-end', indicator: 'cpu' });
  });
});
