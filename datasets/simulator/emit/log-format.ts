/**
 * Log bodies in the style each stack writes them: Spring/logback lines,
 * logrus-style JSON (Go, Online Boutique), go-kit logfmt (Sock Shop),
 * morgan (Node.js), Flask/gRPC Python, ASP.NET Core, nginx access and error
 * logs. Errors carry the stack trace, so their bodies span several lines.
 */
import type { ErrorInfo } from '../sim/errors.ts';
import type { OperationSpec, ServiceSpec } from '../topology/types.ts';
import { handlerName } from '../sim/stack-traces.ts';

const fixed = (ms: number, digits = 1): string => ms.toFixed(digits);

/** The request line of an operation as logged (`GET /api/v1/orders/1234`, or the gRPC method). */
function requestLine(op: OperationSpec, path: string): string {
  return op.method === '' ? `/${op.route}` : `${op.method} ${path}`;
}

export function accessLog(svc: ServiceSpec, op: OperationSpec, status: number, durationMs: number, path: string, iso: string, peerIp: string): string {
  switch (svc.language) {
    case 'nginx': {
      const d = new Date(iso);
      const stamp = `${String(d.getUTCDate()).padStart(2, '0')}/${d.toUTCString().slice(8, 11)}/${d.getUTCFullYear()}:${iso.slice(11, 19)} +0000`;
      return `${peerIp} - - [${stamp}] "${op.method} ${path} HTTP/1.1" ${status} ${200 + (status * 7) % 1800} "-" "Mozilla/5.0 (X11; Linux x86_64)" rt=${fixed(durationMs / 1000, 3)} uct=0.000 urt=${fixed(durationMs / 1000, 3)}`;
    }
    case 'go':
      return svc.telemetry.logStyle === 'logfmt'
        ? `ts=${iso} caller=logging.go:${34 + (op.name.length % 20)} method=${handlerName(op)} status=${status} took=${fixed(durationMs, 3)}ms err=null`
        : `{"http.req.method":"${op.method || 'POST'}","http.req.path":"${path}","http.resp.status":${status},"http.resp.took_ms":${Math.round(durationMs)},"message":"request complete","severity":"debug","timestamp":"${iso}"}`;
    case 'node':
      return `${op.method || 'POST'} ${path} ${status} ${fixed(durationMs, 3)} ms - ${300 + (path.length * 37) % 4000}`;
    case 'python':
      return `${peerIp} - - "${requestLine(op, path)}" ${status} - ${fixed(durationMs, 1)}ms`;
    case 'dotnet':
      return `Request finished HTTP/2 POST http://${svc.name}:${svc.port}/${op.route} - ${status} - application/grpc ${fixed(durationMs, 4)}ms`;
    case 'java':
      return `[${handlerName(op)}] ${requestLine(op, path)} completed with status ${status} in ${Math.round(durationMs)} ms`;
  }
}

/** An error that escaped a handler (or was caught and logged), with its stack. */
export function errorLog(svc: ServiceSpec, op: OperationSpec, err: ErrorInfo, path: string, iso: string, peerIp: string): string {
  switch (svc.language) {
    case 'nginx': {
      const when = `${iso.slice(0, 10).replace(/-/g, '/')} ${iso.slice(11, 19)}`;
      return `${when} [error] 29#29: *${1000 + (path.length * 131) % 90000} ${err.message.replace(/, upstream: .*$/, '')}, client: ${peerIp}, server: _, request: "${op.method} ${path} HTTP/1.1", upstream: "http://${svc.name}${path}"`;
    }
    case 'java':
      return `Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed: ${err.type}: ${err.message}] with root cause\n${err.stack}`;
    case 'go':
      return svc.telemetry.logStyle === 'logfmt'
        ? `ts=${iso} caller=logging.go:${34 + (op.name.length % 20)} level=error method=${handlerName(op)} err=${JSON.stringify(err.message)}\n${err.stack}`
        : `{"error":${JSON.stringify(err.message)},"http.req.path":"${path}","message":"request error","severity":"error","timestamp":"${iso}"}\n${err.stack}`;
    case 'node':
      return `Error handling ${requestLine(op, path)}: ${err.stack}`;
    case 'python':
      return `Exception calling application: ${err.message}\n${err.stack}`;
    case 'dotnet':
      return `Error status code '${err.grpcCode === 4 ? 'DeadlineExceeded' : 'Unknown'}' with detail '${err.message}' raised.\n${err.stack}`;
  }
}

/** A failed optional call the service carried on without. */
export function degradedLog(svc: ServiceSpec, op: OperationSpec, target: string, err: ErrorInfo, iso: string): string {
  const what = `failed to call ${target} while handling ${op.name}, continuing without it: ${err.type}: ${err.message}`;
  if (svc.telemetry.logStyle === 'json') return `{"error":${JSON.stringify(err.message)},"message":"failed to call ${target}, continuing","severity":"warning","timestamp":"${iso}"}`;
  if (svc.telemetry.logStyle === 'logfmt') return `ts=${iso} level=warn msg="failed to call ${target}" err=${JSON.stringify(err.message)}`;
  return what;
}

/** A failed call answered as a success anyway (an error wrapped in a 200 response body). */
export function swallowedLog(svc: ServiceSpec, op: OperationSpec, target: string, err: ErrorInfo): string {
  return `[${handlerName(op)}] call to ${target} failed, returning status 0: ${err.type}: ${err.message}\n${err.stack}`;
}

export function retryLog(svc: ServiceSpec, target: string, attempt: number, of: number, err: ErrorInfo, iso: string): string {
  if (svc.telemetry.logStyle === 'json') return `{"message":"retrying call to ${target} (attempt ${attempt}/${of})","error":${JSON.stringify(err.message)},"severity":"warning","timestamp":"${iso}"}`;
  if (svc.telemetry.logStyle === 'logfmt') return `ts=${iso} level=warn msg="retrying ${target}" attempt=${attempt} err=${JSON.stringify(err.message)}`;
  return `Retrying request to ${target} (attempt ${attempt} of ${of}) after ${err.type}: ${err.message}`;
}

export function slowLog(svc: ServiceSpec, op: OperationSpec, path: string, durationMs: number, iso: string): string {
  if (svc.telemetry.logStyle === 'json') return `{"http.req.path":"${path}","message":"slow request","took_ms":${Math.round(durationMs)},"severity":"warning","timestamp":"${iso}"}`;
  if (svc.telemetry.logStyle === 'logfmt') return `ts=${iso} level=warn msg="slow request" method=${handlerName(op)} took=${fixed(durationMs, 0)}ms`;
  return `Slow request: ${requestLine(op, path)} took ${Math.round(durationMs)} ms`;
}
