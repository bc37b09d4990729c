import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ImportSummary, importDataset } from './import-dataset.ts';
import { FIXTURES, decodeCase, items, metricPoints, readLines, readTruth, tempDir } from './testing/case-files.ts';

const TREE = join(FIXTURES, 'rcaeval');
const S = 1_000_000_000n;
const ns = (seconds: number) => (BigInt(seconds) * S).toString();

describe('rcaeval importer, on the whole fixture tree (RE1, RE2, RE3)', () => {
  let out: string;
  let summary: ImportSummary;

  beforeAll(async () => {
    out = tempDir('rcaeval');
    const result = await importDataset('rcaeval', { sourceDir: TREE, outDir: out });
    if (!result.ok) throw new Error(result.error.message);
    summary = result.value;
  });

  it('finds every case and detects its layout per folder', () => {
    expect(summary.cases.map((c) => [c.id, c.layout])).toEqual([
      ['re1-ob-checkoutservice-cpu-1', 'RE1'],
      ['re1-ob-emailservice-delay-1', 'RE1'],
      ['re2-tt-ts-auth-service-cpu-1', 'RE2'],
      ['re3-ob-cartservice-f2-1', 'RE3'],
    ]);
  });

  it('labels each case from its folder names, with the fault starting at inject_time.txt', () => {
    expect(readTruth(join(out, 're1-ob-checkoutservice-cpu-1'))).toEqual({
      version: 1,
      id: 're1-ob-checkoutservice-cpu-1',
      system: 'online-boutique',
      window: { start: '2023-08-20T22:08:50Z', end: '2023-08-20T22:08:53Z' },
      faults: [{ service: 'checkoutservice', indicator: 'cpu', type: 'cpu-hog', start: '2023-08-20T22:08:52Z' }],
    });
    expect(readTruth(join(out, 're1-ob-emailservice-delay-1')).faults).toEqual([
      { service: 'emailservice', indicator: 'latency', type: 'network-delay', start: '2023-08-20T22:20:01Z' },
    ]);
    expect(readTruth(join(out, 're3-ob-cartservice-f2-1'))).toMatchObject({
      system: 'online-boutique',
      faults: [{ service: 'cartservice', indicator: 'code', type: 'code-fault-f2', start: '2024-01-23T08:53:21Z' }],
    });
  });

  it('RE1: one point per mapped, non-empty cell, in OTLP units; unmapped columns skipped and reported', () => {
    const dir = join(out, 're1-ob-checkoutservice-cpu-1');
    const points = metricPoints(readLines(dir, 'metrics'));
    // 10 mapped columns x 4 rows, less one empty and one `nan` cell.
    expect(points).toHaveLength(38);
    expect(summary.cases[0]?.skippedColumns).toEqual(['gke-pool-1_node-cpu']);
    const row = points.filter((p) => p.time === ns(1692569332));
    expect(row.map((p) => [p.service, p.metric, p.quantile, p.value])).toEqual([
      ['checkoutservice', 'container.cpu.utilization', undefined, 0.95],
      ['checkoutservice', 'container.memory.usage', undefined, 104865792],
      ['checkoutservice', 'http.server.request.duration', '0.9', 0.25],
      ['checkoutservice', 'http.server.request.rate', undefined, 19],
      ['frontend', 'http.server.request.duration', '0.5', 0.003],
      ['frontend', 'http.server.request.duration', '0.9', 0.4],
      ['frontend', 'http.server.request.error.rate', undefined, 1],
      ['redis-db', 'container.disk.io', undefined, 4200],
      ['redis-db', 'container.network.sockets', undefined, 13],
    ]);
    expect(decodeCase(dir)).toEqual({ metrics: 38, logs: 0, traces: 0 });
  });

  describe('RE2 (metrics, logs and traces)', () => {
    const dir = () => join(out, 're2-tt-ts-auth-service-cpu-1');

    it('reads simple_metrics.csv rather than the raw metrics.csv', () => {
      const points = metricPoints(readLines(dir(), 'metrics'));
      expect(points).toHaveLength(21);
      expect(points.some((p) => p.value === 99)).toBe(false);
      expect(points.filter((p) => p.service === 'ts-auth-service' && p.metric === 'container.cpu.utilization').map((p) => p.value)).toEqual([0.1, 0.8, 0.9]);
    });

    it('window covers every signal; the fault is on the service the folder names', () => {
      expect(readTruth(dir())).toEqual({
        version: 1,
        id: 're2-tt-ts-auth-service-cpu-1',
        system: 'train-ticket',
        window: { start: '2024-01-20T07:11:00Z', end: '2024-01-20T07:11:02Z' },
        faults: [{ service: 'ts-auth-service', indicator: 'cpu', type: 'cpu-hog', start: '2024-01-20T07:11:01Z' }],
      });
    });

    it('turns logs.csv rows into log records, severity from the level column or the text', () => {
      // One line (up to 1000 records), one resource per service in it: compare in time order.
      const records = items(readLines(dir(), 'logs'), 'logs').sort((a, b) => String(a.timeUnixNano).localeCompare(String(b.timeUnixNano)));
      expect(records).toEqual([
        {
          service: 'ts-auth-service',
          timeUnixNano: '1705734660000000000',
          severityNumber: 9,
          severityText: 'INFO',
          body: { stringValue: '2024-01-20 07:11:00.123 INFO [main] Login ok, user="alice"' },
          attributes: [{ key: 'rcaeval.req_path', value: { stringValue: '/api/v1/users/login' } }],
        },
        {
          service: 'ts-order-service',
          timeUnixNano: '1705734661500000000',
          severityNumber: 13,
          severityText: 'WARN',
          body: { stringValue: 'level=warn msg=slow query' },
        },
        {
          service: 'ts-auth-service',
          timeUnixNano: '1705734662000000000',
          severityNumber: 17,
          severityText: 'ERROR',
          body: { stringValue: '2024-01-20 07:11:02.001 ERROR [main] Token check failed\njava.lang.RuntimeException: boom' },
          attributes: [
            { key: 'rcaeval.req_path', value: { stringValue: '/api/v1/users/login' } },
            { key: 'rcaeval.error', value: { stringValue: 'true' } },
          ],
        },
      ]);
    });

    it('turns traces.csv rows into spans with parent links, status and ids OTLP accepts', () => {
      const spans = items(readLines(dir(), 'traces'), 'traces');
      expect(spans).toEqual([
        {
          service: 'ts-ui-dashboard',
          traceId: '0af7651916cd43dd8448eb211c80319c',
          spanId: 'b7ad6b7169203331',
          name: 'GET /api/v1/users/login',
          kind: 0,
          startTimeUnixNano: '1705734660100000000',
          endTimeUnixNano: '1705734660105000000',
          attributes: [
            { key: 'rpc.method', value: { stringValue: 'GET' } },
            { key: 'http.response.status_code', value: { intValue: '200' } },
          ],
        },
        {
          service: 'ts-auth-service',
          traceId: '0af7651916cd43dd8448eb211c80319c',
          spanId: '00f067aa0ba902b7',
          parentSpanId: 'b7ad6b7169203331',
          name: 'login',
          kind: 0,
          startTimeUnixNano: '1705734660101250000',
          endTimeUnixNano: '1705734660104250000',
          attributes: [{ key: 'http.response.status_code', value: { intValue: '500' } }],
          status: { code: 2 },
        },
        {
          service: 'ts-order-service',
          // Not hex: replaced by the leading bytes of its SHA-256; a `0` parent is a root span.
          traceId: createHash('sha256').update('t1').digest('hex').slice(0, 32),
          spanId: createHash('sha256').update('s2').digest('hex').slice(0, 16),
          name: 'queryOrders',
          kind: 0,
          startTimeUnixNano: '1705734661000000000',
          endTimeUnixNano: '1705734661001500000',
          attributes: [{ key: 'rpc.grpc.status_code', value: { intValue: '0' } }],
        },
      ]);
    });

    it('writes lines the OTLP/JSON decoders accept whole', () => {
      expect(decodeCase(dir())).toEqual({ metrics: 21, logs: 3, traces: 3 });
      expect(summary.cases[2]?.items).toEqual({ metrics: 21, logs: 3, traces: 3 });
    });
  });

  it('RE3: logs with timestamps in seconds, severity from a glog prefix', () => {
    const dir = join(out, 're3-ob-cartservice-f2-1');
    const [record] = items(readLines(dir, 'logs'), 'logs');
    expect(record).toMatchObject({ service: 'cartservice', timeUnixNano: ns(1706000001), severityNumber: 17, severityText: 'ERROR' });
    expect(decodeCase(dir)).toEqual({ metrics: 6, logs: 1, traces: 0 });
  });
});

describe('rcaeval importer, given part of a tree', () => {
  it('a system folder: its cases only', async () => {
    const result = await importDataset('rcaeval', { sourceDir: join(TREE, 'RE1', 'RE1-OB'), outDir: tempDir('rcaeval-system') });
    expect(result.ok && result.value.cases.map((c) => c.id)).toEqual(['re1-ob-checkoutservice-cpu-1', 're1-ob-emailservice-delay-1']);
  });

  it('a single case, with the system given when wanted', async () => {
    const out = tempDir('rcaeval-case');
    const source = join(TREE, 'RE2', 'RE2-TT', 'ts-auth-service_cpu', '1');
    const result = await importDataset('rcaeval', { sourceDir: source, outDir: out, system: 'trainticket-v1' });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.cases.map((c) => [c.id, c.layout])).toEqual([['re2-tt-ts-auth-service-cpu-1', 'RE2']]);
    expect(readTruth(join(out, 're2-tt-ts-auth-service-cpu-1')).system).toBe('trainticket-v1');
  });
});
