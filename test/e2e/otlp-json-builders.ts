/**
 * Small OTLP/JSON request builders for tests that need many distinct spans.
 * Timestamps are recent: rows older than the retention period are dropped
 * by the table TTL as soon as they are inserted.
 */

/** Nanoseconds since the epoch, now. */
export function nowNanos(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

export function spanJson(traceId: string, spanId: string, name: string, startNanos: bigint) {
  return {
    traceId,
    spanId,
    name,
    kind: 2,
    startTimeUnixNano: startNanos.toString(),
    endTimeUnixNano: (startNanos + 1_000_000n).toString(),
    attributes: [{ key: 'http.route', value: { stringValue: '/load' } }],
  };
}

/** One request of `count` spans of one service; ids are derived from `requestNo` so each is unique. */
export function tracesRequestJson(service: string, requestNo: number, count: number) {
  const traceId = (requestNo + 1).toString(16).padStart(32, "0"); // an all-zero trace id is invalid
  const start = nowNanos() + BigInt(requestNo) * 1_000n;
  const spans = Array.from({ length: count }, (_, i) => spanJson(traceId, (i + 1).toString(16).padStart(16, '0'), `op-${i}`, start + BigInt(i)));
  return { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] }, scopeSpans: [{ spans }] }] };
}
