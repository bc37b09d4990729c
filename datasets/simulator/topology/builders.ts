/**
 * Short constructors that keep the topology files readable as data. Every
 * default lives here: a call is made once, with probability 1, no retries
 * and a 10 s deadline; an operation fails 0.03 % of the time; writes are
 * the POST/PUT/PATCH/DELETE operations.
 */
import type {
  BackingSpec,
  BackingSystem,
  CallSpec,
  DbCallSpec,
  ErrorHandling,
  HostSpec,
  Language,
  OperationSpec,
  Protocol,
  PublishCallSpec,
  ServiceCallSpec,
  ServiceSpec,
  TelemetrySpec,
} from './types.ts';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

export interface ServiceOptions {
  readonly lang: Language;
  /** Package or module shown in stack traces. */
  readonly code: string;
  readonly protocol?: Protocol;
  readonly port?: number;
  readonly version?: string;
  readonly pods?: number;
  readonly cpuLimit?: number;
  readonly cpuIdle?: number;
  readonly memMiB?: number;
  readonly memLimitMiB?: number;
  readonly traces?: TelemetrySpec['traces'];
  readonly metricsInterval?: number;
  readonly runtime?: boolean;
  readonly summary?: boolean;
  readonly logStyle?: TelemetrySpec['logStyle'];
}

/** Memory (MiB) and idle CPU by runtime: JVMs are heavy, Go is light. */
const RUNTIME_DEFAULTS: Record<Language, { memMiB: number; idle: number }> = {
  java: { memMiB: 420, idle: 0.02 },
  go: { memMiB: 28, idle: 0.003 },
  python: { memMiB: 95, idle: 0.006 },
  node: { memMiB: 80, idle: 0.005 },
  dotnet: { memMiB: 140, idle: 0.01 },
  nginx: { memMiB: 12, idle: 0.001 },
};

export function service(name: string, o: ServiceOptions, operations: readonly OperationSpec[]): ServiceSpec {
  const d = RUNTIME_DEFAULTS[o.lang];
  const memMiB = o.memMiB ?? d.memMiB;
  const protocol = o.protocol ?? 'http';
  return {
    name,
    language: o.lang,
    protocol,
    port: o.port ?? (protocol === 'grpc' ? 50051 : 8080),
    version: o.version ?? '1.0.0',
    pods: o.pods ?? 1,
    cpuLimitCores: o.cpuLimit ?? 1,
    cpuIdleCores: o.cpuIdle ?? d.idle,
    memoryBytes: memMiB * MIB,
    memoryLimitBytes: (o.memLimitMiB ?? Math.max(64, Math.ceil((memMiB * 1.8) / 64) * 64)) * MIB,
    codeNamespace: o.code,
    operations,
    telemetry: {
      traces: o.traces ?? 'full',
      metricsIntervalSeconds: o.metricsInterval ?? 10,
      runtimeMetrics: o.runtime ?? o.lang === 'java',
      summary: o.summary ?? false,
      logStyle: o.logStyle ?? (o.lang === 'go' ? 'json' : 'plain'),
    },
  };
}

export interface OperationOptions {
  readonly sigma?: number;
  readonly cpuMs?: number;
  readonly errorRate?: number;
  readonly clientErrorRate?: number;
  readonly writes?: boolean;
}

function operation(name: string, method: string, route: string, medianMs: number, calls: readonly CallSpec[], o: OperationOptions): OperationSpec {
  return {
    name,
    method,
    route,
    latency: { medianMs, sigma: o.sigma ?? 0.35 },
    cpuMs: o.cpuMs ?? medianMs * 0.6 + 0.3,
    errorRate: o.errorRate ?? 0.0003,
    clientErrorRate: o.clientErrorRate ?? 0,
    writes: o.writes ?? ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method),
    calls,
  };
}

/** An HTTP operation named `<method> <route>`. */
export function http(method: string, route: string, medianMs: number, calls: readonly CallSpec[] = [], o: OperationOptions = {}): OperationSpec {
  return operation(`${method} ${route}`, method, route, medianMs, calls, o);
}

/** A gRPC method of `rpcService` (`hipstershop.CartService`), named by the method alone. */
export function grpc(rpcService: string, method: string, medianMs: number, calls: readonly CallSpec[] = [], o: OperationOptions = {}): OperationSpec {
  return operation(method, '', `${rpcService}/${method}`, medianMs, calls, o);
}

/** The handler of one message from a queue. */
export function consume(destination: string, medianMs: number, calls: readonly CallSpec[] = [], o: OperationOptions = {}): OperationSpec {
  return operation(`process ${destination}`, '', destination, medianMs, calls, o);
}

export interface CallOptions {
  readonly p?: number;
  readonly n?: number | readonly [number, number];
  readonly par?: boolean;
  readonly onError?: ErrorHandling;
  readonly retries?: number;
  readonly timeoutMs?: number;
}

export function call(serviceName: string, operationName: string, o: CallOptions = {}): ServiceCallSpec {
  return {
    kind: 'service',
    service: serviceName,
    operation: operationName,
    probability: o.p ?? 1,
    count: countRange(o.n),
    parallel: o.par ?? false,
    onError: o.onError ?? 'fail',
    retries: o.retries ?? 0,
    timeoutMs: o.timeoutMs ?? 10_000,
  };
}

export function db(
  database: string,
  op: string,
  target: string,
  medianMs: number,
  o: { readonly p?: number; readonly n?: number | readonly [number, number]; readonly sigma?: number } = {},
): DbCallSpec {
  return { kind: 'db', database, operation: op, target, probability: o.p ?? 1, count: countRange(o.n), latency: { medianMs, sigma: o.sigma ?? 0.4 } };
}

export function publish(destination: string, p = 1): PublishCallSpec {
  return { kind: 'publish', destination, probability: p };
}

function countRange(n: number | readonly [number, number] | undefined): readonly [number, number] {
  if (n === undefined) return [1, 1];
  return typeof n === 'number' ? [n, n] : n;
}

const BACKING_DEFAULTS: Record<BackingSystem, { port: number; version: string; memMiB: number; idle: number }> = {
  redis: { port: 6379, version: '7.2.4', memMiB: 24, idle: 0.004 },
  mongodb: { port: 27017, version: '5.0.24', memMiB: 180, idle: 0.012 },
  mysql: { port: 3306, version: '8.0.36', memMiB: 380, idle: 0.01 },
  rabbitmq: { port: 5672, version: '3.12.12', memMiB: 140, idle: 0.015 },
};

export function database(name: string, system: Exclude<BackingSystem, 'rabbitmq'>, dbNamespace: string, o: { memMiB?: number; cpuLimit?: number } = {}): BackingSpec {
  return backing(name, 'database', system, dbNamespace, o);
}

export function broker(name: string, o: { memMiB?: number; cpuLimit?: number } = {}): BackingSpec {
  return backing(name, 'broker', 'rabbitmq', '', o);
}

function backing(name: string, kind: BackingSpec['kind'], system: BackingSystem, dbNamespace: string, o: { memMiB?: number; cpuLimit?: number }): BackingSpec {
  const d = BACKING_DEFAULTS[system];
  const memMiB = o.memMiB ?? d.memMiB;
  return {
    name,
    kind,
    system,
    port: d.port,
    version: d.version,
    dbNamespace,
    cpuLimitCores: o.cpuLimit ?? 1,
    cpuIdleCores: d.idle,
    memoryBytes: memMiB * MIB,
    memoryLimitBytes: Math.ceil((memMiB * 2) / 64) * 64 * MIB,
  };
}

/** `count` worker nodes `<prefix>-1..n` of one size. */
export function nodes(prefix: string, count: number, o: { cores: number; memGiB: number; diskGiB: number; scrapeSeconds?: readonly number[] }): HostSpec[] {
  const out: HostSpec[] = [];
  for (let i = 1; i <= count; i++) {
    out.push({
      name: `${prefix}-${i}`,
      cores: o.cores,
      memoryBytes: o.memGiB * GIB,
      diskBytes: o.diskGiB * GIB,
      diskUsedBytes: Math.round(o.diskGiB * GIB * (0.28 + 0.04 * i)),
      scrapeIntervalSeconds: o.scrapeSeconds?.[i - 1] ?? 10,
    });
  }
  return out;
}
