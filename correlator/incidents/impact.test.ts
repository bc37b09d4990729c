import { describe, expect, it } from 'vitest';
import { assessImpact } from './impact.ts';
import { anomaly, graphOf } from './incident-test-helpers.ts';

const graph = graphOf([['web', 'db']], [['web', 'host:h1']]);
const options = { entryServices: ['web'], breadthForP1: 3 };

describe('assessImpact', () => {
  it('ranks by criticality, entry services and breadth', () => {
    expect(assessImpact([anomaly('db', 0)], options, graph)).toEqual({ severity: 'warning', priority: 'P4', services: 1 });
    expect(assessImpact([anomaly('db', 0), anomaly('other', 0)], options, graph).priority).toBe('P3');
    expect(assessImpact([anomaly('web', 0)], options, graph).priority).toBe('P2');
    expect(assessImpact([anomaly('db', 0, 'critical')], options, graph)).toEqual({ severity: 'critical', priority: 'P2', services: 1 });
    expect(assessImpact([anomaly('db', 0, 'critical'), anomaly('web', 0)], options, graph).priority).toBe('P1');
  });

  it('does not count infrastructure nodes as services', () => {
    expect(assessImpact([anomaly('db', 0), anomaly('host:h1', 0)], options, graph).services).toBe(1);
  });
});
