/**
 * `GET /api/v1/services?from=&to=`: the services seen in a time range with
 * how many spans, log records and metric data points each sent. Spans are
 * counted in `causeway_spans_by_time` (one row per span, sorted by time).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { OTEL_TABLES, SPANS_BY_TIME_TABLE, otelLogsTimeBound } from '../../storage/index.ts';
import type { ApiStore } from '../api-store.ts';
import { ErrorBody, sendApiError } from '../error-reply.ts';
import { parseTimeRange, toClickHouseTime } from '../time-range.ts';

const ServicesView = Type.Object({
  from: Type.String(),
  to: Type.String(),
  services: Type.Array(Type.Object({ service: Type.String(), spans: Type.Number(), logRecords: Type.Number(), dataPoints: Type.Number() })),
});

const METRIC_TABLES = [OTEL_TABLES.gauge, OTEL_TABLES.sum, OTEL_TABLES.histogram, OTEL_TABLES.exponentialHistogram, OTEL_TABLES.summary];
const RANGE = (column: string) => `${column} >= {from:DateTime64(3)} AND ${column} < {to:DateTime64(3)}`;

const SERVICES_SQL = `
SELECT ServiceName, sum(spans) AS spans, sum(logs) AS logs, sum(points) AS points FROM (
  SELECT ServiceName, count() AS spans, 0 AS logs, 0 AS points FROM ${SPANS_BY_TIME_TABLE} WHERE ${RANGE('Timestamp')} GROUP BY ServiceName
  UNION ALL
  SELECT ServiceName, 0, count(), 0 FROM ${OTEL_TABLES.logs} WHERE ${RANGE('Timestamp')} AND ${otelLogsTimeBound('toUnixTimestamp64Milli({from:DateTime64(3)})', 'toUnixTimestamp64Milli({to:DateTime64(3)})')} GROUP BY ServiceName
  ${METRIC_TABLES.map((t) => `UNION ALL SELECT ServiceName, 0, 0, count() FROM ${t} WHERE ${RANGE('TimeUnix')} GROUP BY ServiceName`).join('\n  ')}
)
GROUP BY ServiceName
ORDER BY ServiceName`;

interface ServiceRecord {
  ServiceName: string;
  spans: string | number;
  logs: string | number;
  points: string | number;
}

export function registerServiceRoutes(app: FastifyInstance, store: ApiStore): void {
  app.get<{ Querystring: { from?: string; to?: string } }>(
    '/api/v1/services',
    {
      schema: {
        querystring: Type.Object({ from: Type.Optional(Type.String()), to: Type.Optional(Type.String()) }),
        response: { 200: ServicesView, 400: ErrorBody, 503: ErrorBody, 500: ErrorBody },
      },
    },
    async (req, reply) => {
      const range = parseTimeRange(req.query);
      if (!range.ok) return sendApiError(reply, range.error);
      const rows = await store.queryRows<ServiceRecord>(SERVICES_SQL, {
        from: toClickHouseTime(range.value.fromMillis),
        to: toClickHouseTime(range.value.toMillis),
      });
      if (!rows.ok) return sendApiError(reply, rows.error);
      return {
        from: new Date(range.value.fromMillis).toISOString(),
        to: new Date(range.value.toMillis).toISOString(),
        services: rows.value.map((r) => ({ service: r.ServiceName, spans: Number(r.spans), logRecords: Number(r.logs), dataPoints: Number(r.points) })),
      };
    },
  );
}
