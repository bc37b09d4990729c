/**
 * Migration 3: `causeway_incident_events`, the append-only log whose fold is
 * the current state of every incident (DESIGN.md, Storage: nothing about an
 * incident is updated in place). See correlator/incidents/event-store.ts for
 * the writer and readers, and incident-events.ts for the event kinds.
 *
 * One row per event:
 * - `incident_id`: the incident the event belongs to;
 * - `seq`: the event's place in the log. One writer (the active correlator)
 *   numbers events 1, 2, 3...; after a restart it continues after the
 *   highest stored number. Numbers may skip (a failed write's numbers are
 *   not reused for other events) but never repeat for different events: two
 *   rows with one number are the same event written twice, read once;
 * - `kind`: the event kind, so listings read a few rows per incident;
 * - `event_time`: the event's own time (event time, `atMillis`), which
 *   retention counts from;
 * - `written_at`: wall-clock time of the write, for operators;
 * - `event`: the whole event as JSON text, so a new event kind or field needs
 *   no migration.
 *
 * Sorted by (incident_id, seq): reading one incident (or a handful of
 * merged ones) is a primary-key range, already in log order. Listings group
 * by incident over the few `opened` / `resolved` / `merged-into` rows, which
 * that order also serves (aggregation in order). Daily partitions let
 * retention drop whole days; an incident's events spread over days, and
 * readers tolerate a log whose oldest events were dropped.
 *
 * On a cluster the Distributed table shards by incident, so one incident's
 * log lives on one shard.
 *
 * Once released this spec does not change (its checksum is recorded in every
 * store); a change goes into a new migration.
 */
import { createTableStatements } from '../ddl.ts';
import type { Migration } from '../migration.ts';
import type { TableSpec } from '../table-spec.ts';

export const INCIDENT_EVENTS_TABLE = 'causeway_incident_events';

export const INCIDENT_EVENTS_SPEC: TableSpec = {
  name: INCIDENT_EVENTS_TABLE,
  family: 'causeway',
  columns: [
    { name: 'incident_id', type: 'String', codec: 'ZSTD(1)' },
    { name: 'seq', type: 'UInt64', codec: 'Delta, ZSTD(1)' },
    { name: 'kind', type: 'LowCardinality(String)' },
    { name: 'event_time', type: "DateTime64(3, 'UTC')", codec: 'Delta, ZSTD(1)' },
    { name: 'written_at', type: "DateTime64(3, 'UTC')", codec: 'Delta, ZSTD(1)' },
    { name: 'event', type: 'String', codec: 'ZSTD(3)' },
  ],
  indexes: [],
  engine: 'MergeTree',
  // Daily partitions so that retention (ttl_only_drop_parts) drops whole days.
  partitionBy: 'toDate(event_time)',
  orderBy: '(incident_id, seq)',
  ttlFrom: 'toDateTime(event_time)',
  settings: { index_granularity: 8192, ttl_only_drop_parts: 1 },
  shardingKey: 'cityHash64(incident_id)',
};

export const incidentEventsMigration: Migration = {
  version: 3,
  name: 'incident-events',
  statements: (layout) => createTableStatements(INCIDENT_EVENTS_SPEC, layout),
};
