/**
 * What the format needs to know about one OTLP/JSON export request: how many
 * items it carries (spans, metric data points, log records) and its earliest
 * event time, the key that orders a file's lines and merges the three files.
 *
 * The event time of an item is when it happened: a span's start, a data
 * point's `timeUnixNano` (not its `startTimeUnixNano`, which for cumulative
 * series is the start of the accumulation and may lie long before the case),
 * a log record's `timeUnixNano`, or its observed time when that is unset.
 * Zero means "unknown" in OTLP and is skipped.
 *
 * Tolerant by design: values of the wrong shape are skipped here, because
 * the OTLP decoders judge shape (signal-lines.ts runs them).
 */
import type { SignalFile } from './case-truth.ts';

export interface RequestScan {
  readonly items: number;
  /** Earliest event time in ns since the epoch; undefined when no item has one. */
  readonly earliestNanos: bigint | undefined;
  /** JSON path of the field holding the earliest time ('' when none). */
  readonly earliestPath: string;
}

type Obj = Record<string, unknown>;

/** Envelope keys per signal: resource groups, scope groups, items. */
const ENVELOPE: Record<SignalFile, readonly [string, string, string]> = {
  traces: ['resourceSpans', 'scopeSpans', 'spans'],
  metrics: ['resourceMetrics', 'scopeMetrics', 'metrics'],
  logs: ['resourceLogs', 'scopeLogs', 'logRecords'],
};

const METRIC_DATA_KINDS = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const;

/** A field by lowerCamelCase name, or by its snake_case twin (the decoders accept both). */
function get(o: Obj, camel: string): unknown {
  const v = o[camel];
  if (v !== undefined && v !== null) return v;
  return o[camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] ?? undefined;
}

function objects(o: Obj, key: string): Obj[] {
  const v = get(o, key);
  if (!Array.isArray(v)) return [];
  return v.filter((x): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x));
}

/** A non-zero nanosecond time (decimal text or integer), else undefined. */
function nanos(v: unknown): bigint | undefined {
  let n: bigint;
  if (typeof v === 'string' && /^\d+$/.test(v)) n = BigInt(v);
  else if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) n = BigInt(v);
  else return undefined;
  return n === 0n ? undefined : n;
}

class Scan {
  items = 0;
  earliestNanos: bigint | undefined;
  earliestPath = '';

  item(o: Obj, path: string, keys: readonly string[]): void {
    this.items++;
    for (const key of keys) {
      const t = nanos(get(o, key));
      if (t === undefined) continue;
      if (this.earliestNanos === undefined || t < this.earliestNanos) {
        this.earliestNanos = t;
        this.earliestPath = `${path}.${key}`;
      }
      return;
    }
  }
}

export function scanRequest(signal: SignalFile, request: unknown): RequestScan {
  const scan = new Scan();
  if (typeof request !== 'object' || request === null) return scan;
  const [resourceKey, scopeKey, itemsKey] = ENVELOPE[signal];
  objects(request as Obj, resourceKey).forEach((resource, i) => {
    objects(resource, scopeKey).forEach((scope, j) => {
      const scopePath = `${resourceKey}[${i}].${scopeKey}[${j}]`;
      objects(scope, itemsKey).forEach((item, k) => {
        const path = `${scopePath}.${itemsKey}[${k}]`;
        if (signal === 'traces') scan.item(item, path, ['startTimeUnixNano', 'endTimeUnixNano']);
        else if (signal === 'logs') scan.item(item, path, ['timeUnixNano', 'observedTimeUnixNano']);
        else scanMetric(scan, item, path);
      });
    });
  });
  return scan;
}

function scanMetric(scan: Scan, metric: Obj, path: string): void {
  for (const kind of METRIC_DATA_KINDS) {
    const data = get(metric, kind);
    if (typeof data !== 'object' || data === null) continue;
    objects(data as Obj, 'dataPoints').forEach((point, i) => scan.item(point, `${path}.${kind}.dataPoints[${i}]`, ['timeUnixNano']));
  }
}
