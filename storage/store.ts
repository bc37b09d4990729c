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
 * - Inserts are strict (an unknown column is an error, not silently
 *   dropped) and synchronous: when `insertRows` resolves ok the rows are
 *   written: async inserts are waited for, and on a cluster the Distributed
 *   table forwards to the shards before answering.
 */
import { Readable } from 'node:stream';
import type { ClickHouseClient } from '@clickhouse/client';
import { causewayError } from '../core/errors.ts';
import { type Result, fail, ok } from '../core/result.ts';
import { classifyStorageError } from './classify-error.ts';
import { type StoreKind, type StoreOptions, createStoreClient } from './client-factory.ts';
import { encodeJsonEachRow } from './json-each-row.ts';
import { QUERY_SETTINGS, insertSettings } from './request-settings.ts';
import { identifier } from './schema/ddl.ts';
import { nanosecondColumnsOf } from './schema/managed-tables.ts';

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
   * Inserts rows (JSONEachRow) into `table` (`name` in the store's database,
   * or `database.name`). Resolves once the rows are written; an empty list
   * is a no-op.
   */
  insertRows(table: string, rows: readonly object[]): Promise<Result<void>>;
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

async function drain(stream: Readable): Promise<void> {
  for await (const _chunk of stream) {
    // The body of an INSERT answer is empty; reading it to the end releases the socket.
  }
}

export async function openStore(options: StoreOptions): Promise<Result<Store>> {
  const created = await createStoreClient(options);
  if (!created.ok) return created;
  const { client, kind, serverVersion } = created.value;
  const database = options.database;
  const cluster = options.cluster;
  const writeSettings = insertSettings(kind, serverVersion, cluster);

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

    insertRows(table, rows) {
      const target = parseTableName(table, database);
      if (!target) return Promise.resolve(fail(causewayError('CW_ERR_STORAGE_QUERY', `insert: ${JSON.stringify(table)} is not a table name`)));
      const where = `insert into ${target.database}.${target.name} (${rows.length} rows)`;
      if (rows.length === 0) return Promise.resolve(ok(undefined));
      return track(where, async () => {
        try {
          const body = encodeJsonEachRow(rows, nanosecondColumnsOf(target.name));
          // exec with a raw body rather than client.insert: the body is
          // already JSONEachRow, with nanosecond columns as bare numbers.
          const result = await client.exec({
            query: `INSERT INTO ${target.database}.${target.name} FORMAT JSONEachRow`,
            values: Readable.from([Buffer.from(body)], { objectMode: false }),
            clickhouse_settings: writeSettings,
          });
          await drain(result.stream);
          return ok(undefined);
        } catch (err) {
          return fail(classifyStorageError(err, where));
        }
      });
    },

    queryRows<T>(sql: string, params?: Record<string, unknown>) {
      const where = `query "${describeStatement(sql)}"`;
      return track<T[]>(where, async () => {
        try {
          const rs = await client.query({
            query: sql,
            format: 'JSONEachRow',
            clickhouse_settings: QUERY_SETTINGS,
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
