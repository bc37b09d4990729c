import { describe, expect, it } from 'vitest';
import { checkIngestAuth } from './ingest-auth.ts';

const headers = (h: Record<string, string>) => (name: string) => h[name];

describe('ingest auth', () => {
  it('accepts everything when nothing is configured', () => {
    expect(checkIngestAuth({ bearerToken: '', headerName: '', headerValue: '' }, headers({}))).toBeUndefined();
  });

  it('checks the bearer token', () => {
    const auth = { bearerToken: 's3cret', headerName: '', headerValue: '' };
    expect(checkIngestAuth(auth, headers({ authorization: 'Bearer s3cret' }))).toBeUndefined();
    expect(checkIngestAuth(auth, headers({ authorization: 'Bearer nope' }))?.code).toBe('CW_ERR_INGEST_UNAUTHENTICATED');
    expect(checkIngestAuth(auth, headers({}))?.message).toMatch(/missing/);
  });

  it('checks a configured header by its lower-case name', () => {
    const auth = { bearerToken: '', headerName: 'X-Api-Key', headerValue: 'k1' };
    expect(checkIngestAuth(auth, headers({ 'x-api-key': 'k1' }))).toBeUndefined();
    expect(checkIngestAuth(auth, headers({ 'x-api-key': 'k2' }))?.message).toMatch(/wrong value/);
  });
});
