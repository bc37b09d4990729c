/**
 * RowBinary insert bodies (https://clickhouse.com/docs/interfaces/formats/RowBinary),
 * compiled once per table from its column specs.
 *
 * ClickHouse reads RowBinary with far less work than JSONEachRow (no text
 * to scan, a body about a third smaller), and encoding it here writes the
 * row objects' values straight into one growable buffer per call, with no
 * copy of the rows (`npm run bench:insert` measures both).
 *
 * Contract of an encoder:
 * - The body holds, for each row, every column of `columns` in that order,
 *   each written as its type in `types`; the insert must name them:
 *   `INSERT INTO t (c1, c2, ...) FORMAT RowBinary` (embedded-insert.ts reads
 *   the body with the file table function instead, as `types`).
 * - `columns` leaves out columns with a DEFAULT expression (otel_logs'
 *   TimestampTime), so the engine computes them as it does for JSONEachRow
 *   rows that omit them; a row that sets one is refused.
 * - A Nested column `N(F1 T1, F2 T2)` is written as its flattened columns
 *   `N.F1 Array(T1)`, `N.F2 Array(T2)` (the row contract of otel-rows.ts);
 *   their arrays must have the same length in a row.
 * - Row keys that are not columns are refused, as the JSONEachRow insert
 *   refuses unknown fields; keys whose value is `undefined` are ignored.
 * - A bad value throws RowBinaryValueError naming the table, column and row
 *   index; no body is returned for the call.
 */
import { ByteWriter } from './byte-writer.ts';
import { BadValue, UnsupportedType, type ValueEncoder, valueEncoder, wireType } from './row-binary-values.ts';
import { type ColumnSpec, splitTopLevel } from './schema/table-spec.ts';

/** A row value the table's column cannot take. */
export class RowBinaryValueError extends Error {
  override name = 'RowBinaryValueError';
  constructor(
    readonly table: string,
    readonly column: string,
    readonly row: number,
    readonly detail: string,
  ) {
    super(`${table} row ${row}, column ${column}: ${detail}`);
  }
}

export interface RowBinaryEncoder {
  readonly table: string;
  /** Columns in body order: the insert's column list. */
  readonly columns: readonly string[];
  /**
   * Per column, the type its bytes are written as: the column's type with
   * LowCardinality(T) as T (Nested fields as their Array types).
   */
  readonly types: readonly string[];
  /** Encodes the rows as one body. Throws RowBinaryValueError for a bad value. */
  encode(rows: readonly object[]): Buffer;
}

export type RowBinaryCompilation =
  | { readonly ok: true; readonly encoder: RowBinaryEncoder }
  | { readonly ok: false; readonly reason: string };

interface FlatColumn {
  readonly name: string;
  readonly type: string;
  /** Index of the Nested column this field belongs to, or -1. */
  readonly group: number;
}

const NESTED = /^Nested\s*\(([\s\S]*)\)$/;

/** The insertable columns in order, Nested ones flattened. */
function flatten(columns: readonly ColumnSpec[]): { flat: FlatColumn[]; omitted: string[] } {
  const flat: FlatColumn[] = [];
  const omitted: string[] = [];
  let groups = 0;
  for (const column of columns) {
    if (column.default !== undefined) {
      omitted.push(column.name);
      continue;
    }
    const nested = NESTED.exec(column.type.trim());
    if (nested?.[1] === undefined) {
      flat.push({ name: column.name, type: column.type, group: -1 });
      continue;
    }
    const group = groups++;
    for (const field of splitTopLevel(nested[1])) {
      const match = /^(\w+)\s+([\s\S]+)$/.exec(field);
      if (match?.[1] === undefined || match[2] === undefined) throw new UnsupportedType(`cannot read the Nested field ${JSON.stringify(field)} of ${column.name}`);
      flat.push({ name: `${column.name}.${match[1]}`, type: `Array(${match[2]})`, group });
    }
  }
  return { flat, omitted };
}

/** Compiles the encoder of a table, or says which column type it cannot write. */
export function compileRowBinaryEncoder(spec: { readonly name: string; readonly columns: readonly ColumnSpec[] }): RowBinaryCompilation {
  let flat: FlatColumn[];
  let omitted: string[];
  const encoders: ValueEncoder[] = [];
  try {
    ({ flat, omitted } = flatten(spec.columns));
    for (const column of flat) {
      try {
        encoders.push(valueEncoder(column.type));
      } catch (err) {
        if (err instanceof UnsupportedType) throw new UnsupportedType(`column ${column.name}: ${err.message}`);
        throw err;
      }
    }
  } catch (err) {
    if (err instanceof UnsupportedType) return { ok: false, reason: `${spec.name}: ${err.message}` };
    throw err;
  }
  if (flat.length === 0) return { ok: false, reason: `${spec.name}: no insertable columns` };
  return { ok: true, encoder: createEncoder(spec.name, flat, encoders, new Set(omitted)) };
}

function createEncoder(table: string, flat: readonly FlatColumn[], encoders: readonly ValueEncoder[], omitted: ReadonlySet<string>): RowBinaryEncoder {
  const names = flat.map((c) => c.name);
  const count = names.length;
  const known = new Set(names);
  // Nested groups as lists of column indexes, checked for equal array lengths.
  const groups: number[][] = [];
  flat.forEach((column, index) => {
    if (column.group >= 0) (groups[column.group] ??= []).push(index);
  });
  const nestedGroups = groups.filter((g) => g.length > 1);
  // Bytes per row of the last body: the next buffer starts about that large.
  let bytesPerRow = 256;

  /** A key of the row that is neither a column nor `undefined`, if any. */
  function unexpectedKey(row: Record<string, unknown>): string | undefined {
    return Object.keys(row).find((key) => !known.has(key) && row[key] !== undefined);
  }

  function checkNested(row: Record<string, unknown>): number {
    for (const group of nestedGroups) {
      let length = -1;
      for (const index of group) {
        const value = row[names[index] as string];
        const n = Array.isArray(value) ? value.length : 0;
        if (length < 0) length = n;
        else if (n !== length) return index;
      }
    }
    return -1;
  }

  return {
    table,
    columns: names,
    types: flat.map((c) => wireType(c.type)),
    encode(rows) {
      const w = new ByteWriter(rows.length * bytesPerRow * 1.1);
      let r = 0;
      let c = 0;
      let column = '';
      try {
        for (; r < rows.length; r++) {
          const row = rows[r] as Record<string, unknown>;
          c = -1;
          if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new BadValue('a row must be an object of columns');
          let present = 0;
          for (c = 0; c < count; c++) {
            const value = row[names[c] as string];
            if (value !== undefined) present++;
            (encoders[c] as ValueEncoder)(w, value);
          }
          c = -1;
          if (nestedGroups.length > 0) {
            const mismatch = checkNested(row);
            if (mismatch >= 0) {
              c = mismatch;
              throw new BadValue('the arrays of one Nested column must have the same length in a row');
            }
          }
          // Cheap test first: every key of the row was a column with a value.
          if (present !== Object.keys(row).length) {
            const key = unexpectedKey(row);
            if (key !== undefined) {
              column = key;
              throw new BadValue(omitted.has(key) ? 'is computed by its DEFAULT expression and cannot be inserted' : `is not a column of ${table}`);
            }
          }
        }
      } catch (err) {
        if (!(err instanceof BadValue)) throw err;
        const name = c >= 0 ? (names[c] as string) : column !== '' ? column : '(row)';
        throw new RowBinaryValueError(table, name, r, err.message);
      }
      if (rows.length > 0) bytesPerRow = Math.ceil(w.pos / rows.length);
      return w.finish();
    },
  };
}
