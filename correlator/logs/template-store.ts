/**
 * Log templates in `causeway_log_templates` (storage migration 4): one row
 * per (service, template) and correlator window it was seen in, folded by
 * the table's merges and aggregated on read. Times are sent as bare
 * millisecond numbers, which ClickHouse reads as exact ticks of the
 * DateTime64(3) columns.
 */
import { type Result, fail, ok } from '../../core/result.ts';
import { LOG_TEMPLATES_TABLE } from '../../storage/schema/migrations/0004-log-templates.ts';
import type { SignalQueryStore } from '../signals/signal-range.ts';
import type { TouchedTemplate } from './template-tracker.ts';

export interface TemplateWriteStore {
  insertRows(table: string, rows: readonly object[]): Promise<Result<void>>;
}

export interface StoredTemplate {
  readonly service: string;
  readonly templateId: string;
  /** The text last written. */
  readonly template: string;
  readonly firstSeenMillis: number;
  readonly lastSeenMillis: number;
  readonly count: number;
}

export function writeTemplates(store: TemplateWriteStore, touched: readonly TouchedTemplate[]): Promise<Result<void>> {
  return store.insertRows(
    LOG_TEMPLATES_TABLE,
    touched.map((t) => ({
      service: t.service,
      template_id: t.templateId,
      template: t.template,
      first_seen: Math.round(t.firstSeenMillis),
      last_seen: Math.round(t.lastSeenMillis),
      count: t.count,
    })),
  );
}

const READ_SQL = `
SELECT service, template_id, argMax(template, last_seen) AS text, toUnixTimestamp64Milli(min(first_seen)) AS first, toUnixTimestamp64Milli(max(last_seen)) AS last, sum(count) AS n
FROM ${LOG_TEMPLATES_TABLE}
WHERE {service:String} = '' OR service = {service:String}
GROUP BY service, template_id
ORDER BY service, first, template_id`;

/** The stored templates of one service ('' for every service), oldest first. */
export async function readTemplates(store: SignalQueryStore, service = ''): Promise<Result<StoredTemplate[]>> {
  const rows = await store.queryRows<{ service: string; template_id: string; text: string; first: number; last: number; n: number }>(READ_SQL, { service });
  if (!rows.ok) return fail(rows.error);
  return ok(
    rows.value.map((r) => ({
      service: r.service,
      templateId: r.template_id,
      template: r.text,
      firstSeenMillis: Number(r.first),
      lastSeenMillis: Number(r.last),
      count: Number(r.n),
    })),
  );
}
