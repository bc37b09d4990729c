/**
 * Every API error has the same body: `{ code, message }` with a stable code
 * from the registry and the registry's HTTP status.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { CausewayError } from '../core/errors.ts';

export const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });

export function sendApiError(reply: FastifyReply, error: CausewayError): FastifyReply {
  return reply.code(error.httpStatus).send({ code: error.code, message: error.message });
}
