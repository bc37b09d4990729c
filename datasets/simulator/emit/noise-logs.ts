/**
 * Background log lines every component writes regardless of requests:
 * periodic housekeeping (INFO), the occasional warning, and a rare
 * unrelated error; start-up and shutdown lines when a container starts or
 * a pod is replaced. Texts follow each runtime's and database's usual
 * wording; `$DATE` is replaced with the line's time by the caller.
 */
import type { Rng } from '../prng.ts';
import type { BackingSystem, Language } from '../topology/types.ts';

type Kind = Language | BackingSystem;

const INFO: Record<Kind, readonly string[]> = {
  java: [
    'HikariPool-1 - Pool stats (total=10, active=1, idle=9, waiting=0)',
    'Scheduled cache refresh finished in 14 ms',
    'Resolving eureka endpoints via configuration',
    'Tomcat thread pool: busy=4, max=200, queue=0',
  ],
  go: ['{"message":"cache refreshed","severity":"info","timestamp":"$DATE"}', '{"message":"health check ok","severity":"debug","timestamp":"$DATE"}'],
  node: ['health check ok', 'currency data refreshed from ECB feed', 'gc: scavenge 2.3 ms'],
  python: ['Heartbeat OK', 'Profiler enabled: False', 'refreshed product list cache'],
  dotnet: ['Checking CartService Health', 'Executed endpoint \'gRPC - /grpc.health.v1.Health/Check\''],
  nginx: ['2026/01/05 00:00:00 [notice] 1#1: signal process started'],
  mongodb: ['{"t":{"$date":"$DATE"},"s":"I","c":"NETWORK","id":22943,"ctx":"listener","msg":"Connection accepted","attr":{"remote":"10.244.1.23:51234","connectionCount":12}}', '{"t":{"$date":"$DATE"},"s":"I","c":"STORAGE","id":22430,"ctx":"Checkpointer","msg":"WiredTiger message","attr":{"message":"saving checkpoint snapshot min: 42"}}'],
  mysql: ['[Note] [MY-010914] [Server] Aborted connection 1234 to db: \'socksdb\' user: \'catalogue_user\' host: \'10.244.2.14\' (Got an error reading communication packets).'],
  redis: ['1:M 05 Jan 2026 00:00:00.000 * 100 changes in 300 seconds. Saving...', '1:M 05 Jan 2026 00:00:00.000 * Background saving terminated with success'],
  rabbitmq: ['accepting AMQP connection <0.1234.0> (10.244.1.9:43210 -> 10.244.2.3:5672)', 'connection <0.1234.0> (10.244.1.9:43210 -> 10.244.2.3:5672): user \'guest\' authenticated and granted access to vhost \'/\''],
};

const WARN: Record<Kind, readonly string[]> = {
  java: ['HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta=1m3s).', 'Request took longer than expected to acquire a connection from the pool'],
  go: ['{"message":"slow config reload","severity":"warning","timestamp":"$DATE"}'],
  node: ['(node:1) Warning: Possible EventEmitter memory leak detected. 11 listeners added'],
  python: ['Retrying (Retry(total=2, connect=None, read=None)) after connection broken'],
  dotnet: ['Slow Redis operation: 240 ms'],
  nginx: ['2026/01/05 00:00:00 [warn] 29#29: *1 an upstream response is buffered to a temporary file'],
  mongodb: ['{"t":{"$date":"$DATE"},"s":"W","c":"NETWORK","id":4615610,"ctx":"conn88","msg":"Failed to check socket connectivity","attr":{"error":"Connection reset by peer"}}'],
  mysql: ['[Warning] [MY-010055] [Server] IP address \'10.244.3.7\' could not be resolved: Name or service not known'],
  redis: ['1:M 05 Jan 2026 00:00:00.000 # WARNING Memory overcommit must be enabled!'],
  rabbitmq: ['closing AMQP connection <0.1299.0> (10.244.1.9:43210 -> 10.244.2.3:5672): client unexpectedly closed TCP connection'],
};

const ERROR: Record<Kind, readonly string[]> = {
  java: ['Failed to send metrics batch: java.net.SocketTimeoutException: timeout\n\tat okhttp3.internal.http2.Http2Stream$StreamTimeout.newTimeoutException(Http2Stream.kt:675)\n\tat okhttp3.internal.http2.Http2Stream.takeHeaders(Http2Stream.kt:143)'],
  go: ['{"error":"context canceled","message":"failed to refresh cache","severity":"error","timestamp":"$DATE"}'],
  node: ['Error: socket hang up\n    at connResetException (node:internal/errors:720:14)\n    at Socket.socketOnEnd (node:_http_client:525:23)'],
  python: ['Exception in thread profiler:\nTraceback (most recent call last):\n  File "/usr/local/lib/python3.11/threading.py", line 1045, in _bootstrap_inner\nConnectionResetError: [Errno 104] Connection reset by peer'],
  dotnet: ['Connection id "0HN7" bad request data: "Unexpected end of request content."'],
  nginx: ['2026/01/05 00:00:00 [error] 29#29: *2 client intended to send too large body: 1048577 bytes'],
  mongodb: ['{"t":{"$date":"$DATE"},"s":"E","c":"CONTROL","id":20557,"ctx":"initandlisten","msg":"DBException in initAndListen, terminating"}'],
  mysql: ['[ERROR] [MY-013183] [InnoDB] Assertion failure: lock0lock.cc:4206 thread 140123'],
  redis: ['1:M 05 Jan 2026 00:00:00.000 # Error writing to the AOF file: No space left on device'],
  rabbitmq: ['Error on AMQP connection <0.1311.0>: client unexpectedly closed TCP connection'],
};

/** A background line for a component, or null (most seconds have none). Rates: INFO every ~100 s, WARN every ~25 min, ERROR every ~90 min. */
export function noiseLine(kind: Kind, rng: Rng): { severity: 'INFO' | 'WARN' | 'ERROR'; body: string } | null {
  const x = rng.next();
  if (x < 1 / 5_400) return { severity: 'ERROR', body: rng.pick(ERROR[kind]) };
  if (x < 1 / 5_400 + 1 / 1_500) return { severity: 'WARN', body: rng.pick(WARN[kind]) };
  if (x < 1 / 5_400 + 1 / 1_500 + 1 / 100) return { severity: 'INFO', body: rng.pick(INFO[kind]) };
  return null;
}

/** Lines a container writes while it starts; `readyAfterMs` is when it announces it is serving. */
export function startupLines(kind: Kind, name: string, version: string, readyAfterMs: number): Array<{ afterMs: number; body: string }> {
  const app = name
    .replace(/^ts-/, '')
    .split('-')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
  switch (kind) {
    case 'java':
      return [
        { afterMs: 1_500, body: `Starting ${app}Application v${version.replace(/^v/, '')} using Java 17.0.13 with PID 1 (/app/app.jar started by root in /app)` },
        { afterMs: readyAfterMs * 0.7, body: 'Tomcat started on port 8080 (http) with context path \'/\'' },
        { afterMs: readyAfterMs * 0.95, body: `Started ${app}Application in ${(readyAfterMs / 1000).toFixed(3)} seconds (process running for ${((readyAfterMs + 900) / 1000).toFixed(3)})` },
      ];
    case 'mongodb':
    case 'mysql':
    case 'redis':
    case 'rabbitmq':
      return [{ afterMs: 1_000, body: `${name} ${version} starting` }, { afterMs: readyAfterMs * 0.9, body: `${name} ready to accept connections` }];
    default:
      return [{ afterMs: 500, body: `starting ${name} version=${version}` }, { afterMs: readyAfterMs * 0.9, body: `${name} listening` }];
  }
}
