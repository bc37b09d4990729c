/** Payloads shared with the load-generator process: a uint32 length before each. */
import { readFileSync, writeFileSync } from 'node:fs';

export function writePayloadFile(path: string, payloads: readonly Uint8Array[]): void {
  const parts: Buffer[] = [];
  for (const p of payloads) {
    const len = Buffer.alloc(4);
    len.writeUInt32LE(p.length);
    parts.push(len, Buffer.from(p));
  }
  writeFileSync(path, Buffer.concat(parts));
}

export function readPayloadFile(path: string): Buffer[] {
  const all = readFileSync(path);
  const out: Buffer[] = [];
  for (let pos = 0; pos < all.length; ) {
    const len = all.readUInt32LE(pos);
    out.push(all.subarray(pos + 4, pos + 4 + len));
    pos += 4 + len;
  }
  return out;
}
