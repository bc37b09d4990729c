/**
 * Creates the `@clickhouse/client` client for the configured store and
 * makes sure the configured database exists.
 *
 * - `url` empty: the embedded engine (chDB) with its data in `dataDir`.
 *   chDB binds one data folder per process: a second, different folder is
 *   refused while one is open, so `close()` also waits (`drainPending`) until
 *   the engine has really let go of the folder and another may be opened.
 * - `url` set: HTTP(S) to a server or cluster, request bodies gzip-compressed,
 *   TLS material read from the configured files.
 *
 * Expected failures (unreachable server, unreadable TLS file, a second data
 * folder) are returned as values; nothing here throws for them.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ClickHouseLogLevel, createClient, type ClickHouseClient, type ClickHouseClientConfigOptions } from '@clickhouse/client';
import { drainPending } from 'chdb';
import { createChdbConnection } from 'chdb/connection';
import type { CausewayConfig } from '../config/index.ts';
import { causewayError } from '../core/errors.ts';
import { type Result, fail, ok } from '../core/result.ts';
import { classifyStorageError } from './classify-error.ts';
import { openEmbeddedBodyInserter } from './embedded-insert.ts';
import { type InsertBody, insertThroughClient } from './insert-body.ts';
import { createDatabaseStatement, identifier } from './schema/ddl.ts';

export type ClickHouseOptions = CausewayConfig['clickhouse'];

/** The `clickhouse` configuration keys plus the embedded engine's folder. */
export interface StoreOptions extends ClickHouseOptions {
  readonly dataDir: string;
}

export type StoreKind = 'embedded' | 'server';

export interface StoreClient {
  readonly client: ClickHouseClient;
  readonly kind: StoreKind;
  /** `version()` of the engine or server, e.g. `26.7.2.1` or `18.16.1`. */
  readonly serverVersion: string;
  /**
   * Runs `INSERT INTO <table> [(<columns>)] FORMAT <format>` with `body`,
   * already encoded in that format, as its data. Resolves once the engine
   * or server answered; throws what the client or engine threw. `table`
   * and the column names must be checked identifiers (a column may be a
   * Nested field `N.F`); the body must not change until this settles.
   */
  insertBody(insert: InsertBody): Promise<void>;
  /** Closes the client; for the embedded engine, resolves once the data folder is released. */
  close(): Promise<void>;
}

/** Name of this application in the server's query log (`http_user_agent`). */
const APPLICATION = 'causeway';

export async function createStoreClient(options: StoreOptions): Promise<Result<StoreClient>> {
  try {
    identifier(options.database);
    if (options.cluster !== '') identifier(options.cluster);
  } catch (err) {
    return fail(causewayError('CW_ERR_CONFIG_INVALID', `clickhouse.database/cluster: ${(err as Error).message}`));
  }
  return options.url === '' ? createEmbeddedClient(options) : createServerClient(options);
}

async function createEmbeddedClient(options: StoreOptions): Promise<Result<StoreClient>> {
  if (options.cluster !== '') {
    return fail(causewayError('CW_ERR_CONFIG_INVALID', 'clickhouse.cluster needs clickhouse.url: the embedded engine is a single node'));
  }
  const path = resolve(options.dataDir);
  try {
    mkdirSync(path, { recursive: true });
  } catch (err) {
    return fail(causewayError('CW_ERR_CONFIG_INVALID', `dataDir ${path} cannot be created: ${(err as Error).message}`));
  }
  let client: ClickHouseClient;
  try {
    client = createClient({
      // chdb declares the Connection contract against its own copy of
      // @clickhouse/client-common; the shapes are the same.
      connection: createChdbConnection({ path }) as unknown as ClickHouseClientConfigOptions['connection'],
      database: options.database,
      application: APPLICATION,
      log: { level: ClickHouseLogLevel.OFF },
    });
  } catch (err) {
    return fail(classifyStorageError(err, `embedded store in ${path}`));
  }
  // The client's embedded connection decodes request bodies as text and
  // cuts them at an empty line: bodies go through embedded-insert.ts.
  let inserter: ReturnType<typeof openEmbeddedBodyInserter>;
  try {
    inserter = openEmbeddedBodyInserter(path);
  } catch (err) {
    await client.close();
    return fail(classifyStorageError(err, `embedded store in ${path}`));
  }
  const close = async () => {
    await client.close();
    inserter.close();
    await drainPending();
  };
  const db = identifier(options.database);
  const prepared = await runAll(client, `embedded store in ${path}`, [
    `CREATE DATABASE IF NOT EXISTS ${db}`,
    // The embedded connection ignores the client's `database` option; a
    // session-level USE makes unqualified table names resolve the same way
    // as over HTTP, where `database` is sent with every request.
    `USE ${db}`,
  ]);
  const version = prepared.ok ? await serverVersion(client, `embedded store in ${path}`) : prepared;
  if (!version.ok) {
    await close();
    return version;
  }
  return ok({ client, kind: 'embedded', serverVersion: version.value, insertBody: (insert) => inserter.insert(insert), close });
}

function readPem(file: string, key: string): Result<Buffer | undefined> {
  if (file === '') return ok(undefined);
  try {
    return ok(readFileSync(file));
  } catch (err) {
    return fail(causewayError('CW_ERR_CONFIG_FILE', `clickhouse.tls.${key} ${file} cannot be read: ${(err as Error).message}`));
  }
}

type TlsOptions = { ca_cert: Buffer } | { ca_cert: Buffer; cert: Buffer; key: Buffer };

function tlsOptions(options: StoreOptions): Result<TlsOptions | undefined> {
  const ca = readPem(options.tls.caFile, 'caFile');
  if (!ca.ok) return ca;
  const cert = readPem(options.tls.certFile, 'certFile');
  if (!cert.ok) return cert;
  const key = readPem(options.tls.keyFile, 'keyFile');
  if (!key.ok) return key;
  if ((cert.value === undefined) !== (key.value === undefined)) {
    return fail(causewayError('CW_ERR_CONFIG_INVALID', 'clickhouse.tls.certFile and clickhouse.tls.keyFile go together'));
  }
  if (ca.value === undefined) {
    if (cert.value !== undefined) {
      return fail(causewayError('CW_ERR_CONFIG_INVALID', 'clickhouse.tls.certFile (mutual TLS) also needs clickhouse.tls.caFile'));
    }
    return ok(undefined); // https with the system's trusted CAs
  }
  if (cert.value !== undefined && key.value !== undefined) return ok({ ca_cert: ca.value, cert: cert.value, key: key.value });
  return ok({ ca_cert: ca.value });
}

function httpClient(options: StoreOptions, tls: TlsOptions | undefined, database: string | undefined): ClickHouseClient {
  return createClient({
    url: options.url,
    username: options.username,
    password: options.password,
    ...(database !== undefined ? { database } : {}),
    request_timeout: options.requestTimeoutMillis,
    application: APPLICATION,
    // Inserts are the bulk of the traffic; gzip them. Responses stay
    // uncompressed: reads are small and mostly local to the network.
    compression: { request: true, response: false },
    ...(tls !== undefined ? { tls } : {}),
    // Failures are returned to the caller as values and logged there once.
    log: { level: ClickHouseLogLevel.OFF },
  });
}

async function createServerClient(options: StoreOptions): Promise<Result<StoreClient>> {
  const tls = tlsOptions(options);
  if (!tls.ok) return tls;
  const where = `ClickHouse at ${redactUrl(options.url)}`;

  // The database must exist before a client may name it: requests that
  // carry an unknown `database` fail. Check (and create) without one.
  const bootstrap = httpClient(options, tls.value, undefined);
  const db = identifier(options.database);
  const present = await queryAll<{ version: string; present: number | string }>(
    bootstrap,
    where,
    `SELECT version() AS version, (SELECT count() FROM system.databases WHERE name = '${db}') AS present`,
  );
  let created: Result<void> = ok(undefined);
  if (present.ok && Number(present.value[0]?.present ?? 0) === 0) {
    created = await runAll(bootstrap, where, [createDatabaseStatement({ database: db, cluster: options.cluster })]);
  }
  await bootstrap.close();
  if (!present.ok) return present;
  if (!created.ok) return created;

  const client = httpClient(options, tls.value, db);
  return ok({
    client,
    kind: 'server',
    serverVersion: present.value[0]?.version ?? '',
    insertBody: (insert) => insertThroughClient(client, insert),
    close: () => client.close(),
  });
}

/** The URL without credentials, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(invalid url)';
  }
}

async function runAll(client: ClickHouseClient, where: string, statements: readonly string[]): Promise<Result<void>> {
  for (const query of statements) {
    try {
      await client.command({ query });
    } catch (err) {
      return fail(classifyStorageError(err, `${where}: ${query}`));
    }
  }
  return ok(undefined);
}

async function queryAll<T>(client: ClickHouseClient, where: string, query: string): Promise<Result<T[]>> {
  try {
    const rs = await client.query({ query, format: 'JSONEachRow' });
    return ok(await rs.json<T>());
  } catch (err) {
    return fail(classifyStorageError(err, where));
  }
}

async function serverVersion(client: ClickHouseClient, where: string): Promise<Result<string>> {
  const rows = await queryAll<{ version: string }>(client, where, 'SELECT version() AS version');
  return rows.ok ? ok(rows.value[0]?.version ?? '') : rows;
}
