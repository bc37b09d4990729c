import { describe, expect, it } from 'vitest';
import { FAULT_TYPES } from './faults/types.ts';
import { SUITE_PROFILES, suiteFaultTypes } from './suite.ts';
import { SYSTEM_NAMES } from './topologies/index.ts';

describe('the committed suite', () => {
  it('covers every system with fault cases, one control and one two-fault case, and every fault type overall', () => {
    expect(SUITE_PROFILES.map((p) => p.system)).toEqual([...SYSTEM_NAMES]);
    for (const p of SUITE_PROFILES) {
      expect(p.kinds.filter((k) => k === 'control')).toHaveLength(1);
      expect(p.kinds.filter((k) => k === 'two-fault')).toHaveLength(1);
      expect(p.kinds.length).toBeGreaterThanOrEqual(5);
    }
    expect(suiteFaultTypes()).toEqual([...FAULT_TYPES]);
  });
});
