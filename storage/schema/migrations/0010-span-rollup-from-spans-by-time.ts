/**
 * Migration 10: the span rollup is filled from `causeway_spans_by_time`
 * instead of `otel_traces`.
 *
 * Since migration 9 every span insert computes the span's entry flag,
 * error flag and peer for the spans-by-time table, with the expressions
 * the rollup's view computed from the attribute maps a second time. Its
 * view now reads those columns: an insert into `otel_traces` fills
 * `causeway_spans_by_time`, and that insert fills the rollup. So the
 * signals, the graph and the ranking name peers and judge errors from one
 * computation, and a later change to it is one view's. (Insert time did
 * not measurably change: a 20,000-span insert took -5 to +4 ms of 170-290
 * ms against the views of migration 9, three runs of 30 rounds side by
 * side; the rollup's SELECT alone, 8 ms from the narrow rows against 27
 * ms from the maps, is small beside the insert's sorting and writing.)
 *
 * The swap is one `ALTER TABLE ... MODIFY QUERY`: no insert is missed or
 * counted twice, and the rows the rollup holds stay as they are (the
 * columns are the same values, computed in one place).
 */
import { modifyMaterializedViewQueryStatement } from '../ddl.ts';
import type { Migration } from '../migration.ts';
import type { MaterializedViewSpec } from '../table-spec.ts';
import { BUCKET, ROLLUP_TABLES, SPAN_ROLLUP_GROUP_BY, SPAN_ROLLUP_VIEW } from './0005-signal-rollups.ts';
import { SPANS_BY_TIME_TABLE } from './0009-spans-by-time.ts';

export const SPAN_ROLLUP_FROM_SPANS_BY_TIME: MaterializedViewSpec = {
  name: SPAN_ROLLUP_VIEW,
  from: SPANS_BY_TIME_TABLE,
  to: ROLLUP_TABLES.spans,
  select: `SELECT ${BUCKET('Timestamp')} AS Bucket, ServiceName, Entry, Peer,
       count() AS Spans, countIf(IsError = 1) AS Errors, quantilesState(0.5, 0.95, 0.99)(Duration) AS DurationQuantiles
FROM {from}
${SPAN_ROLLUP_GROUP_BY}`,
};

export const spanRollupFromSpansByTimeMigration: Migration = {
  version: 10,
  name: 'span-rollup-from-spans-by-time',
  statements: (layout) => [modifyMaterializedViewQueryStatement(SPAN_ROLLUP_FROM_SPANS_BY_TIME, layout)],
};
