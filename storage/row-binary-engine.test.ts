/**
 * RowBinary inserts on the real embedded engine: for every otel table, the
 * same rows (realistic and edge cases) inserted through RowBinary and through
 * JSONEachRow into a twin table read back identical; values JSON cannot carry
 * (NaN, infinities) read back as sent; a table whose types the encoder does
 * not write falls back to JSONEachRow; a bad value fails the whole insert
 * naming table, column and row, and writes nothing; bytes that would end
 * inline INSERT data early ("\n\n") are stored like any other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from './schema/migrate.ts';
import { KEEP_FOREVER } from './schema/ttl.ts';
import { MANAGED_TABLE_SPECS } from './schema/managed-tables.ts';
import type { AttributeMap, ExemplarColumns, ExponentialHistogramRow, GaugeRow, HistogramRow, LogRow, MetricRowBase, SpanRow, SummaryRow, SumRow } from './otel-rows.ts';
import { type InsertTable, openStore, type Store } from './store.ts';
import { storeOptions, tempDir, type TempDir } from './testing/test-store.ts';

const DATABASE = 'cw_row_binary';
/** Same tables, same folder, written by a store that knows no RowBinary encoders. */
const JSON_DATABASE = 'cw_row_binary_json';
let dir: TempDir;
let store: Store;
let jsonStore: Store;

/** Accepted by the encoder (JSONEachRow for the twin) only because of the tables passed to openStore. */
const BINARY_EVENTS: InsertTable = {
  name: 'cw_binary_events',
  columns: [
    { name: 'ts', type: 'DateTime64(9)' },
    { name: 'n', type: 'Int64' },
    { name: 'tags', type: 'Array(LowCardinality(String))' },
  ],
};
/** IPv6 is not a type the encoder writes: inserts fall back to JSONEachRow. */
const FALLBACK_EVENTS: InsertTable = {
  name: 'cw_fallback_events',
  columns: [
    { name: 'ts', type: 'DateTime64(9)' },
    { name: 'name', type: 'String' },
    { name: 'peer', type: 'IPv6' },
  ],
};

async function run(sql: string): Promise<void> {
  const result = await store.command(sql);
  if (!result.ok) throw new Error(result.error.message);
}

async function insert(table: string, rows: readonly object[], into: Store = store): Promise<void> {
  const result = await into.insertRows(table, rows);
  if (!result.ok) throw new Error(result.error.message);
}

/** Every column as text where JSON numbers would round: 64-bit integers quoted, NaN and infinities as words. */
async function exact(sql: string): Promise<unknown[]> {
  const rs = await store.client.query({
    query: sql,
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 1, output_format_json_quote_denormals: 1 },
  });
  return rs.json();
}

/** The whole table in a stable order. */
function everything(table: string): Promise<unknown[]> {
  return exact(`SELECT * FROM ${table} ORDER BY cityHash64(*)`);
}

async function openMigrated(database: string, tables?: readonly InsertTable[]): Promise<Store> {
  const options = storeOptions({ dataDir: dir.path, database, retention: KEEP_FOREVER });
  const opened = await openStore(options, tables);
  if (!opened.ok) throw new Error(opened.error.message);
  const migrated = await migrate(opened.value, options);
  if (!migrated.ok) throw new Error(migrated.error.message);
  return opened.value;
}

beforeAll(async () => {
  dir = tempDir('row-binary');
  store = await openMigrated(DATABASE, [...MANAGED_TABLE_SPECS, BINARY_EVENTS, FALLBACK_EVENTS]);
  jsonStore = await openMigrated(JSON_DATABASE, []);
  await run('CREATE TABLE cw_binary_events (ts DateTime64(9), n Int64, tags Array(LowCardinality(String))) ENGINE = MergeTree ORDER BY ts');
  await run(`CREATE TABLE ${JSON_DATABASE}.cw_binary_events AS cw_binary_events`);
  await run('CREATE TABLE cw_fallback_events (ts DateTime64(9), name String, peer IPv6) ENGINE = MergeTree ORDER BY ts');
});

afterAll(async () => {
  await jsonStore?.close();
  await store?.close();
  dir?.remove();
});

const UNICODE: AttributeMap = { ключ: 'значение', 日本語: '東京タワー', 'emoji 😀': '𝄞 music 🎵 🇫🇷', 'a\u0301': 'é\u0000\n\t"\\', '': '' };
const LONG_200 = `${'é'.repeat(100)}`; // 200 bytes: a two-byte length
const LONG_17K = `start ${'xyz😀'.repeat(2400)} end`; // 16810 bytes: a three-byte length
const MAX_NS = '18446744073709551615';
const WITH_PROTO = JSON.parse('{"__proto__":"not a prototype","constructor":"c","toString":"t"}') as Record<string, string>;

const TRACE_ID = '5b8efff798038103d269b633813fc60c';

function realisticSpans(count: number): SpanRow[] {
  const spans: SpanRow[] = [];
  for (let i = 0; i < count; i++) {
    const service = ['checkout', 'cart', 'payment', 'frontend'][i % 4] as string;
    const attributes: Record<string, string> = {};
    for (let a = 0; a < 12; a++) attributes[`app.attribute.${a}`] = `value-${(i * 31 + a) % 97}`;
    const hasEvent = i % 5 === 0;
    spans.push({
      Timestamp: String(1_700_000_000_000_000_000n + BigInt(i) * 1_000_003n),
      TraceId: (i * 7919).toString(16).padStart(32, '0'),
      SpanId: (i + 1).toString(16).padStart(16, '0'),
      ParentSpanId: i % 3 === 0 ? '' : i.toString(16).padStart(16, '0'),
      TraceState: '',
      SpanName: `GET /api/${service}/{id}`,
      SpanKind: i % 2 === 0 ? 'Server' : 'Client',
      ServiceName: service,
      ResourceAttributes: {
        'service.name': service,
        'service.version': '1.4.2',
        'k8s.pod.name': `${service}-7d9f8b6c5-x2k4p`,
        'host.name': `node-${i % 8}`,
        'process.pid': String(4000 + (i % 13)),
      },
      ScopeName: '@opentelemetry/instrumentation-http',
      ScopeVersion: '0.52.0',
      SpanAttributes: { ...attributes, 'http.request.method': 'GET', 'http.response.status_code': i % 31 === 0 ? '500' : '200', 'url.path': `/api/${service}/${i}` },
      Duration: 1000 + i * 17,
      StatusCode: i % 31 === 0 ? 'Error' : 'Unset',
      StatusMessage: i % 31 === 0 ? 'connection reset by peer' : '',
      'Events.Timestamp': hasEvent ? [String(1_700_000_000_000_000_500n + BigInt(i))] : [],
      'Events.Name': hasEvent ? ['cache.miss'] : [],
      'Events.Attributes': hasEvent ? [{ 'cache.key': `item:${i}` }] : [],
      'Links.TraceId': [],
      'Links.SpanId': [],
      'Links.TraceState': [],
      'Links.Attributes': [],
    });
  }
  return spans;
}

const edgeSpans: object[] = [
  {
    Timestamp: '0',
    TraceId: TRACE_ID,
    SpanId: 'a000000000000001',
    ParentSpanId: '',
    TraceState: '',
    SpanName: '',
    SpanKind: 'Unspecified',
    ServiceName: '',
    ResourceAttributes: {},
    ScopeName: '',
    ScopeVersion: '',
    SpanAttributes: {},
    Duration: 0,
    StatusCode: 'Unset',
    StatusMessage: '',
    'Events.Timestamp': [],
    'Events.Name': [],
    'Events.Attributes': [],
    'Links.TraceId': [],
    'Links.SpanId': [],
    'Links.TraceState': [],
    'Links.Attributes': [],
  },
  {
    Timestamp: MAX_NS,
    TraceId: TRACE_ID,
    SpanId: 'a000000000000002',
    ParentSpanId: 'a000000000000001',
    TraceState: 'vendor=abc,other=1',
    SpanName: 'ünïcødé span 😀',
    SpanKind: 'Server',
    ServiceName: 'сервис',
    ResourceAttributes: UNICODE,
    ScopeName: LONG_200,
    ScopeVersion: '1',
    SpanAttributes: { ...WITH_PROTO, long: LONG_17K, short: LONG_200 },
    Duration: 2n ** 60n,
    StatusCode: 'Error',
    StatusMessage: LONG_17K,
    'Events.Timestamp': ['0', '1700000000223456789', MAX_NS],
    'Events.Name': ['exception', '', '例外'],
    'Events.Attributes': [{ 'exception.type': 'TimeoutError', 'exception.stacktrace': LONG_17K }, {}, UNICODE],
    'Links.TraceId': ['0af7651916cd43dd8448eb211c80319c', ''],
    'Links.SpanId': ['b7ad6b7169203331', ''],
    'Links.TraceState': ['', 'k=v'],
    'Links.Attributes': [WITH_PROTO, {}],
  },
  // Only a few columns: the others take their defaults on both paths.
  { Timestamp: '01700000000000000001', TraceId: TRACE_ID, SpanId: 'a000000000000003', ServiceName: 'sparse', Duration: 9_007_199_254_740_993n },
  { Timestamp: '9223372036854775807', TraceId: TRACE_ID, SpanId: 'a000000000000004', Unused: undefined, 'Events.Name': ['x'], 'Events.Timestamp': ['1'], 'Events.Attributes': [{ k: 'v' }] },
];

const logs: object[] = [
  {
    Timestamp: '1700000000123456789',
    TraceId: TRACE_ID,
    SpanId: 'eee19b7ec3c1b174',
    TraceFlags: 1,
    SeverityText: 'ERROR',
    SeverityNumber: 17,
    ServiceName: 'checkout',
    Body: 'payment failed: card declined\n\tat Charge.run',
    ResourceSchemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
    ResourceAttributes: { 'service.name': 'checkout', 'host.name': 'node-1' },
    ScopeSchemaUrl: '',
    ScopeName: 'logger',
    ScopeVersion: '2',
    ScopeAttributes: {},
    LogAttributes: { 'order.id': 'A-17', 'exception.type': 'CardDeclined' },
    EventName: 'payment.failed',
  } satisfies LogRow,
  {
    Timestamp: '0',
    TraceId: '',
    SpanId: '',
    TraceFlags: 255,
    SeverityText: '',
    SeverityNumber: 0,
    ServiceName: '',
    Body: LONG_17K,
    ResourceSchemaUrl: '',
    ResourceAttributes: UNICODE,
    ScopeSchemaUrl: LONG_200,
    ScopeName: '',
    ScopeVersion: '',
    ScopeAttributes: WITH_PROTO,
    LogAttributes: { ['a'.repeat(300)]: LONG_200 },
    EventName: '',
  } satisfies LogRow,
  { Timestamp: MAX_NS, Body: '日本語のログ 😀', SeverityNumber: 24 },
  { Timestamp: '1700000000000000000' },
];

const metricBase: MetricRowBase = {
  ResourceAttributes: { 'service.name': 'checkout', 'host.name': 'node-1' },
  ResourceSchemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
  ScopeName: 'checkout-meter',
  ScopeVersion: '1.0.0',
  ScopeAttributes: { 'scope.kind': 'app' },
  ScopeDroppedAttrCount: 0,
  ScopeSchemaUrl: '',
  ServiceName: 'checkout',
  MetricName: 'm',
  MetricDescription: 'a metric',
  MetricUnit: 's',
  Attributes: { 'http.route': '/api/orders/{id}' },
  StartTimeUnix: '0',
  TimeUnix: '1700000000123456789',
  Flags: 0,
};

const edgeBase: MetricRowBase = {
  ...metricBase,
  ResourceAttributes: UNICODE,
  ScopeAttributes: WITH_PROTO,
  ScopeDroppedAttrCount: 4294967295,
  MetricName: 'edge 😀',
  MetricDescription: LONG_17K,
  Attributes: {},
  StartTimeUnix: MAX_NS,
  TimeUnix: '0',
  Flags: 1,
};

const noExemplars: ExemplarColumns = {
  'Exemplars.FilteredAttributes': [],
  'Exemplars.TimeUnix': [],
  'Exemplars.Value': [],
  'Exemplars.SpanId': [],
  'Exemplars.TraceId': [],
};

const exemplars: ExemplarColumns = {
  'Exemplars.FilteredAttributes': [{ 'user.id': '42' }, {}, UNICODE],
  'Exemplars.TimeUnix': ['1700000000100000007', '0', MAX_NS],
  'Exemplars.Value': [0.25, 0, 1.7976931348623157e308],
  'Exemplars.SpanId': ['eee19b7ec3c1b174', '', 'x'],
  'Exemplars.TraceId': [TRACE_ID, '', 'y'],
};

const gauges: GaugeRow[] = [
  { ...metricBase, ...noExemplars, MetricName: 'process.cpu.utilization', Value: 0.1 },
  { ...edgeBase, ...exemplars, Value: 5e-324 },
  { ...edgeBase, ...noExemplars, MetricName: 'negative', Value: -1.5e-300 },
];

const sums: SumRow[] = [
  { ...metricBase, ...exemplars, MetricName: 'http.server.requests', Value: 1234, AggregationTemporality: 2, IsMonotonic: true },
  { ...edgeBase, ...noExemplars, Value: 0, AggregationTemporality: -1, IsMonotonic: false },
  { ...edgeBase, ...noExemplars, MetricName: 'min int32', Value: 2 ** 53, AggregationTemporality: -2147483648, IsMonotonic: true },
];

const histograms: object[] = [
  {
    ...metricBase,
    ...exemplars,
    MetricName: 'http.server.request.duration',
    Count: 10,
    Sum: 2.5,
    BucketCounts: [1, 4, 5, 0],
    ExplicitBounds: [0.1, 0.25, 0.5],
    Min: 0.05,
    Max: 0.45,
    AggregationTemporality: 1,
  } satisfies HistogramRow,
  { ...edgeBase, ...noExemplars, Count: 2n ** 60n, Sum: 0, BucketCounts: [], ExplicitBounds: [], Min: 0, Max: 0, AggregationTemporality: 0 },
  { ...edgeBase, ...noExemplars, MetricName: 'big', Count: 0, Sum: 1e300, BucketCounts: [0, 2 ** 53 - 1, 2n ** 63n], ExplicitBounds: [-1e-9, 0, 1e9], Min: -1, Max: 1, AggregationTemporality: 2147483647 },
];

const exponentialHistograms: object[] = [
  {
    ...metricBase,
    ...exemplars,
    MetricName: 'rpc.server.duration',
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
  } satisfies ExponentialHistogramRow,
  {
    ...edgeBase,
    ...noExemplars,
    Count: 0,
    Sum: 0,
    Scale: -10,
    ZeroCount: 2n ** 60n,
    PositiveOffset: -2147483648,
    PositiveBucketCounts: [],
    NegativeOffset: 2147483647,
    NegativeBucketCounts: Array.from({ length: 200 }, (_, i) => i * 1000), // a two-byte count
    Min: -5e-324,
    Max: 5e-324,
    AggregationTemporality: 1,
  },
];

const summaries: SummaryRow[] = [
  { ...metricBase, MetricName: 'gc.pause', Count: 3, Sum: 12, 'ValueAtQuantiles.Quantile': [0, 0.5, 1], 'ValueAtQuantiles.Value': [1, 4, 7] },
  { ...edgeBase, Count: 0, Sum: 0, 'ValueAtQuantiles.Quantile': [], 'ValueAtQuantiles.Value': [] },
];

const traceIdRanges: object[] = [
  { TraceId: 'ffffffffffffffffffffffffffffffff', Start: 1700000000, End: 4294967295 },
  { TraceId: 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee', Start: 0, End: '1700000005' },
  { TraceId: 'dddddddddddddddddddddddddddddddd' },
];

describe('RowBinary and JSONEachRow store the same rows', () => {
  const cases: Array<[string, readonly object[]]> = [
    ['otel_traces', [...realisticSpans(2000), ...edgeSpans]],
    ['otel_logs', logs],
    ['otel_metrics_gauge', gauges],
    ['otel_metrics_sum', sums],
    ['otel_metrics_histogram', histograms],
    ['otel_metrics_exponential_histogram', exponentialHistograms],
    ['otel_metrics_summary', summaries],
  ];

  for (const [table, rows] of cases) {
    it(`${table}: ${rows.length} rows`, async () => {
      expect(store.insertFormat(table)).toBe('RowBinary');
      expect(jsonStore.insertFormat(table)).toBe('JSONEachRow');
      await insert(table, rows);
      await insert(table, rows, jsonStore);
      const binary = await everything(table);
      expect(binary).toHaveLength(rows.length);
      expect(binary).toEqual(await everything(`${JSON_DATABASE}.${table}`));
    });
  }

  it('otel_traces_trace_id_ts (DateTime columns)', async () => {
    expect(store.insertFormat('otel_traces_trace_id_ts')).toBe('RowBinary');
    await insert('otel_traces_trace_id_ts', traceIdRanges);
    await insert('otel_traces_trace_id_ts', traceIdRanges, jsonStore);
    const ours = "WHERE TraceId IN ('ffffffffffffffffffffffffffffffff', 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee', 'dddddddddddddddddddddddddddddddd') ORDER BY TraceId";
    const binary = await exact(`SELECT * FROM otel_traces_trace_id_ts ${ours}`);
    expect(binary).toEqual([
      { TraceId: 'dddddddddddddddddddddddddddddddd', Start: '1970-01-01 00:00:00', End: '1970-01-01 00:00:00' },
      { TraceId: 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee', Start: '1970-01-01 00:00:00', End: '2023-11-14 22:13:25' },
      { TraceId: 'ffffffffffffffffffffffffffffffff', Start: '2023-11-14 22:13:20', End: '2106-02-07 06:28:15' },
    ]);
    expect(binary).toEqual(await exact(`SELECT * FROM ${JSON_DATABASE}.otel_traces_trace_id_ts ${ours}`));
  });

  it('the values that matter read back exactly: nanoseconds, 64-bit counts, negative Int32, long and 4-byte UTF-8 strings', async () => {
    const [span] = await exact(`
      SELECT toString(toUnixTimestamp64Nano(Timestamp)) AS ts, Duration, ServiceName, SpanAttributes['__proto__'] AS proto,
             length(StatusMessage) AS messageBytes, StatusMessage = {long:String} AS longSame,
             arrayMap(t -> toString(toUnixTimestamp64Nano(t)), \`Events.Timestamp\`) AS events, ResourceAttributes
      FROM otel_traces WHERE SpanId = 'a000000000000002'`.replace('{long:String}', `'${LONG_17K}'`));
    expect(span).toEqual({
      ts: '-1', // 2^64 - 1 wraps to -1 tick, as JSONEachRow stores it
      Duration: (2n ** 60n).toString(),
      ServiceName: 'сервис',
      proto: 'not a prototype',
      messageBytes: String(Buffer.byteLength(LONG_17K)),
      longSame: 1,
      events: ['0', '1700000000223456789', '-1'],
      ResourceAttributes: UNICODE,
    });
    const [sum] = await exact("SELECT AggregationTemporality AS t, ScopeDroppedAttrCount AS d FROM otel_metrics_sum WHERE MetricName = 'min int32'");
    expect(sum).toEqual({ t: -2147483648, d: 4294967295 });
    const [sparse] = await exact("SELECT toString(toUnixTimestamp64Nano(Timestamp)) AS ts, Duration FROM otel_traces WHERE ServiceName = 'sparse'");
    expect(sparse).toEqual({ ts: '1700000000000000001', Duration: '9007199254740993' });
  });
});

describe('values JSON cannot carry', () => {
  it('stores NaN and infinities as sent (JSONEachRow would store 0)', async () => {
    const row: HistogramRow = {
      ...metricBase,
      'Exemplars.FilteredAttributes': [{}, {}],
      'Exemplars.TimeUnix': ['1', '2'],
      'Exemplars.Value': [Number.NaN, Number.NEGATIVE_INFINITY],
      'Exemplars.SpanId': ['', ''],
      'Exemplars.TraceId': ['', ''],
      MetricName: 'non-finite',
      Count: 1,
      Sum: Number.NaN,
      BucketCounts: [1, 0],
      ExplicitBounds: [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
      Min: Number.NEGATIVE_INFINITY,
      Max: Number.POSITIVE_INFINITY,
      AggregationTemporality: 1,
    };
    await insert('otel_metrics_histogram', [row]);
    expect(await exact("SELECT Sum, Min, Max, ExplicitBounds, `Exemplars.Value` AS ev FROM otel_metrics_histogram WHERE MetricName = 'non-finite'")).toEqual([
      { Sum: 'nan', Min: '-inf', Max: 'inf', ExplicitBounds: ['-inf', 'inf'], ev: ['nan', '-inf'] },
    ]);
  });

  it('stores numbers above 2^53 and -0 exactly (JSON prints them rounded, and -0 as 0)', async () => {
    const spans = [
      { Timestamp: '1', TraceId: 'big-numbers', SpanId: '1', Duration: 2 ** 60 },
      { Timestamp: '2', TraceId: 'big-numbers', SpanId: '2', Duration: 2 ** 64 - 2 ** 11 },
    ];
    await insert('otel_traces', spans);
    expect(await exact("SELECT Duration FROM otel_traces WHERE TraceId = 'big-numbers' ORDER BY SpanId")).toEqual([
      { Duration: '1152921504606846976' },
      { Duration: '18446744073709549568' },
    ]);
    await insert('otel_metrics_gauge', [{ ...metricBase, ...noExemplars, MetricName: 'negative zero', Value: -0 }]);
    expect(await exact("SELECT toString(Value) AS v, 1 / Value AS inverse FROM otel_metrics_gauge WHERE MetricName = 'negative zero'")).toEqual([
      { v: '-0', inverse: '-inf' },
    ]);
  });
});

describe('bodies holding an empty line', () => {
  // The embedded engine cuts inline INSERT data at the first "\n\n"
  // (embedded-insert.ts): RowBinary bytes must not travel inline.
  it('stores strings with blank lines and numbers whose bytes are "\n\n", first row included', async () => {
    // Low bytes 0a 0a: the body starts with an empty line.
    const newlineTicks = String(1_700_000_000_000_000_000n - (1_700_000_000_000_000_000n % 65536n) + 0x0a0an);
    const rows = [
      { Timestamp: newlineTicks, TraceId: 'blank-lines', SpanId: '1', StatusMessage: 'first\n\nthird' },
      { Timestamp: '1700000000000000001', TraceId: 'blank-lines', SpanId: '2', StatusMessage: '\n\n', Duration: 0x0a0a0a0a },
      { Timestamp: '1700000000000000002', TraceId: 'blank-lines', SpanId: '3', SpanAttributes: { '\n\n': 'a\n\n\n\nb' } },
    ];
    await insert('otel_traces', rows);
    expect(
      await exact("SELECT toString(toUnixTimestamp64Nano(Timestamp)) AS ts, StatusMessage, Duration, SpanAttributes FROM otel_traces WHERE TraceId = 'blank-lines' ORDER BY SpanId"),
    ).toEqual([
      { ts: newlineTicks, StatusMessage: 'first\n\nthird', Duration: '0', SpanAttributes: {} },
      { ts: '1700000000000000001', StatusMessage: '\n\n', Duration: String(0x0a0a0a0a), SpanAttributes: {} },
      { ts: '1700000000000000002', StatusMessage: '', Duration: '0', SpanAttributes: { '\n\n': 'a\n\n\n\nb' } },
    ]);
  });

  it('stores a log body with blank lines through JSONEachRow too', async () => {
    const body = 'Traceback (most recent call last):\n\n  File "x.py"\n\nValueError';
    await insert('otel_logs', [{ Timestamp: '1700000000000000000', Body: body, EventName: 'blank-lines' }], jsonStore);
    expect(await exact(`SELECT Body FROM ${JSON_DATABASE}.otel_logs WHERE EventName = 'blank-lines'`)).toEqual([{ Body: body }]);
  });
});

describe('tables the encoder does not know', () => {
  it('a table passed to openStore uses RowBinary, with Int64 and arrays', async () => {
    const rows = [
      { ts: '1700000000000000001', n: '-9223372036854775808', tags: ['a', 'b'] },
      { ts: '1700000000000000002', n: 9_007_199_254_740_991, tags: [] },
      { ts: '1700000000000000003', n: -1n },
    ];
    expect(store.insertFormat('cw_binary_events')).toBe('RowBinary');
    await insert('cw_binary_events', rows);
    await insert('cw_binary_events', rows, jsonStore);
    const binary = await everything('cw_binary_events');
    expect(binary).toEqual(await everything(`${JSON_DATABASE}.cw_binary_events`));
    expect(await exact('SELECT n FROM cw_binary_events ORDER BY ts')).toEqual([{ n: '-9223372036854775808' }, { n: '9007199254740991' }, { n: '-1' }]);
  });

  it('a table with a column type the encoder does not write falls back to JSONEachRow', async () => {
    expect(store.insertFormat('cw_fallback_events')).toBe('JSONEachRow');
    await insert('cw_fallback_events', [
      { ts: '1700000000000000001', name: 'a', peer: '2001:db8::1' },
      { ts: '1600000000000000000', name: 'b 😀', peer: '::ffff:10.0.0.1' },
    ]);
    expect(await exact('SELECT toString(toUnixTimestamp64Nano(ts)) AS ts, name, toString(peer) AS peer FROM cw_fallback_events ORDER BY ts')).toEqual([
      { ts: '1600000000000000000', name: 'b 😀', peer: '::ffff:10.0.0.1' },
      { ts: '1700000000000000001', name: 'a', peer: '2001:db8::1' },
    ]);
  });
});

describe('bad values', () => {
  it('fail the whole insert naming table, column and row, and write nothing', async () => {
    const count = async () => (await exact("SELECT count() AS n FROM otel_metrics_sum WHERE MetricName = 'bad batch'"))[0];
    const good: SumRow = { ...metricBase, ...noExemplars, MetricName: 'bad batch', Value: 1, AggregationTemporality: 2, IsMonotonic: true };
    const cases: Array<[object, string]> = [
      [{ TimeUnix: '2023-11-14 22:13:20' }, 'otel_metrics_sum row 2, column TimeUnix: expected nanoseconds as decimal digits, got the string "2023-11-14 22:13:20"'],
      [{ Value: 'one' }, 'otel_metrics_sum row 2, column Value: expected a number, got the string "one"'],
      [{ AggregationTemporality: 'delta' }, 'otel_metrics_sum row 2, column AggregationTemporality: expected an integer in -2147483648..2147483647, got the string "delta"'],
      [{ 'Exemplars.TimeUnix': ['1', 'soon'] }, 'otel_metrics_sum row 2, column Exemplars.TimeUnix: element 1: expected nanoseconds as decimal digits, got the string "soon"'],
      [{ Attributes: { 'http.route': 42n, bad: [] } }, 'otel_metrics_sum row 2, column Attributes: key "bad": expected a string, got an array'],
    ];
    for (const [change, message] of cases) {
      const result = await store.insertRows('otel_metrics_sum', [good, good, { ...good, ...change }]);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error).toMatchObject({ code: 'CW_ERR_STORAGE_QUERY', retryable: false });
        expect(result.error.message).toBe(`insert into ${DATABASE}.otel_metrics_sum (3 rows): ${message}`);
      }
    }
    expect(await count()).toEqual({ n: '0' });
  });
});
