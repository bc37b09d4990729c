/**
 * OTLP/HTTP receiver: `POST /v1/traces`, `/v1/metrics`, `/v1/logs` with
 * `application/x-protobuf` or `application/json` bodies, optionally gzip,
 * on one port (https://opentelemetry.io/docs/specs/otlp/#otlphttp).
 *
 * Answers only after the request's rows are stored. Refuses early, before
 * reading the body, when the declared length is too large (413) or would not
 * fit the in-flight bound (503 + Retry-After).
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { type CausewayError, causewayError } from '../core/errors.ts';
import type { Lifecycle } from '../core/lifecycle.ts';
import type { Logger } from '../core/logger.ts';
import type { Signal } from './decode/decoded-request.ts';
import { decompressBody } from './decompress.ts';
import { type IngestAuthConfig, checkIngestAuth } from './ingest-auth.ts';
import type { Encoding, IngestService } from './ingest-service.ts';
import { exportResponseJson, exportResponseProto, statusJson, statusProto } from './otlp-response.ts';
import { grpcCodeFor, httpStatusFor } from './status-mapping.ts';

export interface HttpReceiverOptions {
  readonly host: string;
  readonly port: number;
  readonly maxRequestBytes: number;
  readonly maxDecompressedBytes: number;
  readonly auth: IngestAuthConfig;
  readonly tls: { readonly certFile: string; readonly keyFile: string };
  readonly service: IngestService;
  readonly logger: Logger;
}

export interface HttpReceiver extends Lifecycle {
  /** The bound port (useful when configured as 0). */
  readonly port: number;
}

const PATHS: Record<string, Signal> = { '/v1/traces': 'traces', '/v1/metrics': 'metrics', '/v1/logs': 'logs' };

function encodingOf(contentType: string | undefined): Encoding | undefined {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
  if (type === 'application/json') return 'json';
  return undefined;
}

function sendError(reply: FastifyReply, encoding: Encoding | undefined, error: CausewayError, retryAfterSeconds?: number): FastifyReply {
  const code = grpcCodeFor(error);
  const message = `${error.code}: ${error.message}`;
  reply.code(httpStatusFor(error));
  if (retryAfterSeconds !== undefined) reply.header('retry-after', String(retryAfterSeconds));
  if (encoding === 'protobuf') return reply.type('application/x-protobuf').send(Buffer.from(statusProto(code, message, retryAfterSeconds)));
  return reply.type('application/json').send(statusJson(code, message, retryAfterSeconds));
}

export function createHttpReceiver(options: HttpReceiverOptions): HttpReceiver {
  const { service, logger } = options;
  const tls = options.tls.certFile && options.tls.keyFile;
  const app: FastifyInstance = Fastify({
    bodyLimit: options.maxRequestBytes,
    logger: false,
    ...(tls ? { https: { cert: readFileSync(options.tls.certFile), key: readFileSync(options.tls.keyFile) } } : {}),
  }) as unknown as FastifyInstance;
  let port = options.port;
  let closing = false;

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.addHook('onRequest', async (req, reply) => {
    const encoding = encodingOf(req.headers['content-type']);
    if (closing) return sendError(reply, encoding, causewayError('CW_ERR_INGEST_SHUTTING_DOWN', 'the receiver is shutting down'), 1);
    const authError = checkIngestAuth(options.auth, (name) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    });
    if (authError) return sendError(reply, encoding, authError);
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > options.maxRequestBytes) {
      return sendError(reply, encoding, causewayError('CW_ERR_INGEST_TOO_LARGE', `Content-Length ${declared} is more than the ${options.maxRequestBytes} bytes allowed`));
    }
    if (declared > 0 && !service.wouldAdmit(declared)) {
      return sendError(reply, encoding, causewayError('CW_ERR_INGEST_OVERLOADED', 'too much data in flight'), service.retryAfterSeconds);
    }
    return undefined;
  });

  // While closing, answers end their connection: a kept-alive connection
  // would otherwise hold the server open until its keep-alive timeout.
  app.addHook('onSend', async (_req, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });

  app.setErrorHandler((err: Error & { code?: string; statusCode?: number }, req, reply) => {
    const encoding = encodingOf(req.headers['content-type']);
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendError(reply, encoding, causewayError('CW_ERR_INGEST_TOO_LARGE', `the body is more than the ${options.maxRequestBytes} bytes allowed`));
    }
    if (err.statusCode && err.statusCode < 500) return sendError(reply, encoding, causewayError('CW_ERR_INGEST_BAD_REQUEST', err.message));
    logger.error({ err }, 'unexpected error in the OTLP/HTTP receiver');
    return sendError(reply, encoding, causewayError('CW_ERR_STORAGE_UNAVAILABLE', 'internal error; retry later'), service.retryAfterSeconds);
  });

  const handle = async (signal: Signal, req: FastifyRequest, reply: FastifyReply) => {
    const encoding = encodingOf(req.headers['content-type']);
    if (!encoding) {
      return sendError(reply, 'json', causewayError('CW_ERR_INGEST_CONTENT_TYPE', `Content-Type "${req.headers['content-type'] ?? ''}" is not application/x-protobuf or application/json`));
    }
    const raw = (req.body as Buffer | undefined) ?? Buffer.alloc(0);
    const body = await decompressBody(raw, String(req.headers['content-encoding'] ?? ''), options.maxDecompressedBytes);
    if (!body.ok) return sendError(reply, encoding, body.error);
    const outcome = await service.ingest({ signal, encoding, transport: 'http', body: body.value });
    if (!outcome.ok) return sendError(reply, encoding, outcome.error, outcome.retryAfterSeconds);
    if (encoding === 'protobuf') {
      return reply.type('application/x-protobuf').send(Buffer.from(exportResponseProto(outcome.rejectedItems, outcome.rejectionMessage)));
    }
    return reply.type('application/json').send(exportResponseJson(signal, outcome.rejectedItems, outcome.rejectionMessage));
  };

  for (const [path, signal] of Object.entries(PATHS)) app.post(path, (req, reply) => handle(signal, req, reply));

  return {
    get port() {
      return port;
    },
    async start() {
      await app.listen({ host: options.host, port: options.port });
      port = (app.server.address() as AddressInfo).port;
      logger.info({ port, tls: Boolean(tls) }, 'OTLP/HTTP receiver listening');
    },
    async shutdown() {
      closing = true;
      // Stops listening, refuses new requests on open connections with 503,
      // and resolves once the requests in progress are answered.
      await app.close();
    },
  };
}
