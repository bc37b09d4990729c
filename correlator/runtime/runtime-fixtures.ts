/**
 * Hand-built telemetry for the runtime tests: a call chain
 * front-end -> orders -> payment, three requests every 10 s, each a trace of
 * five spans (server and client spans with parent links, so the topology
 * sees the calls). Payment answers in about 20 ms until `faultMillis`, then
 * in about 400 ms; the callers' latencies include it, so one fault shows on
 * all three services at once: a cascade. Noise is seeded, so every run
 * stores the same rows.
 */
import { seededRandom } from '../detect/test-series.ts';
import type { SpanRow } from '../../storage/otel-rows.ts';
import { spanRowOf } from '../../storage/testing/span-row.ts';

/** Fixed dates: keep them with a retention of 0 (forever), or a TTL would drop them on insert. */
export { KEEP_FOREVER } from '../../storage/index.ts';
export const BASE_MILLIS = Date.UTC(2026, 2, 2, 10, 0, 0);
export const STEP_MILLIS = 10_000;
const REQUESTS_PER_STEP = 3;

const nanos = (millis: number) => (BigInt(Math.round(millis)) * 1_000_000n).toString();

export function spanRow(traceId: string, spanId: string, parentId: string, service: string, kind: string, startMillis: number, durationMillis: number): SpanRow {
  return spanRowOf({
    Timestamp: nanos(startMillis),
    TraceId: traceId,
    SpanId: spanId,
    ParentSpanId: parentId,
    SpanName: `${service} ${kind}`,
    SpanKind: kind,
    ServiceName: service,
    Duration: Math.round(durationMillis * 1_000_000),
  });
}

/** The cascade's spans with start times in [fromMillis, toMillis). */
export function cascadeSpans(fromMillis: number, toMillis: number, faultMillis: number, seed = 1): SpanRow[] {
  const random = seededRandom(seed);
  const rows: SpanRow[] = [];
  let trace = Math.floor(fromMillis / 1000);
  for (let bucket = fromMillis; bucket < toMillis; bucket += STEP_MILLIS) {
    for (let r = 0; r < REQUESTS_PER_STEP; r++) {
      const at = bucket + 500 + r * 3000 + random() * 1000;
      const payment = (at >= faultMillis ? 400 : 20) + random() * 4;
      const orders = payment + 8 + random() * 2;
      const front = orders + 4 + random() * 2;
      trace++;
      const traceId = trace.toString(16).padStart(32, '0');
      const id = (n: number) => (trace * 10 + n).toString(16).padStart(16, '0');
      rows.push(
        spanRow(traceId, id(1), '', 'front-end', 'Server', at, front),
        spanRow(traceId, id(2), id(1), 'front-end', 'Client', at + 1, orders + 1),
        spanRow(traceId, id(3), id(2), 'orders', 'Server', at + 1.5, orders),
        spanRow(traceId, id(4), id(3), 'orders', 'Client', at + 2, payment + 1),
        spanRow(traceId, id(5), id(4), 'payment', 'Server', at + 2.5, payment),
      );
    }
  }
  return rows;
}
