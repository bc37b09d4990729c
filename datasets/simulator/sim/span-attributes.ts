/**
 * Span attributes by the semantic conventions (HTTP, RPC, database and
 * messaging spans), and the pre-1.20 names old tracers still send
 * (`http.method`, `http.status_code`, `net.peer.name`).
 */
import { int, str, type KeyValue } from '../emit/otlp.ts';
import type { BackingSpec, OperationSpec, ServiceSpec } from '../topology/types.ts';

export function httpServerAttributes(svc: ServiceSpec, op: OperationSpec, path: string, status: number, legacy: boolean, errorType: string): KeyValue[] {
  if (legacy) return [str('http.method', op.method), str('http.target', path), str('http.route', op.route), int('http.status_code', status), str('net.host.name', svc.name)];
  const out = [
    str('http.request.method', op.method),
    str('http.route', op.route),
    str('url.path', path),
    str('url.scheme', 'http'),
    int('http.response.status_code', status),
    str('server.address', svc.name),
    int('server.port', svc.port),
  ];
  if (errorType !== '') out.push(str('error.type', errorType));
  return out;
}

export function httpClientAttributes(callee: ServiceSpec, op: OperationSpec, path: string, status: number, peerIp: string, legacy: boolean, errorType: string): KeyValue[] {
  const url = `http://${callee.name}:${callee.port}${path}`;
  if (legacy) {
    const out = [str('http.method', op.method), str('http.url', url), str('net.peer.name', callee.name), int('net.peer.port', callee.port)];
    if (status > 0) out.push(int('http.status_code', status));
    return out;
  }
  const out = [str('http.request.method', op.method), str('url.full', url), str('server.address', callee.name), int('server.port', callee.port)];
  if (status > 0) out.push(int('http.response.status_code', status));
  if (peerIp !== '') out.push(str('network.peer.address', peerIp));
  if (errorType !== '') out.push(str('error.type', errorType));
  return out;
}

export function rpcAttributes(callee: ServiceSpec, op: OperationSpec, code: number | null, client: boolean, legacy: boolean): KeyValue[] {
  const slash = op.route.lastIndexOf('/');
  const out = [str('rpc.system', 'grpc'), str('rpc.service', op.route.slice(0, slash)), str('rpc.method', op.route.slice(slash + 1))];
  if (code !== null) out.push(int('rpc.grpc.status_code', code));
  if (client) out.push(str(legacy ? 'net.peer.name' : 'server.address', callee.name), int(legacy ? 'net.peer.port' : 'server.port', callee.port));
  return out;
}

/** `find carts`, `SELECT socksdb.sock`, `HGETALL`: the span name the database instrumentations use. */
export function dbSpanName(db: BackingSpec, operation: string, target: string): string {
  if (db.system === 'redis') return operation;
  if (db.system === 'mysql') return `${operation} ${db.dbNamespace}.${target}`;
  return `${operation} ${target}`;
}

export function dbAttributes(db: BackingSpec, operation: string, target: string, legacy: boolean): KeyValue[] {
  if (legacy) return [str('db.system', db.system), str('db.name', db.dbNamespace), str('db.operation', operation), str('net.peer.name', db.name), int('net.peer.port', db.port)];
  const out = [str('db.system', db.system), str('db.namespace', db.dbNamespace), str('db.operation.name', operation), str('server.address', db.name), int('server.port', db.port)];
  if (db.system !== 'redis') out.push(str('db.collection.name', target));
  if (db.system === 'mysql') out.push(str('db.query.text', operation === 'SELECT' ? `SELECT * FROM ${target} WHERE id = ?` : `${operation} INTO ${target} VALUES (?, ?, ?)`));
  return out;
}

export function messagingAttributes(destination: string, broker: BackingSpec, process: boolean): KeyValue[] {
  const out = [
    str('messaging.system', 'rabbitmq'),
    str('messaging.destination.name', destination),
    str('messaging.operation.type', process ? 'process' : 'send'),
    str('messaging.operation.name', process ? 'consume' : 'publish'),
    str('messaging.rabbitmq.destination.routing_key', destination),
  ];
  if (!process) out.push(str('server.address', broker.name), int('server.port', broker.port));
  return out;
}
