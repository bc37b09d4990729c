/**
 * The Store: every read and write of Causeway goes through it, on the
 * embedded engine or a server, with expected failures returned as values
 * (see classify-error.ts for which are retryable).
 *
 * Uniform behaviour on both engines:
 * - Unqualified table names resolve in the configured database.
 * - Results use JSONEachRow with 64-bit integers as JSON numbers (exact up
 *   to 2^53). Select values that can be larger, such as nanosecond
 *   timestamps, as text: `toString(toUnixTimestamp64Nano(Timestamp))`.
 * - Inserts into the tables the store knows (the managed otel tables) are
 *   RowBinary with an explicit column list (row-binary.ts), far cheaper to
 *   encode and to parse than JSON. Other tables, and a known table whose
 *   column types the encoder does not write, get JSONEachRow
 *   (json-each-row.ts). Both take the same row objects and store them alike
 *   (RowBinary also keeps what JSON cannot: NaN, infinities, -0, integers
 *   above 2^53 given as numbers).
 * - Inserts are strict (an unknown column is an error, not silently
 *   dropped) and synchronous: when `insertRows` resolves ok the rows are
 *   written: async inserts are waited for, and on a cluster the Distributed
 *   table forwards to the shards before answering.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { causewayError } from '../core/errors.ts';
import { type Result, fail, ok } from '../core/result.ts';
import { classifyStorageError } from './classify-error.ts';
import { type StoreKind, type StoreOptions, createStoreClient } from './client-factory.ts';
import type { InsertBody } from './insert-body.ts';
import { encodeJsonEachRow } from './json-each-row.ts';
import { insertSettings, querySettings } from './request-settings.ts';
import { type RowBinaryEncoder, RowBinaryValueError, compileRowBinaryEncoder } from './row-binary.ts';
import { identifier } from './schema/ddl.ts';
import { MANAGED_TABLE_SPECS, nanosecondColumnsOf } from './schema/managed-tables.ts';
import type { TableSpec } from './schema/table-spec.ts';

export type InsertFormat = 'RowBinary' | 'JSONEachRow';

/**
 * Rows encoded for one table by `prepareRows`, as the insert body they
 * will be part of. Bodies prepared for the same table concatenate: one
 * `insertPrepared` writes several in one insert. Holding rows this way
 * costs their encoded bytes (about 0.8 KiB a span), not the row objects,
 * which can be dropped as soon as they are encoded.
 */
export interface PreparedRows {
  readonly rows: number;
  /** The insert these rows make on their own. */
  readonly insert: InsertBody;
}

/** What the insert path needs of a table's spec. */
export type InsertTable = Pick<TableSpec, 'name' | 'columns'>;

export interface Store {
  /** The underlying client, for what the methods below do not cover (streaming reads). */
  readonly client: ClickHouseClient;
  readonly kind: StoreKind;
  readonly database: string;
  /** Cluster name; empty on the embedded engine and a single server. */
  readonly cluster: string;
  /** `version()` of the engine or server. */
  readonly serverVersion: string;
  /**
   * Inserts rows into `table` (`name` in the store's database, or
   * `database.name`), in the shape of otel-rows.ts for the otel tables.
   * Resolves once the rows are written; an empty list is a no-op. A value
   * a column cannot take fails the whole call (CW_ERR_STORAGE_QUERY) naming
   * the column and the row index.
   */
  insertRows(table: string, rows: readonly object[]): Promise<Result<void>>;
  /**
   * `insertRows` in two steps: encodes the rows now (a value a column cannot
   * take fails here, CW_ERR_STORAGE_QUERY, naming column and row index)...
   */
  prepareRows(table: string, rows: readonly object[]): Result<PreparedRows>;
  /** ...and inserts prepared bodies of one table together, in one insert; an empty list is a no-op. */
  insertPrepared(parts: readonly PreparedRows[]): Promise<Result<void>>;
  /** The format `insertRows` sends for `table` (`name` or `database.name`). */
  insertFormat(table: string): InsertFormat;
  /** Runs a SELECT; `params` bind `{name:Type}` placeholders. */
  queryRows<T>(sql: string, params?: Record<string, unknown>): Promise<Result<T[]>>;
  /** Runs a statement without result rows (DDL, ALTER, INSERT ... SELECT). */
  command(sql: string, params?: Record<string, unknown>): Promise<Result<void>>;
  /** Whether the store answers a query now (credentials included). Never throws. */
  ping(): Promise<boolean>;
  /** Waits for operations in progress, then closes. Idempotent. */
  close(): Promise<void>;
}

/** Splits `db.table` / `table` and checks both parts are identifiers. */
function parseTableName(table: string, database: string): { database: string; name: string } | undefined {
  const parts = table.split('.');
  try {
    if (parts.length === 1) return { database, name: identifier(parts[0] ?? '') };
    if (parts.length === 2) return { database: identifier(parts[0] ?? ''), name: identifier(parts[1] ?? '') };
  } catch {
    return undefined;
  }
  return undefined;
}

/** A statement shortened for error messages: one line, at most 200 characters. */
export function describeStatement(sql: string): string {
  const line = sql.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}...` : line;
}

/**
 * RowBinary encoders of the tables whose specs compile; the others (a
 * column type the encoder does not write) are left to JSONEachRow.
 */
function compileEncoders(tables: readonly InsertTable[]): Map<string, RowBinaryEncoder> {
  const encoders = new Map<string, RowBinaryEncoder>();
  for (const spec of tables) {
    const compiled = compileRowBinaryEncoder(spec);
    if (compiled.ok) encoders.set(spec.name, compiled.encoder);
  }
  return encoders;
}

/**
 * Opens the store. `tables` are the tables whose inserts may use RowBinary,
 * by bare name in any database (default: the managed tables).
 */
export async function openStore(options: StoreOptions, tables: readonly InsertTable[] = MANAGED_TABLE_SPECS): Promise<Result<Store>> {
  const created = await createStoreClient(options);
  if (!created.ok) return created;
  const { client, kind, serverVersion } = created.value;
  const database = options.database;
  const cluster = options.cluster;
  const writeSettings = insertSettings(kind, serverVersion, cluster);
  const readSettings = querySettings(kind);
  const encoders = compileEncoders(tables);

  let closing: Promise<void> | undefined;
  const inFlight = new Set<Promise<unknown>>();
  const closedError = (what: string) => fail(causewayError('CW_ERR_STORAGE_UNAVAILABLE', `${what}: the store is closed`));

  /** Runs an operation unless closing, tracked so that close() waits for it. */
  function track<T>(what: string, run: () => Promise<Result<T>>): Promise<Result<T>> {
    if (closing) return Promise.resolve(closedError(what));
    const job = run();
    inFlight.add(job);
    void job.finally(() => inFlight.delete(job));
    return job;
  }

  const store: Store = {
    client,
    kind,
    database,
    cluster,
    serverVersion,

    // Async, so that an unexpected throw while encoding rejects like any other failure to run the insert.
    async insertRows(table, rows) {
      const prepared = store.prepareRows(table, rows);
      if (!prepared.ok) return prepared;
      return rows.length === 0 ? ok(undefined) : store.insertPrepared([prepared.value]);
    },

    prepareRows(table, rows) {
      const target = parseTableName(table, database);
      if (!target) return fail(causewayError('CW_ERR_STORAGE_QUERY', `insert: ${JSON.stringify(table)} is not a table name`));
      const qualified = `${target.database}.${target.name}`;
      const encoder = encoders.get(target.name);
      if (!encoder) {
        // Nanosecond columns as bare numbers (see json-each-row.ts); every line ends with a newline, so bodies concatenate.
        const body = Buffer.from(encodeJsonEachRow(rows, nanosecondColumnsOf(target.name)));
        return ok({ rows: rows.length, insert: { table: qualified, format: 'JSONEachRow', body, settings: writeSettings } });
      }
      try {
        const body = encoder.encode(rows);
        return ok({ rows: rows.length, insert: { table: qualified, format: 'RowBinary', columns: encoder.columns, types: encoder.types, body, settings: writeSettings } });
      } catch (err) {
        if (err instanceof RowBinaryValueError) return fail(causewayError('CW_ERR_STORAGE_QUERY', `insert into ${qualified} (${rows.length} rows): ${err.message}`));
        throw err;
      }
    },

    insertPrepared(parts) {
      const first = parts[0];
      if (first === undefined) return Promise.resolve(ok(undefined));
      const where = `insert into ${first.insert.table} (${parts.reduce((n, p) => n + p.rows, 0)} rows)`;
      if (parts.some((p) => p.insert.table !== first.insert.table || p.insert.format !== first.insert.format)) {
        return Promise.resolve(fail(causewayError('CW_ERR_STORAGE_QUERY', `${where}: prepared rows of different tables or formats cannot share an insert`)));
      }
      return track(where, async () => {
        const insert = parts.length === 1 ? first.insert : { ...first.insert, body: Buffer.concat(parts.map((p) => p.insert.body)) };
        try {
          await created.value.insertBody(insert);
          return ok(undefined);
        } catch (err) {
          return fail(classifyStorageError(err, where));
        }
      });
    },

    insertFormat(table) {
      const target = parseTableName(table, database);
      return target !== undefined && encoders.has(target.name) ? 'RowBinary' : 'JSONEachRow';
    },

    queryRows<T>(sql: string, params?: Record<string, unknown>) {
      const where = `query "${describeStatement(sql)}"`;
      return track<T[]>(where, async () => {
        try {
          const rs = await client.query({
            query: sql,
            format: 'JSONEachRow',
            clickhouse_settings: readSettings,
            ...(params !== undefined && Object.keys(params).length > 0 ? { query_params: params } : {}),
          });
          const rows: T[] = await rs.json<T>();
          return ok(rows);
        } catch (err) {
          return fail(classifyStorageError(err, where));
        }
      });
    },

    command(sql, params) {
      const where = `statement "${describeStatement(sql)}"`;
      return track(where, async () => {
        try {
          await client.command({
            query: sql,
            ...(params !== undefined && Object.keys(params).length > 0 ? { query_params: params } : {}),
          });
          return ok(undefined);
        } catch (err) {
          return fail(classifyStorageError(err, where));
        }
      });
    },

    async ping() {
      if (closing) return false;
      try {
        const result = await client.ping({ select: true });
        return result.success;
      } catch {
        return false;
      }
    },

    close() {
      closing ??= (async () => {
        await Promise.allSettled([...inFlight]);
        await created.value.close();
      })();
      return closing;
    },
  };
  return ok(store);
}
