/**
 * A small stable hash of text (FNV-1a, 32 bits), for details that must look
 * varied but stay the same for the same name: line numbers in stack traces,
 * cluster IPs, pod name suffixes.
 */
export function textHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A number in [min, max] chosen by the hash of `text`. */
export function hashedInt(text: string, min: number, max: number): number {
  return min + (textHash(text) % (max - min + 1));
}

/** The ClusterIP a Kubernetes Service named `name` gets (10.96.0.0/12). */
export function clusterIp(name: string): string {
  const h = textHash(name);
  return `10.${96 + (h & 7)}.${(h >>> 8) & 255}.${1 + ((h >>> 16) % 254)}`;
}
