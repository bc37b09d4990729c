/**
 * The errors services raise, in each runtime's own words: what a caller sees
 * when a call fails (refused, timed out, reset, answered with an error), the
 * exceptions injected by faults, and the rare baseline failures. Each is
 * built once per (service, operation, kind, target) and reused, so the same
 * failure always reads the same, as real log templates do.
 */
import type { BackingSystem, Language, OperationSpec, ServiceSpec } from '../topology/types.ts';
import { stackTrace } from './stack-traces.ts';
import { clusterIp } from './text-hash.ts';

export interface ErrorInfo {
  /** exception.type / error.type. */
  readonly type: string;
  readonly message: string;
  /** The error as the runtime prints it, first line included (multi-line). */
  readonly stack: string;
  /** What a server failing with this error answers. */
  readonly httpStatus: number;
  readonly grpcCode: number;
}

export const GRPC = { OK: 0, UNKNOWN: 2, DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, INTERNAL: 13, UNAVAILABLE: 14, RESOURCE_EXHAUSTED: 8 } as const;

export type TransportFailure = 'refused' | 'connect-timeout' | 'timeout' | 'reset';

/** The far end of a call, as the caller addresses it. */
export interface CallTarget {
  readonly host: string;
  readonly port: number;
  readonly protocol: 'http' | 'grpc' | BackingSystem;
  /** HTTP method, gRPC full method or database operation. */
  readonly method: string;
  /** URL path, gRPC full method or collection. */
  readonly path: string;
}

const cache = new Map<string, ErrorInfo>();

function cached(key: string, build: () => ErrorInfo): ErrorInfo {
  let e = cache.get(key);
  if (!e) {
    e = build();
    cache.set(key, e);
  }
  return e;
}

/** Status a server of `svc` answers with when an error escapes a handler. */
function serverStatus(svc: ServiceSpec, failure: TransportFailure | 'status'): { httpStatus: number; grpcCode: number } {
  if (svc.language === 'nginx') return { httpStatus: failure === 'timeout' || failure === 'connect-timeout' ? 504 : 502, grpcCode: GRPC.UNKNOWN };
  return { httpStatus: 500, grpcCode: svc.language === 'go' ? GRPC.INTERNAL : GRPC.UNKNOWN };
}

function addr(t: CallTarget): string {
  return `${clusterIp(t.host)}:${t.port}`;
}

function url(t: CallTarget): string {
  return `http://${t.host}:${t.port}${t.path}`;
}

/** [type, message] of a failed call in the caller's runtime. */
function callWords(lang: Language, failure: TransportFailure | 'status', t: CallTarget, status: number): [string, string] {
  const db = t.protocol === 'redis' || t.protocol === 'mongodb' || t.protocol === 'mysql' || t.protocol === 'rabbitmq';
  if (db) return dbWords(lang, failure, t);
  if (t.protocol === 'grpc') return grpcWords(lang, failure, t, status);
  switch (lang) {
    case 'java': {
      if (failure === 'status') return [`org.springframework.web.client.HttpServerErrorException$${status === 503 ? 'ServiceUnavailable' : status === 504 ? 'GatewayTimeout' : 'InternalServerError'}`, `${status} : [{"status":${status},"error":"${status === 503 ? 'Service Unavailable' : 'Internal Server Error'}","path":"${t.path}"}]`];
      const cause = { refused: 'Connection refused', 'connect-timeout': 'Connect timed out', timeout: 'Read timed out', reset: 'Connection reset' }[failure];
      return ['org.springframework.web.client.ResourceAccessException', `I/O error on ${t.method} request for "${url(t)}": ${cause}`];
    }
    case 'go': {
      const verb = t.method.charAt(0) + t.method.slice(1).toLowerCase();
      if (failure === 'status') return ['*errors.errorString', `${verb} ${url(t)}: unexpected status ${status}`];
      const tail = {
        refused: `dial tcp ${addr(t)}: connect: connection refused`,
        'connect-timeout': `dial tcp ${addr(t)}: i/o timeout`,
        timeout: 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
        reset: `read tcp 10.244.1.17:51234->${addr(t)}: read: connection reset by peer`,
      }[failure];
      return ['*url.Error', `${verb} "${url(t)}": ${tail}`];
    }
    case 'node': {
      if (failure === 'status') return ['Error', `Request failed with status code ${status}`];
      const code = { refused: 'ECONNREFUSED', 'connect-timeout': 'ETIMEDOUT', timeout: 'ESOCKETTIMEDOUT', reset: 'ECONNRESET' }[failure];
      return ['Error', failure === 'reset' ? 'read ECONNRESET' : `${failure === 'refused' ? 'connect' : 'request'} ${code} ${addr(t)}`];
    }
    case 'python': {
      if (failure === 'status') return ['requests.exceptions.HTTPError', `${status} Server Error: Internal Server Error for url: ${url(t)}`];
      if (failure === 'refused') return ['requests.exceptions.ConnectionError', `HTTPConnectionPool(host='${t.host}', port=${t.port}): Max retries exceeded with url: ${t.path} (Caused by NewConnectionError('[Errno 111] Connection refused'))`];
      if (failure === 'reset') return ['requests.exceptions.ConnectionError', "('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer'))"];
      return ['requests.exceptions.ReadTimeout', `HTTPConnectionPool(host='${t.host}', port=${t.port}): Read timed out.`];
    }
    case 'dotnet': {
      if (failure === 'status') return ['System.Net.Http.HttpRequestException', `Response status code does not indicate success: ${status} (Internal Server Error).`];
      return ['System.Net.Http.HttpRequestException', failure === 'refused' ? `Connection refused (${t.host}:${t.port})` : 'The SSL connection could not be established'];
    }
    case 'nginx': {
      if (failure === 'status') return ['upstream', `upstream returned ${status} while reading response from upstream, upstream: "${url(t)}"`];
      const what = {
        refused: 'connect() failed (111: Connection refused) while connecting to upstream',
        'connect-timeout': 'upstream timed out (110: Connection timed out) while connecting to upstream',
        timeout: 'upstream timed out (110: Connection timed out) while reading response header from upstream',
        reset: 'recv() failed (104: Connection reset by peer) while reading response header from upstream',
      }[failure];
      return ['upstream', `${what}, upstream: "${url(t)}"`];
    }
  }
}

function grpcWords(lang: Language, failure: TransportFailure | 'status', t: CallTarget, status: number): [string, string] {
  const code = failure === 'status' ? status : failure === 'timeout' ? GRPC.DEADLINE_EXCEEDED : GRPC.UNAVAILABLE;
  const names: Record<number, string> = { 2: 'Unknown', 4: 'DeadlineExceeded', 13: 'Internal', 14: 'Unavailable', 8: 'ResourceExhausted' };
  const desc =
    failure === 'status'
      ? 'upstream request failed'
      : failure === 'timeout' || failure === 'connect-timeout'
        ? 'context deadline exceeded'
        : failure === 'reset'
          ? 'error reading from server: read: connection reset by peer'
          : `connection error: desc = "transport: Error while dialing: dial tcp ${addr(t)}: connect: connection refused"`;
  const name = names[code] ?? 'Unknown';
  switch (lang) {
    case 'java':
      return ['io.grpc.StatusRuntimeException', `${name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}: ${desc}`];
    case 'node':
      return ['Error', `${code} ${name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}: ${desc}`];
    case 'python':
      return ['grpc._channel._InactiveRpcError', `<_InactiveRpcError of RPC that terminated with: status = StatusCode.${name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()} details = "${desc}">`];
    case 'dotnet':
      return ['Grpc.Core.RpcException', `Status(StatusCode="${name}", Detail="${desc}")`];
    default:
      return ['*status.Error', `rpc error: code = ${name} desc = ${desc}`];
  }
}

function dbWords(lang: Language, failure: TransportFailure | 'status', t: CallTarget): [string, string] {
  const slow = failure === 'timeout' || failure === 'connect-timeout';
  switch (t.protocol) {
    case 'mongodb':
      if (lang === 'java') {
        return slow
          ? ['com.mongodb.MongoSocketReadTimeoutException', `Timeout while receiving message`]
          : ['com.mongodb.MongoSocketOpenException', `Exception opening socket`];
      }
      return ['MongoNetworkError', slow ? `connection timed out to ${t.host}:${t.port}` : `connect ECONNREFUSED ${addr(t)}`];
    case 'redis':
      if (lang === 'dotnet') {
        return slow
          ? ['StackExchange.Redis.RedisTimeoutException', `Timeout performing ${t.method} (5000ms), inst: 1, qu: 0, qs: 12, aw: False, serverEndpoint: ${t.host}:${t.port}`]
          : ['StackExchange.Redis.RedisConnectionException', `No connection is active/available to service this operation: ${t.method} ${t.path}`];
      }
      return ['Error', slow ? `Redis command timed out: ${t.method}` : `Redis connection to ${t.host}:${t.port} failed - connect ECONNREFUSED ${addr(t)}`];
    case 'mysql':
      if (lang === 'python') return ['pymysql.err.OperationalError', slow ? '(2013, \'Lost connection to MySQL server during query\')' : `(2003, "Can't connect to MySQL server on '${t.host}' ([Errno 111] Connection refused)")`];
      return ['*mysql.MySQLError', slow ? 'invalid connection' : `dial tcp ${addr(t)}: connect: connection refused`];
    default:
      return ['com.rabbitmq.client.ShutdownSignalException', slow ? 'channel error; protocol method: #method<channel.close>(reply-code=406, reply-text=PRECONDITION_FAILED - delivery acknowledgement timed out)' : `connection error; cause: java.net.ConnectException: Connection refused`];
  }
}

/**
 * The error `caller` raises while serving `op` when a call to `target`
 * fails (`status`: the callee answered with an error `status`, an HTTP
 * status or gRPC code). Its own status is what `caller` answers if the
 * error escapes.
 */
export function callError(caller: ServiceSpec, op: OperationSpec, failure: TransportFailure | 'status', target: CallTarget, status = 500): ErrorInfo {
  const key = `call|${caller.name}|${op.name}|${failure}|${target.host}|${target.method}|${target.path}|${status}`;
  return cached(key, () => {
    const [type, message] = callWords(caller.language, failure, target, status);
    const headline = caller.language === 'python' ? `${type}: ${message}` : caller.language === 'go' ? `error: ${message}` : `${type}: ${message}`;
    const cause = failure === 'status' || caller.language !== 'java' ? undefined : javaCause(failure, target);
    const stack = cause ? `${stackTrace(caller, op, headline)}\nCaused by: ${cause}` : stackTrace(caller, op, headline);
    return { type, message, stack, ...serverStatus(caller, failure) };
  });
}

function javaCause(failure: TransportFailure, t: CallTarget): string {
  if (t.protocol === 'mongodb' || t.protocol === 'redis' || t.protocol === 'mysql' || t.protocol === 'rabbitmq' || t.protocol === 'grpc') return '';
  const line = {
    refused: 'java.net.ConnectException: Connection refused',
    'connect-timeout': 'java.net.SocketTimeoutException: Connect timed out',
    timeout: 'java.net.SocketTimeoutException: Read timed out',
    reset: 'java.net.SocketException: Connection reset',
  }[failure];
  return `${line}\n\tat java.base/sun.nio.ch.Net.pollConnect(Native Method)\n\tat java.base/java.net.Socket.connect(Socket.java:633)\n\t... 42 more`;
}

/** Exceptions a code defect throws, by runtime; `variant` picks one (faults pick a variant per case). */
const DEFECTS: Record<Language, ReadonlyArray<readonly [string, string]>> = {
  java: [
    ['java.lang.NullPointerException', 'Cannot invoke "java.util.List.size()" because the return value of "getItems()" is null'],
    ['java.lang.IllegalStateException', 'Inconsistent state: expected status PAID but was NOTPAID'],
    ['java.lang.ArrayIndexOutOfBoundsException', 'Index 3 out of bounds for length 3'],
    ['java.lang.NumberFormatException', 'For input string: "null"'],
  ],
  go: [
    ['runtime.Error', 'runtime error: invalid memory address or nil pointer dereference'],
    ['*errors.errorString', 'failed to decode record: unexpected end of JSON input'],
    ['runtime.Error', 'runtime error: index out of range [4] with length 4'],
  ],
  node: [
    ['TypeError', "Cannot read properties of undefined (reading 'units')"],
    ['RangeError', 'Invalid currency code : XXX'],
    ['TypeError', 'amount.toFixed is not a function'],
  ],
  python: [
    ['KeyError', "'email'"],
    ['AttributeError', "'NoneType' object has no attribute 'product_ids'"],
    ['ValueError', 'invalid literal for int() with base 10: \'\''],
  ],
  dotnet: [
    ['System.NullReferenceException', 'Object reference not set to an instance of an object.'],
    ['System.InvalidOperationException', 'Sequence contains no elements'],
    ['System.FormatException', 'Input string was not in a correct format.'],
  ],
  nginx: [['upstream', 'upstream prematurely closed connection while reading response header from upstream']],
};

export function defectVariants(lang: Language): number {
  return DEFECTS[lang].length;
}

/** A code defect in `svc` while serving `op` (exception faults, bad deploys). */
export function defectError(svc: ServiceSpec, op: OperationSpec, variant: number): ErrorInfo {
  const list = DEFECTS[svc.language];
  const [type, message] = list[variant % list.length]!;
  return cached(`defect|${svc.name}|${op.name}|${variant}`, () => {
    const headline = svc.language === 'go' && type === 'runtime.Error' ? `panic: ${message} [recovered]` : `${type}: ${message}`;
    return { type, message, stack: stackTrace(svc, op, headline), ...serverStatus(svc, 'status') };
  });
}

/** The rare failures every service has at baseline (a lost race, a bad input nobody validated). */
export function baselineError(svc: ServiceSpec, op: OperationSpec): ErrorInfo {
  return defectError(svc, op, DEFECTS[svc.language].length - 1);
}

export function diskFullError(svc: ServiceSpec, op: OperationSpec): ErrorInfo {
  const words: Record<Language, [string, string]> = {
    java: ['java.io.IOException', 'No space left on device'],
    go: ['*fs.PathError', 'write /tmp/upload-1843: no space left on device'],
    node: ['Error', "ENOSPC: no space left on device, write"],
    python: ['OSError', '[Errno 28] No space left on device'],
    dotnet: ['System.IO.IOException', 'No space left on device : \'/tmp/cart-cache.bin\''],
    nginx: ['upstream', 'pwrite() "/var/cache/nginx/client_temp/0000000042" failed (28: No space left on device)'],
  };
  const [type, message] = words[svc.language];
  return cached(`disk|${svc.name}|${op.name}`, () => ({ type, message, stack: stackTrace(svc, op, `${type}: ${message}`), ...serverStatus(svc, 'status') }));
}

export function outOfMemoryError(svc: ServiceSpec, op: OperationSpec): ErrorInfo {
  const words: Record<Language, [string, string]> = {
    java: ['java.lang.OutOfMemoryError', 'Java heap space'],
    go: ['runtime.Error', 'runtime: out of memory'],
    node: ['RangeError', 'Array buffer allocation failed'],
    python: ['MemoryError', ''],
    dotnet: ['System.OutOfMemoryException', "Exception of type 'System.OutOfMemoryException' was thrown."],
    nginx: ['upstream', 'malloc(16384) failed (12: Cannot allocate memory)'],
  };
  const [type, message] = words[svc.language];
  return cached(`oom|${svc.name}|${op.name}`, () => ({ type, message, stack: stackTrace(svc, op, message === '' ? type : `${type}: ${message}`), httpStatus: 500, grpcCode: GRPC.RESOURCE_EXHAUSTED }));
}
