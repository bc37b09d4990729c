/**
 * The one table that turns a wide-CSV column `<service>_<suffix>` into an
 * OTLP gauge data point. Every importer (RCAEval RE1/RE2/RE3, Sock Shop RCD)
 * reads its metric columns through this table, so the same source metric
 * always becomes the same OTLP metric, unit and attributes.
 *
 * Names follow the OpenTelemetry semantic conventions where one fits
 * (https://opentelemetry.io/docs/specs/semconv/system/container-metrics/,
 * https://opentelemetry.io/docs/specs/semconv/http/http-metrics/). Latency
 * percentiles share one metric, `http.server.request.duration`, with the
 * percentile in the data point attribute `quantile` ("0.5", "0.9", ...), in
 * seconds; a correlator selects a percentile by attribute.
 *
 * A column whose suffix is not in the table is skipped and reported by the
 * importer (never guessed): node metrics, raw Prometheus counters, `time.1`.
 */
import type { FaultIndicator } from '../format/case-truth.ts';

export interface MetricMapping {
  /** Column suffixes (after `<service>_`) that this row reads. */
  readonly suffixes: readonly string[];
  /** OTLP metric name. */
  readonly name: string;
  /** UCUM unit as OTLP carries it. */
  readonly unit: string;
  /** Source value / divideBy = OTLP value (the unit conversion; 1 for none). */
  readonly divideBy: number;
  /** Data point attributes (string values). */
  readonly attributes: Readonly<Record<string, string>>;
  /** The case.json indicator a fault on this signal would name. */
  readonly indicator: FaultIndicator;
  /** One line for the documentation table: what the source column holds. */
  readonly source: string;
}

function latency(quantile: string, suffixes: readonly string[]): MetricMapping {
  return {
    suffixes,
    name: 'http.server.request.duration',
    unit: 's',
    divideBy: 1,
    attributes: { quantile },
    indicator: 'latency',
    source: `${Number(quantile) * 100}th percentile request latency, seconds`,
  };
}

export const METRIC_MAPPINGS: readonly MetricMapping[] = [
  {
    suffixes: ['cpu'],
    name: 'container.cpu.utilization',
    unit: '1',
    divideBy: 100,
    attributes: {},
    indicator: 'cpu',
    source: 'CPU usage in percent of one core (100 = one core busy)',
  },
  {
    suffixes: ['mem', 'memory', 'container-memory-usage-bytes'],
    name: 'container.memory.usage',
    unit: 'By',
    divideBy: 1,
    attributes: {},
    indicator: 'mem',
    source: 'memory in use, bytes',
  },
  {
    suffixes: ['diskio', 'disk'],
    name: 'container.disk.io',
    unit: 'By/s',
    divideBy: 1,
    attributes: {},
    indicator: 'disk',
    source: 'disk I/O rate; the source does not state a unit, bytes per second assumed, value kept as is',
  },
  {
    suffixes: ['net', 'network'],
    name: 'container.network.io',
    unit: 'By/s',
    divideBy: 1,
    attributes: {},
    indicator: 'net',
    source: 'network I/O rate; bytes per second assumed, value kept as is',
  },
  {
    suffixes: ['socket', 'sockets', 'container-sockets'],
    name: 'container.network.sockets',
    unit: '{socket}',
    divideBy: 1,
    attributes: {},
    indicator: 'net',
    source: 'open sockets',
  },
  latency('0.5', ['latency-50', 'lat_50', 'istio-latency-50']),
  // A bare `_latency` (RCAEval RE1 Online Boutique) is the percentile RCAEval's
  // own evaluation compares with `_latency-90` (it renames one to the other).
  latency('0.9', ['latency-90', 'lat_90', 'istio-latency-90', 'latency']),
  latency('0.95', ['latency-95', 'lat_95', 'istio-latency-95']),
  latency('0.99', ['latency-99', 'lat_99', 'istio-latency-99']),
  {
    suffixes: ['load', 'lod', 'workload'],
    name: 'http.server.request.rate',
    unit: '{request}/s',
    divideBy: 1,
    attributes: {},
    indicator: 'traffic',
    source: 'requests per second',
  },
  {
    suffixes: ['error', 'errors'],
    name: 'http.server.request.error.rate',
    unit: '{request}/s',
    divideBy: 1,
    attributes: {},
    indicator: 'errors',
    source: 'failed requests per second; value kept as is',
  },
];

export interface MetricColumn {
  readonly service: string;
  readonly suffix: string;
  readonly mapping: MetricMapping;
}

/** Suffixes, longest first, so `lat_50` wins over a shorter suffix ending the same way. */
const SUFFIXES: readonly { readonly suffix: string; readonly mapping: MetricMapping }[] = METRIC_MAPPINGS.flatMap((mapping) =>
  mapping.suffixes.map((suffix) => ({ suffix, mapping })),
).sort((a, b) => b.suffix.length - a.suffix.length);

/**
 * `<service>_<suffix>` -> service and mapping, or undefined for a column the
 * table does not know. The service is everything before the matched
 * `_<suffix>`, exactly as written (so `carts-db` stays its own service and a
 * service name may itself contain `_`).
 */
export function parseMetricColumn(header: string): MetricColumn | undefined {
  for (const { suffix, mapping } of SUFFIXES) {
    const tail = `_${suffix}`;
    if (header.length > tail.length && header.endsWith(tail)) {
      return { service: header.slice(0, -tail.length), suffix, mapping };
    }
  }
  return undefined;
}
