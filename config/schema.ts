/**
 * The configuration schema: every key, its type, its limits and its default,
 * in one place. The same TypeBox schema gives the TypeScript type, validates
 * the merged configuration once at start-up (unknown keys are errors), and
 * derives the `--flag` and `CAUSEWAY_*` names (see `config-keys.ts`).
 *
 * Sizes are in bytes, durations carry their unit in the name.
 */
import { Type, type Static } from '@sinclair/typebox';
import { CORRELATOR_RULE_KEYS } from './correlator-schema.ts';

const MiB = 1024 * 1024;

const Port = (def: number) => Type.Integer({ minimum: 0, maximum: 65535, default: def });
const Host = (def: string) => Type.String({ minLength: 1, default: def });
const Obj = <T extends Parameters<typeof Type.Object>[0]>(props: T, description: string) =>
  Type.Object(props, { additionalProperties: false, default: {}, description });

/**
 * The correlator runtime (correlator/runtime/): event-time windows closed by
 * the watermark. The defaults equal CORRELATOR_RUNTIME_DEFAULTS (a test in
 * correlator/runtime keeps them in step).
 */
const CORRELATOR_RUNTIME_KEYS = {
  enabled: Type.Boolean({ default: true, description: 'Correlate incoming telemetry into incidents as it arrives.' }),
  stepSeconds: Type.Integer({ minimum: 10, maximum: 3600, multipleOf: 10, default: 10, description: 'Event-time window: signals are bucketed and judged once per window. A multiple of the 10 s rollup bucket.' }),
  allowedLatenessSeconds: Type.Integer({
    minimum: 0,
    maximum: 3600,
    default: 30,
    description: 'A window closes when the newest telemetry timestamp is this far past its end; rows arriving later than that miss it.',
  }),
  historyMinutes: Type.Integer({ minimum: 5, maximum: 1440, default: 120, description: 'Signal history kept in memory per series for the detectors (cusum looks back 1 h).' }),
};

export const ConfigSchema = Obj(
  {
    dataDir: Type.String({ minLength: 1, default: './data', description: 'Folder of the embedded store (used when clickhouse.url is empty).' }),
    otlp: Obj(
      {
        grpc: Obj({ host: Host('0.0.0.0'), port: Port(4317) }, 'OTLP/gRPC receiver.'),
        http: Obj({ host: Host('0.0.0.0'), port: Port(4318) }, 'OTLP/HTTP receiver (protobuf and JSON on one port).'),
        maxRequestBytes: Type.Integer({ minimum: 1024, default: 16 * MiB, description: 'Largest request body accepted as received (compressed).' }),
        maxDecompressedBytes: Type.Integer({ minimum: 1024, default: 64 * MiB, description: 'Largest request body after decompression; larger is refused (gzip bombs).' }),
        maxInFlightBytes: Type.Integer({
          minimum: 1024,
          default: 256 * MiB,
          description: 'Bound on decompressed request bytes received but not yet stored; beyond it senders are told to retry.',
        }),
        retryAfterSeconds: Type.Integer({ minimum: 1, maximum: 3600, default: 2, description: 'Delay suggested to senders refused for overload.' }),
        auth: Obj(
          {
            bearerToken: Type.String({ default: '', description: 'When set, requests must send "Authorization: Bearer <token>".' }),
            headerName: Type.String({ default: '', description: 'When set with headerValue, requests must carry this header with this value.' }),
            headerValue: Type.String({ default: '' }),
          },
          'Optional ingest authentication (either or both).',
        ),
        tls: Obj(
          {
            certFile: Type.String({ default: '', description: 'PEM certificate; with keyFile, both receivers serve TLS.' }),
            keyFile: Type.String({ default: '', description: 'PEM private key.' }),
          },
          'TLS for both OTLP receivers.',
        ),
      },
      'OTLP receivers.',
    ),
    batch: Obj(
      {
        maxRows: Type.Integer({ minimum: 1, default: 20_000, description: 'A table batch is written when it holds this many rows...' }),
        maxBytes: Type.Integer({ minimum: 1024, default: 16 * MiB, description: '...or this many request bytes...' }),
        maxDelayMillis: Type.Integer({ minimum: 0, maximum: 60_000, default: 200, description: '...or its oldest row has waited this long (upper bound).' }),
        lingerMillis: Type.Integer({
          minimum: 0,
          maximum: 60_000,
          default: 10,
          description: 'When no insert into the table is running, a batch waits only this long for more rows (group commit).',
        }),
      },
      'Batching of rows into inserts.',
    ),
    api: Obj({ host: Host('0.0.0.0'), port: Port(8080) }, 'HTTP API.'),
    clickhouse: Obj(
      {
        url: Type.String({ default: '', description: 'ClickHouse HTTP(S) URL; empty runs the embedded engine in dataDir.' }),
        username: Type.String({ default: 'default' }),
        password: Type.String({ default: '' }),
        database: Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$', default: 'default' }),
        requestTimeoutMillis: Type.Integer({ minimum: 100, default: 30_000 }),
        tls: Obj(
          {
            caFile: Type.String({ default: '', description: 'PEM CA certificate to trust for an https URL.' }),
            certFile: Type.String({ default: '', description: 'Client certificate for mutual TLS.' }),
            keyFile: Type.String({ default: '', description: 'Client key for mutual TLS.' }),
          },
          'TLS options for an https URL.',
        ),
        cluster: Type.String({
          pattern: '^([A-Za-z_][A-Za-z0-9_]*)?$',
          default: '',
          description: 'Cluster name: DDL runs ON CLUSTER, tables are Replicated*MergeTree with Distributed tables in front.',
        }),
      },
      'Storage. Without a url, the embedded engine is used.',
    ),
    retention: Obj(
      {
        tracesDays: Type.Integer({ minimum: 0, default: 7, description: '0 keeps data forever.' }),
        logsDays: Type.Integer({ minimum: 0, default: 7 }),
        metricsDays: Type.Integer({ minimum: 0, default: 30 }),
        causewayDays: Type.Integer({ minimum: 0, default: 180, description: 'Causeway tables: anomalies, incidents, audit.' }),
      },
      'Retention per table family (TTL).',
    ),
    correlator: Obj(
      {
        // Detectors, rules, SLOs and incident grouping: config/correlator-schema.ts.
        ...CORRELATOR_RULE_KEYS,
        // Windows and watermark of the runtime: above.
        ...CORRELATOR_RUNTIME_KEYS,
      },
      'The correlator: detectors, rules, SLOs and incident grouping.',
    ),
    log: Obj(
      {
        level: Type.Union(
          ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
          { default: 'info' },
        ),
      },
      'Structured JSON logs on stdout.',
    ),
  },
  'Causeway configuration.',
);

export type CausewayConfig = Static<typeof ConfigSchema>;
