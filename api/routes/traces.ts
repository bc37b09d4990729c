/**
 * `GET /api/v1/traces/{traceId}`: every stored span of one trace, oldest
 * first. The trace-id time-range table narrows the scan to the partitions
 * the trace lives in. Each span says whether Causeway counts it as an error
 * and as timed out, with the conditions the signals and the ranking use
 * (storage migrations 5 and 13), so a ranking's exemplar trace shows the
 * spans its evidence counted.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { causewayError } from '../../core/errors.ts';
import { SPAN_ERROR_CONDITION, SPAN_TIMEOUT_CONDITION } from '../../storage/index.ts';
import type { ApiStore } from '../api-store.ts';
import { ErrorBody, sendApiError } from '../error-reply.ts';

const Attributes = Type.Record(Type.String(), Type.String());

export const SpanView = Type.Object({
  traceId: Type.String(),
  spanId: Type.String(),
  parentSpanId: Type.String(),
  service: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  startTimeUnixNano: Type.String({ description: 'Nanoseconds since the Unix epoch, as decimal text.' }),
  start: Type.String({ description: 'ISO 8601, UTC, with nanoseconds.' }),
  durationNanos: Type.Number(),
  status: Type.Object({ code: Type.String(), message: Type.String() }),
  error: Type.Boolean({ description: 'Counted as an error: status Error, or an HTTP status of 500 or more.' }),
  timedOut: Type.Boolean({ description: 'An error that timed out waiting for its answer (gRPC DEADLINE_EXCEEDED, HTTP 504, or a read timeout), not one that could not connect.' }),
  resourceAttributes: Attributes,
  attributes: Attributes,
  events: Type.Array(Type.Object({ timeUnixNano: Type.String(), name: Type.String(), attributes: Attributes })),
});

const TraceView = Type.Object({ traceId: Type.String(), spans: Type.Array(SpanView) });

interface SpanRecord {
  SpanId: string;
  ParentSpanId: string;
  ServiceName: string;
  SpanName: string;
  SpanKind: string;
  StartNanos: string;
  Duration: string | number;
  StatusCode: string;
  StatusMessage: string;
  IsError: number | string;
  TimedOut: number | string;
  ResourceAttributes: Record<string, string>;
  SpanAttributes: Record<string, string>;
  EventNanos: string[];
  EventNames: string[];
  EventAttributes: Array<Record<string, string>>;
}

const SPANS_SQL = `
SELECT SpanId, ParentSpanId, ServiceName, SpanName, SpanKind,
       toString(toUnixTimestamp64Nano(Timestamp)) AS StartNanos, Duration, StatusCode, StatusMessage,
       toUInt8(${SPAN_ERROR_CONDITION}) AS IsError, toUInt8(${SPAN_TIMEOUT_CONDITION}) AS TimedOut,
       ResourceAttributes, SpanAttributes,
       arrayMap(t -> toString(toUnixTimestamp64Nano(t)), Events.Timestamp) AS EventNanos,
       Events.Name AS EventNames, Events.Attributes AS EventAttributes
FROM otel_traces
WHERE TraceId = {traceId:String}
  AND Timestamp >= (SELECT min(Start) FROM otel_traces_trace_id_ts WHERE TraceId = {traceId:String}) - INTERVAL 1 SECOND
  AND Timestamp <= (SELECT max(End) FROM otel_traces_trace_id_ts WHERE TraceId = {traceId:String}) + INTERVAL 1 SECOND
ORDER BY Timestamp, SpanId`;

/** Nanosecond decimal text to ISO 8601 with all nine fractional digits. */
export function nanosToIso(nanos: string): string {
  const n = BigInt(nanos);
  const seconds = n / 1_000_000_000n;
  const fraction = (n % 1_000_000_000n).toString().padStart(9, '0');
  return `${new Date(Number(seconds) * 1000).toISOString().slice(0, 19)}.${fraction}Z`;
}

export function registerTraceRoutes(app: FastifyInstance, store: ApiStore): void {
  app.get<{ Params: { traceId: string } }>(
    '/api/v1/traces/:traceId',
    {
      schema: {
        params: Type.Object({ traceId: Type.String({ pattern: '^[0-9a-fA-F]{32}$' }) }),
        response: { 200: TraceView, 404: ErrorBody, 503: ErrorBody, 500: ErrorBody },
      },
    },
    async (req, reply) => {
      const traceId = req.params.traceId.toLowerCase();
      const rows = await store.queryRows<SpanRecord>(SPANS_SQL, { traceId });
      if (!rows.ok) return sendApiError(reply, rows.error);
      if (rows.value.length === 0) return sendApiError(reply, causewayError('CW_ERR_API_NOT_FOUND', `no spans stored for trace ${traceId}`));
      return {
        traceId,
        spans: rows.value.map((r) => ({
          traceId,
          spanId: r.SpanId,
          parentSpanId: r.ParentSpanId,
          service: r.ServiceName,
          name: r.SpanName,
          kind: r.SpanKind,
          startTimeUnixNano: r.StartNanos,
          start: nanosToIso(r.StartNanos),
          durationNanos: Number(r.Duration),
          status: { code: r.StatusCode, message: r.StatusMessage },
          error: Number(r.IsError) === 1,
          timedOut: Number(r.TimedOut) === 1,
          resourceAttributes: r.ResourceAttributes,
          attributes: r.SpanAttributes,
          events: r.EventNames.map((name, i) => ({ timeUnixNano: r.EventNanos[i] ?? '0', name, attributes: r.EventAttributes[i] ?? {} })),
        })),
      };
    },
  );
}
