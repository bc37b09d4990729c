/**
 * Tables described as data, so one description yields the DDL for a single
 * server and for a cluster, the TTL to reconcile, and the columns that hold
 * nanosecond timestamps.
 */

/** Retention families; each maps to one `retention.<family>Days` setting. */
export type RetentionFamily = 'traces' | 'logs' | 'metrics' | 'causeway';

export interface ColumnSpec {
  readonly name: string;
  /** ClickHouse type; a Nested column spells out `Nested(Field Type, ...)`. */
  readonly type: string;
  /** Codec list without the `CODEC(...)` wrapper, e.g. `Delta, ZSTD(1)`. */
  readonly codec?: string;
  /** Expression for `DEFAULT`. */
  readonly default?: string;
}

export interface IndexSpec {
  readonly name: string;
  readonly expression: string;
  /** Index type with its arguments, e.g. `bloom_filter(0.01)`. */
  readonly type: string;
  readonly granularity: number;
}

export interface TableSpec {
  /** Public table name (the Distributed table's name on a cluster). */
  readonly name: string;
  readonly family: RetentionFamily;
  readonly columns: readonly ColumnSpec[];
  readonly indexes: readonly IndexSpec[];
  /**
   * MergeTree-family engine without `Replicated`, e.g. `MergeTree` or
   * `ReplacingMergeTree`; `engineArgs` are its own arguments (the replicated
   * variant gets the Keeper path and replica name in front of them).
   */
  readonly engine: string;
  readonly engineArgs?: readonly string[];
  readonly partitionBy?: string;
  readonly primaryKey?: string;
  readonly orderBy: string;
  /** Expression of type DateTime that TTL counts from, e.g. `toDateTime(Timestamp)`. */
  readonly ttlFrom: string;
  readonly settings: Readonly<Record<string, string | number>>;
  /** Sharding key of the Distributed table on a cluster. */
  readonly shardingKey: string;
}

/** A materialized view that copies from one spec'd table into another. */
export interface MaterializedViewSpec {
  readonly name: string;
  /** Name of the spec'd source table. */
  readonly from: string;
  /** Name of the spec'd target table. */
  readonly to: string;
  /** SELECT with `{from}` where the qualified source table goes. */
  readonly select: string;
}

/**
 * Names of the columns that hold nanosecond timestamps (DateTime64(9)),
 * including Nested fields as `Column.Field`: inserts send their values as
 * exact numbers (see json-each-row.ts).
 */
export function nanosecondColumns(spec: TableSpec): Set<string> {
  const names = new Set<string>();
  for (const column of spec.columns) {
    if (/^DateTime64\(9\b/.test(column.type)) names.add(column.name);
    const nested = /^Nested\s*\(([\s\S]*)\)$/.exec(column.type.trim());
    if (nested?.[1] === undefined) continue;
    for (const field of splitTopLevel(nested[1])) {
      const match = /^(\w+)\s+DateTime64\(9\b/.exec(field.trim());
      if (match?.[1] !== undefined) names.add(`${column.name}.${match[1]}`);
    }
  }
  return names;
}

/** Splits `a Map(K, V), b String` at the commas that are not inside parentheses. */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}
