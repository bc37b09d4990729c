/**
 * The Store on the real embedded engine: otel rows in and out exactly,
 * the trace-id view, errors as values, and the one-folder-per-process rule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExponentialHistogramRow, GaugeRow, HistogramRow, LogRow, SpanRow, SummaryRow, SumRow } from './otel-rows.ts';
import { QUERY_SETTINGS, insertSettings, querySettings, versionAtLeast } from './request-settings.ts';
import { KEEP_FOREVER } from './schema/ttl.ts';
import { openStore, type Store } from './store.ts';
import { openMigratedStore, storeOptions, tempDir, type TempDir } from './testing/test-store.ts';

const DATABASE = 'cw_store';
let dir: TempDir;
let store: Store;

async function rows<T>(sql: string, params?: Record<string, unknown>): Promise<T[]> {
  const result = await store.queryRows<T>(sql, params);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

async function insert(table: string, values: readonly object[]): Promise<void> {
  const result = await store.insertRows(table, values);
  if (!result.ok) throw new Error(result.error.message);
}

beforeAll(async () => {
  dir = tempDir('store');
  // The fixtures are from 2023: keep them forever, or the TTL would drop
  // their parts in the background while the tests look at them.
  store = await openMigratedStore(storeOptions({ dataDir: dir.path, database: DATABASE, retention: KEEP_FOREVER }));
});

afterAll(async () => {
  await store?.close();
  dir?.remove();
});

const TRACE_ID = '5b8efff798038103d269b633813fc60c';

const span: SpanRow = {
  Timestamp: '1700000000123456789',
  TraceId: TRACE_ID,
  SpanId: 'eee19b7ec3c1b174',
  ParentSpanId: 'eee19b7ec3c1b173',
  TraceState: 'vendor=abc,other=1',
  SpanName: 'GET /api/orders/{id}',
  SpanKind: 'Server',
  ServiceName: 'checkout',
  ResourceAttributes: { 'service.name': 'checkout', 'service.version': '1.4.2', 'k8s.pod.name': 'checkout-7d9c-x2' },
  ScopeName: '@opentelemetry/instrumentation-http',
  ScopeVersion: '0.52.0',
  SpanAttributes: { 'http.request.method': 'GET', 'http.route': '/api/orders/{id}', 'http.response.status_code': '500', note: 'quote " and\nnewline, ü, 日本' },
  Duration: 1_234_567_891,
  StatusCode: 'Error',
  StatusMessage: 'upstream timed out',
  'Events.Timestamp': ['1700000000223456789', '1700000001000000001'],
  'Events.Name': ['exception', 'retry'],
  'Events.Attributes': [{ 'exception.type': 'TimeoutError', 'exception.message': 'deadline exceeded' }, {}],
  'Links.TraceId': ['0af7651916cd43dd8448eb211c80319c'],
  'Links.SpanId': ['b7ad6b7169203331'],
  'Links.TraceState': [''],
  'Links.Attributes': [{ 'link.kind': 'follows' }],
};

/** Reads otel_traces back in the insert shape: nanosecond columns as decimal text. */
const SPANS_AS_INSERTED = `
SELECT * REPLACE (
  toString(toUnixTimestamp64Nano(Timestamp)) AS Timestamp,
  arrayMap(t -> toString(toUnixTimestamp64Nano(t)), \`Events.Timestamp\`) AS \`Events.Timestamp\`)
FROM otel_traces WHERE TraceId = {traceId:String} ORDER BY Timestamp, SpanId`;

const METRIC_NANOS = `REPLACE (
  toString(toUnixTimestamp64Nano(StartTimeUnix)) AS StartTimeUnix,
  toString(toUnixTimestamp64Nano(TimeUnix)) AS TimeUnix,
  arrayMap(t -> toString(toUnixTimestamp64Nano(t)), \`Exemplars.TimeUnix\`) AS \`Exemplars.TimeUnix\`)`;

const metricBase = {
  ResourceAttributes: { 'service.name': 'checkout', 'host.name': 'node-1' },
  ResourceSchemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
  ScopeName: 'checkout-meter',
  ScopeVersion: '1.0.0',
  ScopeAttributes: { 'scope.kind': 'app' },
  ScopeDroppedAttrCount: 0,
  ScopeSchemaUrl: '',
  ServiceName: 'checkout',
  MetricDescription: 'a metric',
  Attributes: { 'http.route': '/api/orders/{id}' },
  // An unset start time is 0 in OTLP: it must be stored as the epoch.
  StartTimeUnix: '0',
  TimeUnix: '1700000000123456789',
  Flags: 0,
};

const exemplars = {
  'Exemplars.FilteredAttributes': [{ 'user.id': '42' }],
  'Exemplars.TimeUnix': ['1700000000100000007'],
  'Exemplars.Value': [0.25],
  'Exemplars.SpanId': ['eee19b7ec3c1b174'],
  'Exemplars.TraceId': [TRACE_ID],
};

const gauge: GaugeRow = { ...metricBase, ...exemplars, MetricName: 'process.cpu.utilization', MetricUnit: '1', Value: 0.75 };
const sum: SumRow = {
  ...metricBase,
  ...exemplars,
  StartTimeUnix: '1699999990000000000',
  MetricName: 'http.server.requests',
  MetricUnit: '{request}',
  Value: 1234,
  AggregationTemporality: 2,
  IsMonotonic: true,
};
const histogram: HistogramRow = {
  ...metricBase,
  ...exemplars,
  MetricName: 'http.server.request.duration',
  MetricUnit: 's',
  Count: 10,
  Sum: 2.5,
  BucketCounts: [1, 4, 5, 0],
  ExplicitBounds: [0.1, 0.25, 0.5],
  Min: 0.05,
  Max: 0.45,
  AggregationTemporality: 1,
};
const exponentialHistogram: ExponentialHistogramRow = {
  ...metricBase,
  ...exemplars,
  MetricName: 'rpc.server.duration',
  MetricUnit: 'ms',
  Count: 7,
  Sum: 70.5,
  Scale: 3,
  ZeroCount: 1,
  PositiveOffset: -2,
  PositiveBucketCounts: [1, 2, 3],
  NegativeOffset: 0,
  NegativeBucketCounts: [],
  Min: 0,
  Max: 30.25,
  AggregationTemporality: 2,
};
const summary: SummaryRow = {
  ...metricBase,
  MetricName: 'gc.pause',
  MetricUnit: 'ms',
  Count: 3,
  Sum: 12,
  'ValueAtQuantiles.Quantile': [0, 0.5, 1],
  'ValueAtQuantiles.Value': [1, 4, 7],
};

const log: LogRow = {
  Timestamp: '1700000000123456789',
  TraceId: TRACE_ID,
  SpanId: 'eee19b7ec3c1b174',
  TraceFlags: 1,
  SeverityText: 'ERROR',
  SeverityNumber: 17,
  ServiceName: 'checkout',
  Body: 'payment failed: card declined\n\tat Charge.run',
  ResourceSchemaUrl: '',
  ResourceAttributes: { 'service.name': 'checkout' },
  ScopeSchemaUrl: '',
  ScopeName: 'logger',
  ScopeVersion: '2',
  ScopeAttributes: {},
  LogAttributes: { 'order.id': 'A-17', 'exception.type': 'CardDeclined' },
  EventName: 'payment.failed',
};

describe('insertRows / queryRows round trip', () => {
  it('stores a span exactly: maps, events, links and nanosecond timestamps', async () => {
    await insert('otel_traces', [span]);
    expect(await rows<SpanRow>(SPANS_AS_INSERTED, { traceId: TRACE_ID })).toEqual([span]);
  });

  it('stores one row of every metric kind exactly, a zero start time included', async () => {
    const cases: Array<[string, object]> = [
      ['otel_metrics_gauge', gauge],
      ['otel_metrics_sum', sum],
      ['otel_metrics_histogram', histogram],
      ['otel_metrics_exponential_histogram', exponentialHistogram],
    ];
    for (const [table, row] of cases) {
      await insert(table, [row]);
      expect(await rows(`SELECT * ${METRIC_NANOS} FROM ${table}`)).toEqual([row]);
    }
    await insert('otel_metrics_summary', [summary]);
    const summaryNanos = `REPLACE (toString(toUnixTimestamp64Nano(StartTimeUnix)) AS StartTimeUnix, toString(toUnixTimestamp64Nano(TimeUnix)) AS TimeUnix)`;
    expect(await rows(`SELECT * ${summaryNanos} FROM otel_metrics_summary`)).toEqual([summary]);
  });

  it('stores a log record exactly and derives TimestampTime', async () => {
    await insert('otel_logs', [log]);
    const [stored] = await rows<LogRow & { TimestampTime: string }>(
      'SELECT * REPLACE (toString(toUnixTimestamp64Nano(Timestamp)) AS Timestamp) FROM otel_logs',
    );
    const { TimestampTime, ...rest } = stored ?? ({} as LogRow & { TimestampTime: string });
    expect(rest).toEqual(log);
    expect(TimestampTime).toBe('2023-11-14 22:13:20');
  });

  it('accepts a database-qualified name and an empty batch', async () => {
    expect(await store.insertRows(`${DATABASE}.otel_logs`, [{ ...log, Body: 'second' }])).toEqual({ ok: true, value: undefined });
    expect(await store.insertRows('otel_logs', [])).toEqual({ ok: true, value: undefined });
    expect(await rows<{ n: number }>('SELECT count() AS n FROM otel_logs')).toEqual([{ n: 2 }]);
  });

  it('inserts rows prepared apart in one insert, in RowBinary and in JSONEachRow alike', async () => {
    const bodies = ['prepared one', 'prepared two', 'prepared three'];
    const parts = [[bodies[0]], [bodies[1], bodies[2]]].map((group) => store.prepareRows('otel_logs', group.map((Body) => ({ ...log, Body }))));
    const prepared = parts.map((p) => (p.ok ? p.value : undefined));
    expect(prepared.map((p) => [p?.insert.format, p?.rows])).toEqual([['RowBinary', 1], ['RowBinary', 2]]);
    expect(await store.insertPrepared(prepared.filter((p) => p !== undefined))).toEqual({ ok: true, value: undefined });
    expect(await rows("SELECT Body FROM otel_logs WHERE Body LIKE 'prepared%' ORDER BY Body")).toEqual([...bodies].sort().map((Body) => ({ Body })));

    await store.command('CREATE TABLE IF NOT EXISTS prepared_plain (n UInt32, s String) ENGINE = MergeTree ORDER BY n');
    const plain = [store.prepareRows('prepared_plain', [{ n: 1, s: 'a' }]), store.prepareRows('prepared_plain', [{ n: 2, s: 'b\nc' }])];
    expect(await store.insertPrepared(plain.map((p) => (p.ok ? p.value : undefined)).filter((p) => p !== undefined))).toEqual({ ok: true, value: undefined });
    expect(await rows('SELECT n, s FROM prepared_plain ORDER BY n')).toEqual([{ n: 1, s: 'a' }, { n: 2, s: 'b\nc' }]);

    // Parts of two tables cannot share an insert; nothing is written.
    const mixed = [store.prepareRows('otel_logs', [{ ...log, Body: 'mixed' }]), plain[0]!].map((p) => (p.ok ? p.value : undefined)).filter((p) => p !== undefined);
    const refused = await store.insertPrepared(mixed);
    expect(refused.ok ? 'ok' : refused.error.code).toBe('CW_ERR_STORAGE_QUERY');
    expect(await rows("SELECT count() AS n FROM otel_logs WHERE Body = 'mixed'")).toEqual([{ n: 0 }]);
    expect(await store.insertPrepared([])).toEqual({ ok: true, value: undefined });
  });

  it('resolves unqualified names in the configured database and binds parameters', async () => {
    expect(await rows('SELECT currentDatabase() AS db, {n:UInt32} + 1 AS n, {s:String} AS s', { n: 41, s: "it's" })).toEqual([
      { db: DATABASE, n: 42, s: "it's" },
    ]);
  });
});

describe('otel_traces_trace_id_ts', () => {
  it('is filled by the view with the first and last span time of each trace', async () => {
    const trace = '11111111111111111111111111111111';
    const spans = [
      { ...span, TraceId: trace, SpanId: 'a000000000000001', Timestamp: '1700000100500000000' },
      { ...span, TraceId: trace, SpanId: 'a000000000000002', Timestamp: '1700000105900000000' },
      { ...span, TraceId: '', SpanId: 'a000000000000003', Timestamp: '1700000200000000000' },
    ];
    await insert('otel_traces', spans);
    const ranges = await rows<{ TraceId: string; Start: string; End: string }>(
      'SELECT TraceId, toString(min(Start)) AS Start, toString(max(End)) AS End FROM otel_traces_trace_id_ts GROUP BY TraceId ORDER BY TraceId',
    );
    expect(ranges).toEqual([
      { TraceId: trace, Start: '2023-11-14 22:15:00', End: '2023-11-14 22:15:05' },
      { TraceId: TRACE_ID, Start: '2023-11-14 22:13:20', End: '2023-11-14 22:13:20' },
    ]);
  });
});

describe('errors are values', () => {
  it('a row the table cannot take is CW_ERR_STORAGE_QUERY naming the table, column and row', async () => {
    const prepared = store.prepareRows('otel_logs', [log, { ...log, SeverityNumber: 'loud' }]);
    expect(prepared.ok ? 'ok' : prepared.error.message).toMatch(/^insert into cw_store\.otel_logs \(2 rows\): otel_logs row 1, column SeverityNumber/);
    const result = await store.insertRows('otel_logs', [log, { ...log, SeverityNumber: 'loud' }]);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatchObject({ code: 'CW_ERR_STORAGE_QUERY', retryable: false });
      expect(result.error.message).toBe(
        'insert into cw_store.otel_logs (2 rows): otel_logs row 1, column SeverityNumber: expected an integer in 0..255, got the string "loud"',
      );
    }
  });

  it('a row a table of JSONEachRow inserts cannot take is refused by the engine, naming the column', async () => {
    await store.command('CREATE TABLE IF NOT EXISTS plain_events (n UInt8) ENGINE = MergeTree ORDER BY n');
    expect(store.insertFormat('plain_events')).toBe('JSONEachRow');
    const result = await store.insertRows('plain_events', [{ n: 'loud' }]);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatchObject({ code: 'CW_ERR_STORAGE_QUERY', retryable: false });
      expect(result.error.message).toMatch(/^insert into cw_store\.plain_events \(1 rows\): [A-Z_]+ \(\d+\): .*\bn\b/s);
    }
  });

  it('an engine error on a RowBinary insert is classified like any other', async () => {
    expect(store.insertFormat('cw_missing.otel_logs')).toBe('RowBinary');
    const result = await store.insertRows('cw_missing.otel_logs', [log]);
    expect(!result.ok && result.error).toMatchObject({ code: 'CW_ERR_STORAGE_QUERY', retryable: false });
    expect(!result.ok && result.error.message).toMatch(/^insert into cw_missing\.otel_logs \(1 rows\): UNKNOWN_DATABASE \(81\): /);
  });

  it('an unknown column is refused rather than dropped', async () => {
    const result = await store.insertRows('otel_logs', [{ ...log, Severity: 'typo' }]);
    expect(!result.ok && result.error.code).toBe('CW_ERR_STORAGE_QUERY');
    expect(!result.ok && result.error.message).toContain('Severity');
  });

  it('a statement on an unknown table names it', async () => {
    const query = await store.queryRows('SELECT count() FROM otel_tracez');
    expect(query.ok).toBe(false);
    if (!query.ok) {
      expect(query.error.code).toBe('CW_ERR_STORAGE_QUERY');
      expect(query.error.message).toMatch(/^query "SELECT count\(\) FROM otel_tracez": UNKNOWN_TABLE \(60\): .*otel_tracez/);
    }
    const insert = await store.insertRows('otel_tracez', [span]);
    expect(!insert.ok && insert.error.message).toMatch(/^insert into cw_store\.otel_tracez \(1 rows\): UNKNOWN_TABLE \(60\)/);
  });

  it('a bad statement is CW_ERR_STORAGE_QUERY with the server message', async () => {
    const ddl = await store.command('ALTER TABLE otel_traces ADD COLUMN Extra NoSuchType');
    expect(ddl.ok).toBe(false);
    if (!ddl.ok) {
      expect(ddl.error.code).toBe('CW_ERR_STORAGE_QUERY');
      expect(ddl.error.message).toContain('statement "ALTER TABLE otel_traces ADD COLUMN Extra NoSuchType": UNKNOWN_TYPE (50)');
      expect(ddl.error.message).toContain('NoSuchType');
    }
    const syntax = await store.queryRows('SELEC 1');
    expect(!syntax.ok && syntax.error.message).toMatch(/SYNTAX_ERROR \(62\)/);
  });

  it('a name that is not a table is refused before reaching the engine', async () => {
    const result = await store.insertRows('otel_logs; DROP TABLE otel_logs', [log]);
    expect(!result.ok && result.error.code).toBe('CW_ERR_STORAGE_QUERY');
  });
});

describe('one data folder per process', () => {
  it('refuses a second folder while one is open, and opens it once the first is closed', async () => {
    const other = tempDir('store-other');
    try {
      const refused = await openStore(storeOptions({ dataDir: other.path }));
      expect(refused.ok).toBe(false);
      if (!refused.ok) {
        expect(refused.error).toMatchObject({ code: 'CW_ERR_STORAGE_UNAVAILABLE', retryable: true });
        expect(refused.error.message).toContain(other.path);
      }

      expect(await store.ping()).toBe(true);
      await store.close();
      await store.close(); // idempotent
      expect(await store.ping()).toBe(false);
      const closed = await store.insertRows('otel_logs', [log]);
      expect(!closed.ok && closed.error).toMatchObject({ code: 'CW_ERR_STORAGE_UNAVAILABLE', message: 'insert into cw_store.otel_logs (1 rows): the store is closed' });

      const opened = await openStore(storeOptions({ dataDir: other.path }));
      expect(opened.ok).toBe(true);
      if (opened.ok) {
        expect(opened.value.kind).toBe('embedded');
        expect(await opened.value.ping()).toBe(true);
        await opened.value.close();
      }

      // The first folder still holds what was written (two rows through insertRows, three prepared).
      const reopened = await openStore(storeOptions({ dataDir: dir.path, database: DATABASE }));
      if (!reopened.ok) throw new Error(reopened.error.message);
      store = reopened.value;
      expect(await rows<{ n: number }>('SELECT count() AS n FROM otel_logs')).toEqual([{ n: 5 }]);
    } finally {
      other.remove();
    }
  });
});

describe('read settings', () => {
  it('turns JIT compilation of expressions off on the embedded engine only', async () => {
    expect(querySettings('server')).toEqual(QUERY_SETTINGS);
    expect(querySettings('embedded')).toEqual({ ...QUERY_SETTINGS, compile_expressions: 0 });
    const read = await store.queryRows<{ jit: number }>("SELECT toUInt8(getSetting('compile_expressions')) AS jit");
    expect(read).toEqual({ ok: true, value: [{ jit: 0 }] });
  });
});

describe('insert settings', () => {
  it('sends only settings the server knows, and waits for the write everywhere', () => {
    expect(insertSettings('embedded', '26.7.2.1', '')).toEqual({ input_format_skip_unknown_fields: 0, async_insert: 0 });
    expect(insertSettings('server', '18.16.1', '')).toEqual({ input_format_skip_unknown_fields: 0 });
    expect(insertSettings('server', '24.8.4.13', '')).toEqual({ input_format_skip_unknown_fields: 0, wait_for_async_insert: 1 });
    expect(insertSettings('server', '24.8.4.13', 'prod')).toEqual({
      input_format_skip_unknown_fields: 0,
      wait_for_async_insert: 1,
      insert_distributed_sync: 1,
    });
    expect(versionAtLeast('21.11.1', 21, 11)).toBe(true);
    expect(versionAtLeast('21.9.9', 21, 11)).toBe(false);
    expect(versionAtLeast('', 1, 0)).toBe(false);
  });
});
