/**
 * Parses a `--faults` list: fault types, `all` (every fault type),
 * `control` (no fault) and `two-fault` (two independent faults), comma
 * separated, in the order given (duplicates kept: they weigh the mix).
 */
import { FAULT_TYPES, type FaultType } from '../faults/types.ts';
import type { CaseKind } from './case-plan.ts';

export function parseCaseKinds(list: string): { kinds: CaseKind[] } | { error: string } {
  const kinds: CaseKind[] = [];
  const known = new Set<string>([...FAULT_TYPES, 'control', 'two-fault']);
  for (const raw of list.split(',')) {
    const token = raw.trim();
    if (token === '') continue;
    if (token === 'all') kinds.push(...FAULT_TYPES);
    else if (known.has(token)) kinds.push(token as FaultType | 'control' | 'two-fault');
    else return { error: `unknown fault type "${token}" (expected ${[...FAULT_TYPES, 'all', 'control', 'two-fault'].join(', ')})` };
  }
  if (kinds.length === 0) return { error: 'no fault types given' };
  return { kinds };
}
