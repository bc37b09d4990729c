/**
 * Request body decompression with a bound on the output, so a small gzip
 * body that inflates to gigabytes (a "gzip bomb") is refused with 413 /
 * RESOURCE_EXHAUSTED instead of exhausting memory. zlib stops as soon as the
 * bound is crossed.
 */
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { causewayError } from '../core/errors.ts';
import { type Result, fail, ok } from '../core/result.ts';

const gunzipAsync = promisify(gunzip);

/** `encoding` is the Content-Encoding / grpc-encoding value ('' or 'identity' for none). */
export async function decompressBody(body: Uint8Array, encoding: string, maxBytes: number): Promise<Result<Uint8Array>> {
  const enc = encoding.trim().toLowerCase();
  if (enc === '' || enc === 'identity') {
    if (body.length > maxBytes) return fail(causewayError('CW_ERR_INGEST_TOO_LARGE', `the body is ${body.length} bytes, more than the ${maxBytes} allowed`));
    return ok(body);
  }
  if (enc !== 'gzip') return fail(causewayError('CW_ERR_INGEST_CONTENT_TYPE', `unsupported Content-Encoding "${encoding}" (use gzip or none)`));
  try {
    return ok(await gunzipAsync(body, { maxOutputLength: maxBytes }));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      return fail(causewayError('CW_ERR_INGEST_TOO_LARGE', `the gzip body inflates to more than the ${maxBytes} bytes allowed`));
    }
    return fail(causewayError('CW_ERR_INGEST_BAD_REQUEST', `the gzip body cannot be decompressed: ${e.message}`));
  }
}
