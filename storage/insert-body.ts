/**
 * INSERT statements whose data is already encoded (JSONEachRow or
 * RowBinary), and their transport over HTTP through `@clickhouse/client`:
 * the body goes as the request body, as it is (gzip-compressed). The
 * embedded engine's transport is embedded-insert.ts.
 */
import { Readable } from 'node:stream';
import type { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import { identifier } from './schema/ddl.ts';

/** A table column or a Nested field `N.F`. */
const COLUMN_NAME = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?$/;

interface InsertBodyBase {
  /** `database.table`. */
  readonly table: string;
  readonly body: Buffer;
  readonly settings: ClickHouseSettings;
}

/**
 * An INSERT whose data is already encoded. A JSONEachRow body names its
 * columns in each row; a RowBinary body holds `columns` in that order,
 * each written as the matching type of `types` (see RowBinaryEncoder).
 */
export type InsertBody =
  | (InsertBodyBase & { readonly format: 'JSONEachRow' })
  | (InsertBodyBase & { readonly format: 'RowBinary'; readonly columns: readonly string[]; readonly types: readonly string[] });

/** `\`name\``, after checking the name is a column or a Nested field. */
export function quotedColumn(column: string): string {
  if (!COLUMN_NAME.test(column)) throw new Error(`insert: ${JSON.stringify(column)} is not a column name`);
  return `\`${column}\``;
}

/** A ClickHouse string literal. */
export function stringLiteral(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** `INSERT INTO t [(c1, c2)][ SETTINGS ...] FORMAT F`; column names are back-quoted (Nested fields hold a dot). */
export function insertStatement(insert: InsertBody, settingsClause: string): string {
  const columns = insert.format === 'RowBinary' ? ` (${insert.columns.map(quotedColumn).join(', ')})` : '';
  return `INSERT INTO ${insert.table}${columns}${settingsClause} FORMAT ${insert.format}`;
}

/** ` SETTINGS k = v, ...` for the embedded engine, where settings travel in the statement; empty without settings. */
export function settingsClause(settings: ClickHouseSettings): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(settings)) {
    if (value === undefined) continue;
    identifier(key);
    const literal = typeof value === 'number' ? String(value) : typeof value === 'boolean' ? (value ? '1' : '0') : stringLiteral(String(value));
    parts.push(`${key} = ${literal}`);
  }
  return parts.length === 0 ? '' : ` SETTINGS ${parts.join(', ')}`;
}

async function drain(stream: Readable): Promise<void> {
  for await (const _chunk of stream) {
    // The body of an INSERT answer is empty; reading it to the end releases the socket.
  }
}

/** Runs the insert over HTTP; resolves once the server answered. */
export async function insertThroughClient(client: ClickHouseClient, insert: InsertBody): Promise<void> {
  const result = await client.exec({
    query: insertStatement(insert, ''),
    values: Readable.from([insert.body], { objectMode: false }),
    clickhouse_settings: insert.settings,
  });
  await drain(result.stream);
}
