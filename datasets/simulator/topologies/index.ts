/**
 * The built-in systems, by name. Each is validated the first time it is
 * looked up; an invalid topology is a bug and throws.
 */
import { topologyProblems } from '../topology/validate.ts';
import type { SystemTopology } from '../topology/types.ts';
import { onlineBoutique } from './online-boutique.ts';
import { sockShop } from './sock-shop.ts';
import { trainTicket } from './train-ticket.ts';

const SYSTEMS: readonly SystemTopology[] = [onlineBoutique, sockShop, trainTicket];
const checked = new Set<string>();

export const SYSTEM_NAMES: readonly string[] = SYSTEMS.map((s) => s.name);

/** The topology called `name`, or undefined. */
export function getSystem(name: string): SystemTopology | undefined {
  const system = SYSTEMS.find((s) => s.name === name);
  if (system && !checked.has(name)) {
    const problems = topologyProblems(system);
    if (problems.length > 0) throw new Error(`topology ${name} is invalid: ${problems.join('; ')}`);
    checked.add(name);
  }
  return system;
}
