/**
 * Liveness (`/healthz`: the process answers) and readiness (`/readyz`:
 * storage reachable and every migration applied).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { causewayError } from '../../core/errors.ts';
import type { Readiness } from '../api-store.ts';
import { ErrorBody, sendApiError } from '../error-reply.ts';

const Ok = Type.Object({ status: Type.String() });

export function registerHealthRoutes(app: FastifyInstance, readiness: Readiness): void {
  app.get('/healthz', { schema: { response: { 200: Ok } } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { response: { 200: Ok, 503: ErrorBody } } }, async (_req, reply) => {
    const problem = await readiness.check();
    if (problem) return sendApiError(reply, causewayError('CW_ERR_API_NOT_READY', problem));
    return { status: 'ready' };
  });
}
