/**
 * Migration 4: `causeway_log_templates`, the log templates the correlator's
 * online miner (correlator/logs/) has found per service, with when each was
 * first and last seen and how often.
 *
 * Append-only: each write (once a minute of event time) adds one row per
 * (service, template) seen since the previous one, with its count and times. The table is an
 * AggregatingMergeTree over (service, template_id) whose columns are simple
 * aggregates, so background merges fold those rows into one per key and
 * day: `count` adds up, `first_seen` keeps the minimum, `last_seen` the
 * maximum, `template` the text written last (a template generalises as it
 * sees more variants; its id stays). Readers aggregate on read (min, max,
 * sum, argMax(template, last_seen)) since merges happen whenever they do.
 *
 * Daily partitions by last_seen, so retention drops whole days of templates
 * not seen since (a template still seen keeps rows in recent partitions).
 *
 * The spec below is the one this migration's text is generated from: once
 * released it does not change (its checksum is recorded in every store);
 * a change goes into a new migration.
 */
import { createTableStatements } from '../ddl.ts';
import type { Migration } from '../migration.ts';
import type { TableSpec } from '../table-spec.ts';

export const LOG_TEMPLATES_TABLE = 'causeway_log_templates';

export const LOG_TEMPLATES_SPEC: TableSpec = {
  name: LOG_TEMPLATES_TABLE,
  family: 'causeway',
  columns: [
    { name: 'service', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'template_id', type: 'String', codec: 'ZSTD(1)' },
    { name: 'template', type: 'SimpleAggregateFunction(anyLast, String)', codec: 'ZSTD(3)' },
    { name: 'first_seen', type: "SimpleAggregateFunction(min, DateTime64(3, 'UTC'))", codec: 'ZSTD(1)' },
    { name: 'last_seen', type: "SimpleAggregateFunction(max, DateTime64(3, 'UTC'))", codec: 'ZSTD(1)' },
    { name: 'count', type: 'SimpleAggregateFunction(sum, UInt64)', codec: 'ZSTD(1)' },
  ],
  indexes: [],
  engine: 'AggregatingMergeTree',
  partitionBy: 'toDate(last_seen)',
  orderBy: '(service, template_id)',
  ttlFrom: 'toDateTime(last_seen)',
  settings: { index_granularity: 8192, ttl_only_drop_parts: 1 },
  // One key's rows on one shard, so that merges fold them.
  shardingKey: 'cityHash64(service, template_id)',
};

export const logTemplatesMigration: Migration = {
  version: 4,
  name: 'log-templates',
  statements: (layout) => createTableStatements(LOG_TEMPLATES_SPEC, layout),
};
