/**
 * Groups rows from many requests into one insert per table, by rows, bytes
 * and time, and tells each request when (and whether) its rows are stored.
 *
 * Group commit: while an insert into a table is running, rows for that table
 * accumulate and go out together as soon as it finishes; when nothing is
 * being written to the table, a batch waits only `lingerMillis` for
 * company. So the batch size follows the load (large under load, small
 * when idle) and a request waits about one insert, not
 * `maxDelayMillis`, which stays the upper bound.
 *
 * A request's rows are prepared by the sink (encoded into insert bodies)
 * when they arrive, and batches hold those bodies: the row objects die
 * young (cheap to collect) and what waits for an insert is the compact
 * encoding. A row the sink cannot encode fails its own request only, and
 * nothing of that request is queued.
 *
 * Contract: `write()` resolves only after every row it was given has been
 * written (ok) or a write containing them failed (the error says whether a
 * retry can succeed). Rows of one request may go out in several inserts (one
 * per table); if one of them fails the request fails as a whole and a retry
 * may store some rows twice: delivery is at least once, never lost once
 * acknowledged.
 */
import { causewayError } from '../core/errors.ts';
import { type Result, fail, ok } from '../core/result.ts';
import { OTEL_TABLES, type RowTable, type RowsByTable } from '../storage/otel-rows.ts';

/** Where batches go: the Store (PreparedRows), or a test double with its own parts. */
export interface RowSink<Part extends { readonly rows: number } = { readonly rows: number }> {
  /** Makes one request's rows for `table` ready to insert; a failure refuses that request. */
  prepareRows(table: string, rows: readonly object[]): Result<Part>;
  /** Inserts parts of one table prepared by `prepareRows`, together. */
  insertPrepared(parts: readonly Part[]): Promise<Result<void>>;
}

export interface BatchLimits {
  readonly maxRows: number;
  readonly maxBytes: number;
  readonly maxDelayMillis: number;
  /** How long a batch waits for more rows when no insert into its table is running (capped by maxDelayMillis). */
  readonly lingerMillis: number;
  /** Inserts running at once across all tables; further full batches wait. */
  readonly maxConcurrentInserts: number;
}

export interface BatchWriteObserver {
  onInsert?(table: string, rows: number, millis: number, result: Result<void>): void;
}

export interface BatchWriter {
  /** Queues a request's rows; `bytes` is its share of the byte limit. */
  write(rows: RowsByTable, bytes: number): Promise<Result<void>>;
  /** Writes everything queued now and waits for all inserts to finish. */
  flush(): Promise<void>;
  /** Flushes, then refuses further writes. */
  shutdown(): Promise<void>;
}

interface Waiter {
  remaining: number;
  error: Result<void> | undefined;
  resolve(result: Result<void>): void;
}

interface PendingBatch<Part> {
  parts: Part[];
  rows: number;
  bytes: number;
  waiters: Waiter[];
  timer: NodeJS.Timeout | undefined;
}

export function createBatchWriter<Part extends { readonly rows: number }>(sink: RowSink<Part>, limits: BatchLimits, observer: BatchWriteObserver = {}): BatchWriter {
  const pending = new Map<RowTable, PendingBatch<Part>>();
  const ready: Array<[RowTable, PendingBatch<Part>]> = [];
  const running = new Set<Promise<void>>();
  const insertingPerTable = new Map<RowTable, number>();
  const lingerMillis = Math.min(limits.lingerMillis, limits.maxDelayMillis);
  let closed = false;

  const settle = (waiter: Waiter, result: Result<void>) => {
    if (!result.ok && !waiter.error) waiter.error = result;
    if (--waiter.remaining === 0) waiter.resolve(waiter.error ?? ok(undefined));
  };

  const pump = () => {
    while (ready.length > 0 && running.size < limits.maxConcurrentInserts) {
      const [table, batch] = ready.shift()!;
      insertingPerTable.set(table, (insertingPerTable.get(table) ?? 0) + 1);
      const started = performance.now();
      const job = sink
        .insertPrepared(batch.parts)
        .catch((err: unknown) => fail(causewayError('CW_ERR_STORAGE_UNAVAILABLE', `insert into ${OTEL_TABLES[table]} failed: ${String(err)}`)))
        .then((result) => {
          observer.onInsert?.(OTEL_TABLES[table], batch.rows, performance.now() - started, result);
          for (const w of batch.waiters) settle(w, result);
        })
        .finally(() => {
          running.delete(job);
          const left = (insertingPerTable.get(table) ?? 1) - 1;
          insertingPerTable.set(table, left);
          // Group commit: rows that gathered during this insert go out now.
          if (left === 0 && pending.has(table)) seal(table);
          pump();
        });
      running.add(job);
    }
  };

  const seal = (table: RowTable) => {
    const batch = pending.get(table);
    if (!batch) return;
    pending.delete(table);
    if (batch.timer) clearTimeout(batch.timer);
    ready.push([table, batch]);
    pump();
  };

  /** The sink's prepareRows, a throw (a bug, not bad data) turned into a failed request: preparing again cannot help. */
  const prepare = (table: string, rows: readonly object[]): Result<Part> => {
    try {
      return sink.prepareRows(table, rows);
    } catch (err) {
      return fail(causewayError('CW_ERR_STORAGE_QUERY', `preparing ${rows.length} rows for ${table} failed: ${String(err)}`));
    }
  };

  const writeTable = (table: RowTable, part: Part, bytes: number, waiter: Waiter) => {
    let batch = pending.get(table);
    if (!batch) {
      batch = { parts: [], rows: 0, bytes: 0, waiters: [], timer: undefined };
      pending.set(table, batch);
      const busy = (insertingPerTable.get(table) ?? 0) > 0;
      const delay = busy ? limits.maxDelayMillis : lingerMillis;
      if (delay > 0) batch.timer = setTimeout(() => seal(table), delay);
    }
    batch.parts.push(part);
    batch.rows += part.rows;
    batch.bytes += bytes;
    batch.waiters.push(waiter);
    if (lingerMillis === 0 || batch.rows >= limits.maxRows || batch.bytes >= limits.maxBytes) seal(table);
  };

  return {
    write(rowsByTable, bytes) {
      if (closed) return Promise.resolve(fail(causewayError('CW_ERR_INGEST_SHUTTING_DOWN', 'the writer is shut down')));
      const tables = (Object.keys(rowsByTable) as RowTable[]).filter((t) => (rowsByTable[t]?.length ?? 0) > 0);
      if (tables.length === 0) return Promise.resolve(ok(undefined));
      const totalRows = tables.reduce((n, t) => n + rowsByTable[t]!.length, 0);
      // Every table's rows are prepared before any is queued: a request is refused whole or queued whole.
      const parts: Part[] = [];
      for (const t of tables) {
        const part = prepare(OTEL_TABLES[t], rowsByTable[t] as object[]);
        if (!part.ok) return Promise.resolve(part);
        parts.push(part.value);
      }
      return new Promise((resolve) => {
        const waiter: Waiter = { remaining: tables.length, error: undefined, resolve };
        tables.forEach((t, i) => writeTable(t, parts[i]!, Math.ceil((bytes * parts[i]!.rows) / totalRows), waiter));
      });
    },
    async flush() {
      for (const table of [...pending.keys()]) seal(table);
      while (running.size > 0 || ready.length > 0) {
        pump();
        await Promise.race(running);
      }
    },
    async shutdown() {
      closed = true;
      await this.flush();
    },
  };
}
