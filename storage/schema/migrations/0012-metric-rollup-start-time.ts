/**
 * Migration 12: the metric rollup keeps when each cumulative series
 * started (`StartTime`, the latest `StartTimeUnix` of the bucket's points).
 *
 * A cumulative counter or histogram gives an increase only against an
 * earlier sample, so the first sample of a series had no value. A new pod
 * is a new series (its resource attributes differ), and a rollout is when a
 * bad deploy begins to show: with once-a-minute export each new pod's
 * first minute was lost right then. OTLP's `StartTimeUnix` says when the
 * accumulation began, so a series that started within the range read
 * counts its first sample from zero at its start (the signal reader); so
 * does a restarted process, whose series starts again.
 *
 * The column is added and the two views that fold cumulative points (sums,
 * histograms) compute it, each swapped in one `ALTER TABLE ... MODIFY
 * QUERY`. Rows already in the rollup keep the default (the epoch), which
 * reads as "start unknown": they are read as before, so nothing is
 * backfilled.
 */
import { addColumnStatements, modifyMaterializedViewQueryStatement } from '../ddl.ts';
import type { Migration } from '../migration.ts';
import { OTEL_TABLES } from '../../otel-rows.ts';
import type { MaterializedViewSpec } from '../table-spec.ts';
import { METRIC_GROUP, ROLLUPS, ROLLUP_TABLES, histogramRollupSelect, sumRollupSelect } from './0005-signal-rollups.ts';

export const START_TIME_COLUMN = { name: 'StartTime', type: 'SimpleAggregateFunction(max, DateTime64(9))', codec: 'ZSTD(1)' } as const;
const WITH_START = ', max(StartTimeUnix) AS StartTime';

function viewFrom(from: string, select: string): MaterializedViewSpec {
  const released = ROLLUPS.find((r) => r.view.from === from && r.view.to === ROLLUP_TABLES.metrics)!.view;
  return { ...released, select: `${select}\n${METRIC_GROUP}` };
}

export const METRIC_ROLLUP_VIEWS_WITH_START: readonly MaterializedViewSpec[] = [
  viewFrom(OTEL_TABLES.sum, sumRollupSelect(WITH_START)),
  viewFrom(OTEL_TABLES.histogram, histogramRollupSelect(WITH_START)),
];

export const metricRollupStartTimeMigration: Migration = {
  version: 12,
  name: 'metric-rollup-start-time',
  statements: (layout) => [
    ...addColumnStatements(ROLLUP_TABLES.metrics, START_TIME_COLUMN, layout),
    ...METRIC_ROLLUP_VIEWS_WITH_START.map((view) => modifyMaterializedViewQueryStatement(view, layout)),
  ],
};
