/**
 * Concrete request paths for route templates: `{orderId}` becomes an id,
 * `{name}` a word, numbers stay numbers, as a load generator would fill them.
 */
import type { Rng } from '../prng.ts';

const WORDS = ['shanghai', 'beijing', 'nanjing', 'taiyuan', 'suzhou', 'G1234', 'D1345', 'Z1235', 'OLJCESPC7Z', '66VCHSJNUP', '1YMWWN1N4O', 'L9ECAV7KIM'];

export function fillRoute(route: string, rng: Rng): string {
  if (!route.includes('{')) return route;
  return route.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const n = name.toLowerCase();
    if (n.endsWith('id')) return n === 'id' && rng.chance(0.5) ? String(1 + rng.int(9999)) : `${rng.hex(4)}-${rng.hex(2)}-${rng.hex(2)}`;
    if (n.includes('date')) return `2026-01-${String(5 + rng.int(20)).padStart(2, '0')}`;
    if (n.includes('weight') || n.includes('money') || n.includes('index') || n.includes('status')) return String(1 + rng.int(20));
    if (n.startsWith('is')) return rng.chance(0.5) ? 'true' : 'false';
    return rng.pick(WORDS);
  });
}
