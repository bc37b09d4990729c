/**
 * A simulated system as data: services with their operations and call
 * graph, the databases and message brokers they use, the Kubernetes nodes
 * they run on, and where outside traffic enters. One file per system in
 * `../topologies/` builds one of these; `validate.ts` checks it.
 */

export type Language = 'java' | 'go' | 'python' | 'node' | 'dotnet' | 'nginx';
export type Protocol = 'http' | 'grpc';
export type BackingSystem = 'redis' | 'mongodb' | 'mysql' | 'rabbitmq';

/** Log-normal duration: its median and log-space standard deviation. */
export interface Latency {
  readonly medianMs: number;
  readonly sigma: number;
}

/**
 * What a caller does when a required call still fails after its retries:
 * `fail` its own request, `degrade` (log a warning, carry on without the
 * result), or `swallow` (log an error and answer success anyway, as some
 * services wrap failures in a 200 response body).
 */
export type ErrorHandling = 'fail' | 'degrade' | 'swallow';

export interface ServiceCallSpec {
  readonly kind: 'service';
  readonly service: string;
  /** `OperationSpec.name` in the callee. */
  readonly operation: string;
  /** Probability that the call is made at all. */
  readonly probability: number;
  /** How many times it is made when it is (uniform, inclusive). */
  readonly count: readonly [number, number];
  /** Issued concurrently with the neighbouring parallel calls. */
  readonly parallel: boolean;
  readonly onError: ErrorHandling;
  /** Retries after a transport failure or timeout (not after an error response). */
  readonly retries: number;
  /** The caller's deadline for one attempt. */
  readonly timeoutMs: number;
}

export interface DbCallSpec {
  readonly kind: 'db';
  /** `BackingSpec.name` of a database. */
  readonly database: string;
  /** `find`, `insert`, `SELECT`, `HGET`, ... (db.operation.name). */
  readonly operation: string;
  /** Collection, table or key space (db.collection.name). */
  readonly target: string;
  readonly probability: number;
  readonly count: readonly [number, number];
  /** Server-side time of the statement without faults. */
  readonly latency: Latency;
}

export interface PublishCallSpec {
  readonly kind: 'publish';
  /** `QueueSpec.destination`. */
  readonly destination: string;
  readonly probability: number;
}

export type CallSpec = ServiceCallSpec | DbCallSpec | PublishCallSpec;

export interface OperationSpec {
  /**
   * Unique within the service. HTTP: `<method> <route>` (also the server
   * span name); gRPC: the method (`GetCart`); a queue consumer:
   * `process <destination>`.
   */
  readonly name: string;
  /** HTTP method; '' for gRPC and consumers. */
  readonly method: string;
  /** HTTP route template, or the full gRPC method (`hipstershop.CartService/GetCart`). */
  readonly route: string;
  /** Own processing time, without the time spent in calls. */
  readonly latency: Latency;
  /** CPU time one request costs the serving pod. */
  readonly cpuMs: number;
  /** Baseline share of requests failing with a server error. */
  readonly errorRate: number;
  /** Baseline share answered with a client error (404, 401, ...); HTTP only. */
  readonly clientErrorRate: number;
  /** Writes to local disk (fails when the disk is full). */
  readonly writes: boolean;
  /** Calls in order; consecutive parallel calls form one concurrent group. */
  readonly calls: readonly CallSpec[];
}

/**
 * How well a service is instrumented. `traces`: `full` (current semantic
 * conventions), `legacy` (an old tracer: span kind unspecified, no status
 * even on errors, pre-1.20 attribute names) or `none` (no spans at all,
 * only metrics and logs; such a service must be a leaf so that no trace is
 * cut in two).
 */
export interface TelemetrySpec {
  readonly traces: 'full' | 'legacy' | 'none';
  /** Export interval of the service's own (SDK) metrics. */
  readonly metricsIntervalSeconds: number;
  /** jvm.* (Java) or go.* (Go) runtime metrics. */
  readonly runtimeMetrics: boolean;
  /** A Micrometer-style `http.server.requests` summary beside the histogram. */
  readonly summary: boolean;
  /** Body format of ordinary log lines. */
  readonly logStyle: 'plain' | 'json' | 'logfmt';
}

export interface ServiceSpec {
  readonly name: string;
  readonly language: Language;
  readonly protocol: Protocol;
  readonly port: number;
  readonly version: string;
  readonly pods: number;
  readonly cpuLimitCores: number;
  /** CPU used with no traffic (runtime, health checks). */
  readonly cpuIdleCores: number;
  /** Steady memory working set of one pod. */
  readonly memoryBytes: number;
  readonly memoryLimitBytes: number;
  /** Package / module used in stack traces (`works.weave.socks.cart`). */
  readonly codeNamespace: string;
  readonly operations: readonly OperationSpec[];
  readonly telemetry: TelemetrySpec;
}

/** A database or message broker: pods and client-side spans, no SDK of its own. */
export interface BackingSpec {
  readonly name: string;
  readonly kind: 'database' | 'broker';
  readonly system: BackingSystem;
  readonly port: number;
  readonly version: string;
  /** db.namespace (the database name inside the server); '' for brokers. */
  readonly dbNamespace: string;
  readonly cpuLimitCores: number;
  readonly cpuIdleCores: number;
  readonly memoryBytes: number;
  readonly memoryLimitBytes: number;
}

export interface QueueSpec {
  readonly destination: string;
  /** `BackingSpec.name` of the broker. */
  readonly broker: string;
  readonly consumer: string;
  /** `OperationSpec.name` in the consumer that handles one message. */
  readonly operation: string;
  /** Messages handled concurrently by the consumer. */
  readonly workers: number;
}

export interface HostSpec {
  readonly name: string;
  readonly cores: number;
  readonly memoryBytes: number;
  readonly diskBytes: number;
  /** Root filesystem use before any pod writes. */
  readonly diskUsedBytes: number;
  /** Collection interval of the node agent (kubeletstats, hostmetrics, receivers). */
  readonly scrapeIntervalSeconds: number;
}

export interface EntrySpec {
  readonly service: string;
  readonly operation: string;
  /** Share of outside requests (relative). */
  readonly weight: number;
}

export interface SystemTopology {
  /** `online-boutique`, `sock-shop`, `train-ticket`. */
  readonly name: string;
  readonly description: string;
  /** service.namespace and k8s.namespace.name. */
  readonly namespace: string;
  /** Outside requests per second at the daily peak (all of them, traced or not). */
  readonly peakRequestsPerSecond: number;
  /** Head-sampling ratio decided at the entry service. */
  readonly traceSampleRatio: number;
  readonly hosts: readonly HostSpec[];
  readonly services: readonly ServiceSpec[];
  readonly backing: readonly BackingSpec[];
  readonly queues: readonly QueueSpec[];
  readonly entries: readonly EntrySpec[];
}
