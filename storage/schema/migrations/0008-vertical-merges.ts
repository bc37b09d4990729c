/**
 * Migration 8: every merge of `otel_traces` parts is vertical.
 *
 * A horizontal merge reads a block of every column of every part it merges
 * at once; a span row is wide (two attribute maps, events, links), so one
 * merge held 27-255 MiB while ingest ran, and merges set the process's peak
 * memory, not the in-flight bound. A vertical merge writes the sort key's
 * columns first and then the others one at a time. By default it starts
 * only at 131,072 rows; from one row on, the same raw insert load (4
 * concurrent inserts of 20,000 spans, 15 s) peaked at about 1.0 GiB
 * instead of 1.3 GiB with one merge holding 16-59 MiB, at the same insert
 * rate (docs/performance.md).
 */
import { modifySettingsStatement } from '../ddl.ts';
import type { Migration } from '../migration.ts';
import { TRACES_SPEC } from '../otel-tables.ts';

export const verticalMergesMigration: Migration = {
  version: 8,
  name: 'vertical-merges',
  statements: (layout) => [modifySettingsStatement(TRACES_SPEC, layout, { vertical_merge_algorithm_min_rows_to_activate: 1 })],
};
