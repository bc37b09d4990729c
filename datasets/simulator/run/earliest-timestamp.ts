/**
 * The earliest timestamp of an OTLP/JSON export request, in nanoseconds:
 * the earliest span start, metric point time (`timeUnixNano`, not the
 * cumulative start time) or log record time. The dataset format orders
 * each file's lines by this value.
 */
import type { SignalFile } from '../../format/case-truth.ts';

type Json = Record<string, unknown>;

const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);

export function earliestTimestampNanos(signal: SignalFile, request: object): bigint | null {
  let min: bigint | null = null;
  const see = (v: unknown): void => {
    if (typeof v !== 'string' || v === '' || v === '0') return;
    const n = BigInt(v);
    if (min === null || n < min) min = n;
  };
  const r = request as Json;
  if (signal === 'traces') {
    for (const rs of list(r.resourceSpans)) for (const ss of list(rs.scopeSpans)) for (const s of list(ss.spans)) see(s.startTimeUnixNano);
  } else if (signal === 'logs') {
    for (const rl of list(r.resourceLogs)) for (const sl of list(rl.scopeLogs)) for (const l of list(sl.logRecords)) see(l.timeUnixNano ?? l.observedTimeUnixNano);
  } else {
    for (const rm of list(r.resourceMetrics)) {
      for (const sm of list(rm.scopeMetrics)) {
        for (const m of list(sm.metrics)) {
          for (const kind of ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary']) {
            const data = m[kind] as Json | undefined;
            if (data) for (const p of list(data.dataPoints)) see(p.timeUnixNano);
          }
        }
      }
    }
  }
  return min;
}
