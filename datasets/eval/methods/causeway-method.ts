/**
 * Causeway's own pipeline as an evaluation method: the incidents and ranked
 * causes the correlator and root-cause ranking conclude for the case. Until
 * those stages exist it concludes nothing (no alerts, no incidents), and the
 * report says so: nothing detected.
 */
import { ok } from '../../../core/result.ts';
import type { EvalMethod } from './method.ts';

export const causewayMethod: EvalMethod = {
  name: 'causeway',
  async analyze() {
    return ok({ alerts: [], incidents: [] });
  },
};
