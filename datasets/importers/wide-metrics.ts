/**
 * A wide metrics CSV (a time column, then one column per
 * `<service>_<metric>`, one row per sample) -> one OTLP/JSON
 * ExportMetricsServiceRequest per row: a resource per service
 * (`service.name`), a gauge per metric, one data point per non-empty cell,
 * all stamped with the row's time. Columns are read through
 * `metric-mapping.ts`; columns it does not know are skipped and listed.
 *
 * The table is read whole (values as doubles, about 8 bytes a cell) and its
 * rows sorted by time, so the lines come out in time order even if the file
 * is not, and an importer knows the time span before writing anything.
 */
import { openCsv } from './csv-reader.ts';
import { DatasetImportError } from './import-error.ts';
import { type MetricMapping, parseMetricColumn } from './metric-mapping.ts';
import { IMPORTER_SCOPE, type KeyValueJson, serviceResource, stringAttribute } from './otlp-json.ts';
import { groupInOrder } from '../../core/index.ts';
import { epochTextToNanos } from './timestamps.ts';

/** Header names accepted for the time column (Unix time; unit told by magnitude). */
export const TIME_COLUMNS: readonly string[] = ['time', 'Time', 'timestamp'];

/** Cells that mean "no value": skipped, not an error (pandas writes NaN as an empty cell or `nan`). */
const MISSING = new Set(['', 'nan', 'NaN', 'NAN', 'null', 'NULL', 'None', 'NA', 'N/A', 'inf', '+inf', '-inf', 'Infinity', '+Infinity', '-Infinity', 'INF', '-INF']);
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

interface MappedColumn {
  /** Field index in the CSV record. */
  readonly field: number;
  /** Index in `WideRow.values`. */
  readonly slot: number;
  readonly header: string;
  readonly mapping: MetricMapping;
  /** The mapping's data point attributes, built once. */
  readonly attributes: readonly KeyValueJson[];
}

interface ServiceMetrics {
  readonly service: string;
  /** Columns grouped by OTLP metric name (the latency percentiles share one). */
  readonly metrics: readonly { readonly mapping: MetricMapping; readonly columns: readonly MappedColumn[] }[];
}

export interface WideRow {
  readonly timeNanos: bigint;
  /** One value per mapped column, in `WideMetricsTable.columns` order; NaN = no value. */
  readonly values: Float64Array;
}

export interface WideMetricsTable {
  readonly file: string;
  /** Mapped columns, in file order. */
  readonly columns: readonly string[];
  /** Header names of the columns the mapping table does not know. */
  readonly skippedColumns: readonly string[];
  /** Rows sorted by time (stable). */
  readonly rows: readonly WideRow[];
  readonly services: readonly ServiceMetrics[];
}

/** Reads and validates a whole wide metrics CSV. */
export async function readWideMetrics(file: string): Promise<WideMetricsTable> {
  const csv = await openCsv(file);
  const timeIndex = csv.header.findIndex((name) => TIME_COLUMNS.includes(name));
  if (timeIndex < 0) {
    throw new DatasetImportError(file, `no time column (one of ${TIME_COLUMNS.map((n) => `"${n}"`).join(', ')}) in the header`, 1, 1);
  }
  const mapped: MappedColumn[] = [];
  const skipped: string[] = [];
  const byService = new Map<string, MappedColumn[]>();
  csv.header.forEach((header, index) => {
    if (index === timeIndex) return;
    const column = parseMetricColumn(header);
    if (!column) {
      skipped.push(header);
      return;
    }
    const attributes = Object.entries(column.mapping.attributes).map(([k, v]) => stringAttribute(k, v));
    const entry = { field: index, slot: mapped.length, header, mapping: column.mapping, attributes };
    mapped.push(entry);
    const list = byService.get(column.service);
    if (list) list.push(entry);
    else byService.set(column.service, [entry]);
  });
  const services: ServiceMetrics[] = [...byService].map(([service, columns]) => ({
    service,
    metrics: [...groupInOrder(columns, (c) => c.mapping.name).values()].map((group) => ({
      mapping: (group[0] as MappedColumn).mapping,
      columns: group,
    })),
  }));

  const rows: WideRow[] = [];
  for await (const record of csv.records()) {
    const timeText = record.fields[timeIndex] as string;
    const timeNanos = epochTextToNanos(timeText);
    if (timeNanos === undefined) {
      throw new DatasetImportError(file, `time ${JSON.stringify(timeText)} is not a number`, record.lines[timeIndex], record.columns[timeIndex]);
    }
    const values = new Float64Array(mapped.length);
    mapped.forEach((column) => {
      const text = (record.fields[column.field] as string).trim();
      if (MISSING.has(text)) {
        values[column.slot] = Number.NaN;
      } else if (NUMBER.test(text)) {
        values[column.slot] = Number(text);
      } else {
        throw new DatasetImportError(
          file,
          `${JSON.stringify(text)} is not a number (column "${column.header}")`,
          record.lines[column.field],
          record.columns[column.field],
        );
      }
    });
    rows.push({ timeNanos, values });
  }
  rows.sort((a, b) => (a.timeNanos < b.timeNanos ? -1 : a.timeNanos > b.timeNanos ? 1 : 0));
  return {
    file,
    columns: mapped.map((c) => c.header),
    skippedColumns: skipped,
    rows,
    services,
  };
}

export interface MetricLine {
  readonly timeNanos: bigint;
  readonly request: object;
  readonly points: number;
}

/**
 * One ExportMetricsServiceRequest per row that has at least one value, in
 * time order, every time moved by `shiftNanos`. Empty, NaN and infinite
 * cells give no data point.
 */
export function* metricLines(table: WideMetricsTable, shiftNanos = 0n): Generator<MetricLine> {
  for (const row of table.rows) {
    const timeNanos = row.timeNanos + shiftNanos;
    const timeUnixNano = timeNanos.toString();
    let points = 0;
    const resourceMetrics: object[] = [];
    for (const service of table.services) {
      const metrics: object[] = [];
      for (const { mapping, columns } of service.metrics) {
        const dataPoints: object[] = [];
        for (const column of columns) {
          const value = row.values[column.slot] as number;
          if (!Number.isFinite(value)) continue;
          const { attributes } = column;
          dataPoints.push({ ...(attributes.length > 0 ? { attributes } : {}), timeUnixNano, asDouble: value / column.mapping.divideBy });
        }
        if (dataPoints.length === 0) continue;
        points += dataPoints.length;
        metrics.push({ name: mapping.name, unit: mapping.unit, gauge: { dataPoints } });
      }
      if (metrics.length > 0) resourceMetrics.push({ resource: serviceResource(service.service), scopeMetrics: [{ scope: IMPORTER_SCOPE, metrics }] });
    }
    if (points > 0) yield { timeNanos, request: { resourceMetrics }, points };
  }
}
