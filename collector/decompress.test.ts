import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decompressBody } from './decompress.ts';

describe('decompressBody', () => {
  it('inflates gzip and passes identity through', async () => {
    const data = Buffer.from('hello otlp');
    const g = await decompressBody(gzipSync(data), 'gzip', 1024);
    expect(g.ok && Buffer.from(g.value).toString()).toBe('hello otlp');
    const i = await decompressBody(data, '', 1024);
    expect(i.ok && Buffer.from(i.value).toString()).toBe('hello otlp');
  });

  it('refuses a gzip bomb once the output passes the bound', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100 * 1024);
    const r = await decompressBody(bomb, 'gzip', 1024 * 1024);
    expect(r.ok ? 'ok' : r.error.code).toBe('CW_ERR_INGEST_TOO_LARGE');
  });

  it('names corrupt gzip and unknown encodings', async () => {
    const bad = await decompressBody(Buffer.from('not gzip'), 'gzip', 1024);
    expect(bad.ok ? 'ok' : bad.error.code).toBe('CW_ERR_INGEST_BAD_REQUEST');
    const br = await decompressBody(Buffer.from('x'), 'br', 1024);
    expect(br.ok ? 'ok' : br.error.message).toMatch(/unsupported Content-Encoding "br"/);
  });
});
