/**
 * The HTTP API (fastify). Routes declare JSON schemas for their parameters
 * and responses; errors are `{ code, message }` with registry codes.
 */
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { causewayError } from '../core/errors.ts';
import type { Lifecycle } from '../core/lifecycle.ts';
import type { Logger } from '../core/logger.ts';
import type { ApiStore, Readiness } from './api-store.ts';
import { sendApiError } from './error-reply.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { registerIncidentRoutes } from './routes/incidents.ts';
import { registerServiceRoutes } from './routes/services.ts';
import { registerTopologyRoutes } from './routes/topology.ts';
import { registerTraceRoutes } from './routes/traces.ts';

export interface ApiServerOptions {
  readonly host: string;
  readonly port: number;
  readonly store: ApiStore;
  readonly readiness: Readiness;
  readonly logger: Logger;
}

export interface ApiServer extends Lifecycle {
  readonly port: number;
  /** For in-process requests (tests, tools) without a socket. */
  readonly app: FastifyInstance;
}

export function createApiServer(options: ApiServerOptions): ApiServer {
  const app = Fastify({ logger: false }) as unknown as FastifyInstance;
  let port = options.port;

  app.setErrorHandler((err: Error & { statusCode?: number; validation?: unknown }, req, reply) => {
    if (err.validation || (err.statusCode && err.statusCode < 500)) {
      return sendApiError(reply, causewayError('CW_ERR_API_BAD_REQUEST', `${req.method} ${req.url}: ${err.message}`));
    }
    options.logger.error({ err, url: req.url }, 'unexpected error in the API');
    return sendApiError(reply, causewayError('CW_ERR_STORAGE_QUERY', 'internal error'));
  });
  app.setNotFoundHandler((req, reply) => sendApiError(reply, causewayError('CW_ERR_API_NOT_FOUND', `no route ${req.method} ${req.url}`)));

  registerHealthRoutes(app, options.readiness);
  registerTraceRoutes(app, options.store);
  registerServiceRoutes(app, options.store);
  registerTopologyRoutes(app, options.store);
  registerIncidentRoutes(app, options.store);

  return {
    app,
    get port() {
      return port;
    },
    async start() {
      await app.listen({ host: options.host, port: options.port });
      port = (app.server.address() as AddressInfo).port;
      options.logger.info({ port }, 'API listening');
    },
    async shutdown() {
      await app.close();
    },
  };
}
