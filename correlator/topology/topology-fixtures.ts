/**
 * Hand-built spans for the topology tests (here and in api/): three traces
 * through frontend -> cart -> redis within one window, plus one trace an hour
 * earlier that a window must leave out.
 *
 * - frontend (pod fe-1 on host h1, k8s node n1) calls cart (parent/child);
 *   its client span names `peer.service: cart`, which has spans of its own
 *   and so must not become an external node.
 * - frontend calls `stripe`, a peer without spans: an external node.
 * - cart calls redis through a client span with `db.system: redis` and
 *   `server.address: redis-main`: a database node `redis-main`.
 * - cart runs as pod cart-a on h1 (trace 1) and cart-b on h2 (traces 2, 3);
 *   trace 2's cart span has status Error, trace 3's HTTP 503: two errors of
 *   three frontend -> cart calls. Cart's server spans last 20, 100, 60 ms.
 */
import type { SpanRow } from '../../storage/otel-rows.ts';
import { spanRowOf } from '../../storage/testing/span-row.ts';

/**
 * Retention that keeps everything: fixture times are fixed dates, which a
 * TTL counted from today would expire (and drop) right after the insert.
 */
export { KEEP_FOREVER } from '../../storage/index.ts';

/** Start of the first fixture trace (event time). */
export const FIXTURE_BASE_MILLIS = Date.UTC(2025, 0, 15, 12, 0, 0);

const MS = 1_000_000;

function span(
  traceNo: number,
  spanNo: number,
  parentNo: number | undefined,
  service: string,
  kind: string,
  startMillis: number,
  durationMillis: number,
  resource: Record<string, string>,
  attributes: Record<string, string> = {},
  status = 'Unset',
): SpanRow {
  const traceId = traceNo.toString(16).padStart(32, '0');
  const id = (n: number) => (traceNo * 100 + n).toString(16).padStart(16, '0');
  return spanRowOf({
    Timestamp: (BigInt(startMillis) * 1_000_000n).toString(),
    TraceId: traceId,
    SpanId: id(spanNo),
    ParentSpanId: parentNo === undefined ? '' : id(parentNo),
    SpanName: `${service} ${kind}`,
    SpanKind: kind,
    ServiceName: service,
    ResourceAttributes: { 'service.name': service, ...resource },
    SpanAttributes: attributes,
    Duration: durationMillis * MS,
    StatusCode: status,
  });
}

const FE = { 'k8s.pod.name': 'fe-1', 'host.name': 'h1', 'k8s.node.name': 'n1' };
const CART_A = { 'k8s.pod.name': 'cart-a', 'host.name': 'h1' };
const CART_B = { 'k8s.pod.name': 'cart-b', 'host.name': 'h2' };

/** One frontend -> cart -> redis trace; `cart` options vary the callee span. */
function chain(traceNo: number, startMillis: number, cartPod: Record<string, string>, cartMillis: number, cartAttrs: Record<string, string> = {}, cartStatus = 'Unset'): SpanRow[] {
  return [
    span(traceNo, 1, undefined, 'frontend', 'Server', startMillis, cartMillis + 10, FE),
    span(traceNo, 2, 1, 'frontend', 'Client', startMillis + 1, cartMillis + 2, FE, { 'peer.service': 'cart' }),
    span(traceNo, 3, 2, 'cart', 'Server', startMillis + 2, cartMillis, cartPod, cartAttrs, cartStatus),
    span(traceNo, 4, 3, 'cart', 'Client', startMillis + 3, 2, cartPod, { 'db.system': 'redis', 'server.address': 'redis-main' }),
  ];
}

export function fixtureSpans(): SpanRow[] {
  const t = FIXTURE_BASE_MILLIS;
  return [
    ...chain(1, t, CART_A, 20),
    span(1, 5, 1, 'frontend', 'Client', t + 5, 300, FE, { 'peer.service': 'stripe' }),
    ...chain(2, t + 1000, CART_B, 100, {}, 'Error'),
    ...chain(3, t + 2000, CART_B, 60, { 'http.response.status_code': '503' }),
    // An hour earlier: outside any window ending near FIXTURE_BASE_MILLIS.
    ...chain(4, t - 3_600_000, { 'k8s.pod.name': 'cart-old', 'host.name': 'h9' }, 5),
  ];
}

/** A window holding traces 1-3 and not trace 4. */
export const FIXTURE_WINDOW = { fromMillis: FIXTURE_BASE_MILLIS - 60_000, toMillis: FIXTURE_BASE_MILLIS + 60_000 } as const;
