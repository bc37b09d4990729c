import { describe, expect, it } from 'vitest';
import { causewayError } from '../core/errors.ts';
import { type Result, fail, ok } from '../core/result.ts';
import type { SpanRow, LogRow } from '../storage/otel-rows.ts';
import { createBatchWriter, type RowSink } from './batch-writer.ts';

/** Parts are the rows themselves, with their table. */
interface TestPart {
  readonly table: string;
  readonly rows: number;
  readonly list: readonly object[];
}

class RecordingSink implements RowSink<TestPart> {
  inserts: Array<{ table: string; rows: number }> = [];
  failNext: Result<void> | undefined;
  gate: Promise<void> | undefined;
  /** Rows the sink refuses to prepare. */
  refuses: ((row: object) => boolean) | undefined;
  prepareRows(table: string, rows: readonly object[]): Result<TestPart> {
    if (this.refuses && rows.some(this.refuses)) return fail(causewayError('CW_ERR_STORAGE_QUERY', `${table}: a bad value`));
    return ok({ table, rows: rows.length, list: rows });
  }
  async insertPrepared(parts: readonly TestPart[]): Promise<Result<void>> {
    if (this.gate) await this.gate;
    this.inserts.push({ table: parts[0]!.table, rows: parts.reduce((n, p) => n + p.list.length, 0) });
    const f = this.failNext;
    this.failNext = undefined;
    return f ?? ok(undefined);
  }
}

const span = (i: number) => ({ SpanId: String(i) }) as unknown as SpanRow;
const log = (i: number) => ({ Body: String(i) }) as unknown as LogRow;

describe('batch writer', () => {
  it('merges requests into one insert per table when the row limit is reached', async () => {
    const sink = new RecordingSink();
    const writer = createBatchWriter(sink, { maxRows: 4, maxBytes: 1e9, maxDelayMillis: 10_000, lingerMillis: 10_000, maxConcurrentInserts: 2 });
    const a = writer.write({ traces: [span(1), span(2)] }, 10);
    const b = writer.write({ traces: [span(3), span(4)] }, 10);
    expect(await a).toEqual(ok(undefined));
    expect(await b).toEqual(ok(undefined));
    expect(sink.inserts).toEqual([{ table: 'otel_traces', rows: 4 }]);
  });

  it('writes a batch of an idle table after the linger time', async () => {
    const sink = new RecordingSink();
    const writer = createBatchWriter(sink, { maxRows: 1000, maxBytes: 1e9, maxDelayMillis: 10_000, lingerMillis: 30, maxConcurrentInserts: 2 });
    const started = Date.now();
    const a = writer.write({ logs: [log(1)] }, 5);
    const b = writer.write({ logs: [log(2)] }, 5);
    expect((await a).ok && (await b).ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(sink.inserts).toEqual([{ table: 'otel_logs', rows: 2 }]);
  });

  it('group commit: rows arriving during an insert go out together as soon as it finishes', async () => {
    const sink = new RecordingSink();
    let release!: () => void;
    sink.gate = new Promise<void>((r) => (release = r));
    const writer = createBatchWriter(sink, { maxRows: 1000, maxBytes: 1e9, maxDelayMillis: 60_000, lingerMillis: 5, maxConcurrentInserts: 2 });
    const first = writer.write({ traces: [span(1)] }, 1);
    await new Promise((r) => setTimeout(r, 20)); // the first batch is sealed and its insert waits on the gate
    const second = writer.write({ traces: [span(2)] }, 1);
    const third = writer.write({ traces: [span(3), span(4)] }, 1);
    await new Promise((r) => setTimeout(r, 20)); // no timer may seal them: the table is busy, maxDelay is a minute
    sink.gate = undefined;
    release();
    expect((await first).ok && (await second).ok && (await third).ok).toBe(true);
    expect(sink.inserts).toEqual([
      { table: 'otel_traces', rows: 1 },
      { table: 'otel_traces', rows: 3 },
    ]);
  });

  it('seals a batch on bytes', async () => {
    const sink = new RecordingSink();
    const writer = createBatchWriter(sink, { maxRows: 1000, maxBytes: 100, maxDelayMillis: 10_000, lingerMillis: 10_000, maxConcurrentInserts: 2 });
    const r = writer.write({ logs: [log(1)] }, 150);
    expect((await r).ok).toBe(true);
    expect(sink.inserts.length).toBe(1);
  });

  it('resolves a multi-table request only when every table is written, and fails it if one insert fails', async () => {
    const sink = new RecordingSink();
    sink.failNext = fail(causewayError('CW_ERR_STORAGE_UNAVAILABLE', 'down'));
    const writer = createBatchWriter(sink, { maxRows: 1, maxBytes: 1e9, maxDelayMillis: 10_000, lingerMillis: 10_000, maxConcurrentInserts: 1 });
    const r = await writer.write({ gauge: [{} as never], sum: [{} as never] }, 10);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.retryable).toBe(true);
    expect(sink.inserts.map((i) => i.table).sort()).toEqual(['otel_metrics_gauge', 'otel_metrics_sum']);
  });

  it('refuses a request whose rows cannot be prepared, whole, and leaves the rows of others alone', async () => {
    const sink = new RecordingSink();
    sink.refuses = (row) => (row as { Body?: string }).Body === 'bad';
    const writer = createBatchWriter(sink, { maxRows: 1000, maxBytes: 1e9, maxDelayMillis: 60_000, lingerMillis: 60_000, maxConcurrentInserts: 2 });
    const good = writer.write({ traces: [span(1)], logs: [log(1)] }, 10);
    const bad = await writer.write({ traces: [span(2)], logs: [{ Body: 'bad' } as unknown as LogRow] }, 10);
    expect(bad.ok ? 'ok' : bad.error.code).toBe('CW_ERR_STORAGE_QUERY');
    await writer.flush();
    expect((await good).ok).toBe(true);
    // Neither of the bad request's tables took any of its rows.
    expect(sink.inserts.sort((a, b) => a.table.localeCompare(b.table))).toEqual([
      { table: 'otel_logs', rows: 1 },
      { table: 'otel_traces', rows: 1 },
    ]);
  });

  it('never runs more inserts at once than allowed', async () => {
    let running = 0;
    let peak = 0;
    const sink: RowSink = {
      prepareRows: (_table, rows) => ok({ rows: rows.length }),
      async insertPrepared() {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return ok(undefined);
      },
    };
    const writer = createBatchWriter(sink, { maxRows: 1, maxBytes: 1e9, maxDelayMillis: 0, lingerMillis: 0, maxConcurrentInserts: 2 });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => writer.write({ traces: [span(i)] }, 1)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(peak).toBe(2);
  });

  it('flushes pending rows on shutdown and refuses writes afterwards', async () => {
    const sink = new RecordingSink();
    const writer = createBatchWriter(sink, { maxRows: 1000, maxBytes: 1e9, maxDelayMillis: 60_000, lingerMillis: 60_000, maxConcurrentInserts: 2 });
    const pending = writer.write({ traces: [span(1)] }, 1);
    await writer.shutdown();
    expect((await pending).ok).toBe(true);
    expect(sink.inserts).toEqual([{ table: 'otel_traces', rows: 1 }]);
    const after = await writer.write({ traces: [span(2)] }, 1);
    expect(after.ok ? 'ok' : after.error.code).toBe('CW_ERR_INGEST_SHUTTING_DOWN');
  });

  it('turns a sink that throws while preparing into a failed request, not a throw', async () => {
    const writer = createBatchWriter(
      { prepareRows: () => { throw new Error('encoder bug'); }, insertPrepared: () => Promise.resolve(ok(undefined)) },
      { maxRows: 1, maxBytes: 1e9, maxDelayMillis: 0, lingerMillis: 0, maxConcurrentInserts: 1 },
    );
    const r = await writer.write({ traces: [span(1)] }, 1);
    expect(r.ok ? 'ok' : [r.error.code, r.error.retryable, r.error.message]).toEqual(['CW_ERR_STORAGE_QUERY', false, 'preparing 1 rows for otel_traces failed: Error: encoder bug']);
  });

  it('turns a sink that throws into a retryable failure', async () => {
    const writer = createBatchWriter(
      { prepareRows: (_table, rows) => ok({ rows: rows.length }), insertPrepared: () => Promise.reject(new Error('boom')) },
      { maxRows: 1, maxBytes: 1e9, maxDelayMillis: 0, lingerMillis: 0, maxConcurrentInserts: 1 },
    );
    const r = await writer.write({ traces: [span(1)] }, 1);
    expect(r.ok ? 'ok' : r.error.code).toBe('CW_ERR_STORAGE_UNAVAILABLE');
  });
});
