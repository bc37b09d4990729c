/**
 * A small hand-made case for tests of the format and the replay: traces with
 * events, links and status; metrics of every kind (gauge, sum, histogram,
 * exponential histogram, summary) with exemplars; logs with trace context.
 * Every line is OTLP/JSON as the format requires (hex ids, 64-bit integers
 * as decimal text). Times are derived from `t0` so a test can place the case
 * anywhere; ids from the service name and time so cases never collide.
 */
import { createHash } from 'node:crypto';
import type { CaseTruth, SignalFile } from '../case-truth.ts';
import { createCaseWriter } from '../case-writer.ts';

const SECOND = 1_000_000_000n;
/** 2023-11-14T22:13:20Z. */
export const SAMPLE_T0 = 1_700_000_000n * SECOND;

export interface SampleLine {
  readonly signal: SignalFile;
  readonly request: Record<string, unknown>;
  readonly items: number;
}

/** Rows each table holds after the sample case is stored. */
export interface SampleCounts {
  readonly spans: number;
  readonly logs: number;
  readonly gauge: number;
  readonly sum: number;
  readonly histogram: number;
  readonly exponentialHistogram: number;
  readonly summary: number;
}

function hexId(bytes: number, ...parts: unknown[]): string {
  return createHash('sha256').update(parts.join('/')).digest('hex').slice(0, bytes * 2);
}

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const resource = (service: string) => ({ attributes: [str('service.name', service), str('host.name', `${service}-host`)] });

export function sampleTruth(id: string, service: string, t0: bigint = SAMPLE_T0): CaseTruth {
  const iso = (n: bigint) => new Date(Number(n / 1_000_000n)).toISOString();
  return {
    version: 1,
    id,
    system: 'sample-shop',
    window: { start: iso(t0), end: iso(t0 + 600n * SECOND) },
    faults: [{ service, indicator: 'latency', type: 'network-delay', start: iso(t0 + 300n * SECOND) }],
  };
}

export function traceRequest(service: string, t: bigint, spans: number): Record<string, unknown> {
  const traceId = hexId(16, service, 'trace', t);
  const rootId = hexId(8, service, 'span', t, 0);
  const list = Array.from({ length: spans }, (_, i) => ({
    traceId,
    spanId: hexId(8, service, 'span', t, i),
    ...(i > 0 ? { parentSpanId: rootId } : {}),
    name: i === 0 ? 'GET /cart' : `db-query-${i}`,
    kind: i === 0 ? 2 : 3,
    startTimeUnixNano: (t + BigInt(i) * 1_000_123n).toString(),
    endTimeUnixNano: (t + BigInt(i) * 1_000_123n + 5_000_007n).toString(),
    attributes: [str('http.route', '/cart'), { key: 'retry', value: { intValue: '0' } }],
    events: [{ timeUnixNano: (t + 2_000_001n).toString(), name: 'cache-miss', attributes: [str('key', `k${i}`)] }],
    links: i === 1 ? [{ traceId: hexId(16, service, 'linked', t), spanId: hexId(8, service, 'linked', t), attributes: [] }] : [],
    status: i === spans - 1 ? { code: 2, message: 'timeout' } : { code: 0 },
  }));
  return { resourceSpans: [{ resource: resource(service), scopeSpans: [{ scope: { name: 'sample', version: '1.0' }, spans: list }] }] };
}

/** One point of each metric kind, and two gauge points: 6 points. */
export function metricsRequest(service: string, t: bigint): Record<string, unknown> {
  const start = (t - 3600n * SECOND).toString();
  const time = t.toString();
  const exemplar = () => ({ timeUnixNano: (t - 1_000_001n).toString(), asDouble: 0.25, traceId: hexId(16, service, 'trace', t), spanId: hexId(8, service, 'span', t, 0) });
  const attrs = [str('pod', `${service}-0`)];
  const metrics = [
    { name: 'cpu.utilization', unit: '1', gauge: { dataPoints: [{ timeUnixNano: time, asDouble: 0.5, attributes: attrs }, { timeUnixNano: time, asDouble: 0, attributes: [str('pod', `${service}-1`)] }] } },
    {
      name: 'requests',
      unit: '{request}',
      sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ startTimeUnixNano: start, timeUnixNano: time, asInt: '12345678901234', attributes: attrs, exemplars: [exemplar()] }] },
    },
    {
      name: 'latency',
      unit: 'ms',
      histogram: {
        aggregationTemporality: 2,
        dataPoints: [{ startTimeUnixNano: start, timeUnixNano: time, count: '6', sum: 0, min: 0, max: 0, bucketCounts: ['1', '2', '3'], explicitBounds: [10, 100], attributes: attrs, exemplars: [exemplar()] }],
      },
    },
    {
      name: 'latency.exp',
      unit: 'ms',
      exponentialHistogram: {
        aggregationTemporality: 1,
        dataPoints: [
          {
            startTimeUnixNano: start,
            timeUnixNano: time,
            count: '7',
            sum: 42.5,
            scale: 2,
            zeroCount: '1',
            positive: { offset: -1, bucketCounts: ['1', '2', '3'] },
            negative: { offset: 0, bucketCounts: [] },
            attributes: attrs,
          },
        ],
      },
    },
    {
      name: 'gc.pause',
      unit: 's',
      summary: {
        dataPoints: [{ startTimeUnixNano: start, timeUnixNano: time, count: '4', sum: 1.5, quantileValues: [{ quantile: 0.5, value: 0.3 }, { quantile: 0.99, value: 0.9 }], attributes: attrs }],
      },
    },
  ];
  return { resourceMetrics: [{ resource: resource(service), scopeMetrics: [{ scope: { name: 'sample' }, metrics }] }] };
}

export function logsRequest(service: string, t: bigint, records: number): Record<string, unknown> {
  const list = Array.from({ length: records }, (_, i) => ({
    timeUnixNano: (t + BigInt(i) * 3n).toString(),
    observedTimeUnixNano: (t + BigInt(i) * 3n + 1_000n).toString(),
    severityNumber: i % 2 === 0 ? 9 : 17,
    severityText: i % 2 === 0 ? 'INFO' : 'ERROR',
    body: { stringValue: `request ${i} handled` },
    attributes: [str('logger', 'cart')],
    traceId: hexId(16, service, 'trace', t),
    spanId: hexId(8, service, 'span', t, 0),
  }));
  return { resourceLogs: [{ resource: resource(service), scopeLogs: [{ scope: { name: 'sample' }, logRecords: list }] }] };
}

const ENVELOPE: Record<SignalFile, readonly [string, string, string]> = {
  traces: ['resourceSpans', 'scopeSpans', 'spans'],
  metrics: ['resourceMetrics', 'scopeMetrics', 'metrics'],
  logs: ['resourceLogs', 'scopeLogs', 'logRecords'],
};

/** The first span, metric or log record of a request, for tests that alter one. */
export function firstItem(signal: SignalFile, request: Record<string, unknown>): Record<string, unknown> {
  const [resources, scopes, items] = ENVELOPE[signal];
  const first = (o: Record<string, unknown>, key: string) => (o[key] as Array<Record<string, unknown>>)[0]!;
  return first(first(first(request, resources), scopes), items);
}

/** `lines` requests per signal, 10 s apart, with each signal offset a little so the merged order interleaves. */
export function sampleLines(service: string, t0: bigint = SAMPLE_T0, lines = 3): SampleLine[] {
  const out: SampleLine[] = [];
  for (let k = 0; k < lines; k++) {
    const t = t0 + BigInt(k) * 10n * SECOND;
    out.push({ signal: 'traces', request: traceRequest(service, t + 1n * SECOND, 3), items: 3 });
    out.push({ signal: 'metrics', request: metricsRequest(service, t + 2n * SECOND), items: 6 });
    out.push({ signal: 'logs', request: logsRequest(service, t + 3n * SECOND, 2), items: 2 });
  }
  return out;
}

export function sampleCounts(lines = 3): SampleCounts {
  return { spans: 3 * lines, logs: 2 * lines, gauge: 2 * lines, sum: lines, histogram: lines, exponentialHistogram: lines, summary: lines };
}

/** Writes the sample case to `caseDir` with the format's writer; throws on any failure (test helper). */
export async function writeSampleCase(caseDir: string, id: string, service: string, t0: bigint = SAMPLE_T0, lines = 3): Promise<SampleLine[]> {
  const created = await createCaseWriter(caseDir, sampleTruth(id, service, t0));
  if (!created.ok) throw new Error(created.error.message);
  const all = sampleLines(service, t0, lines);
  for (const line of all) {
    const appended = await created.value.append(line.signal, line.request);
    if (!appended.ok) throw new Error(appended.error.message);
  }
  const closed = await created.value.close();
  if (!closed.ok) throw new Error(closed.error.message);
  return all;
}
