/**
 * Optional ingest authentication shared by both receivers: a bearer token
 * (`Authorization: Bearer <token>`) and/or a configured header and value.
 * With neither configured every request is accepted.
 */
import { timingSafeEqual } from 'node:crypto';
import { type CausewayError, causewayError } from '../core/errors.ts';

export interface IngestAuthConfig {
  readonly bearerToken: string;
  readonly headerName: string;
  readonly headerValue: string;
}

/** Returns the error to answer with, or undefined when the request may pass. */
export function checkIngestAuth(auth: IngestAuthConfig, header: (lowerCaseName: string) => string | undefined): CausewayError | undefined {
  if (auth.bearerToken) {
    const got = header('authorization') ?? '';
    if (!constantTimeEquals(got, `Bearer ${auth.bearerToken}`)) {
      return causewayError('CW_ERR_INGEST_UNAUTHENTICATED', got ? 'the bearer token is not valid' : 'missing "Authorization: Bearer <token>" header');
    }
  }
  if (auth.headerName) {
    const name = auth.headerName.toLowerCase();
    const got = header(name);
    if (got === undefined || !constantTimeEquals(got, auth.headerValue)) {
      return causewayError('CW_ERR_INGEST_UNAUTHENTICATED', got === undefined ? `missing header ${auth.headerName}` : `header ${auth.headerName} has a wrong value`);
    }
  }
  return undefined;
}

function constantTimeEquals(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
