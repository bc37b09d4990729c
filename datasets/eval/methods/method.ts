/**
 * A root-cause method under evaluation. Each case's telemetry is in `store`
 * (a fresh database holding only that case); a method sees the case's
 * window but never its faults.
 */
import type { Result } from '../../../core/result.ts';
import type { SignalQueryStore } from '../../../correlator/index.ts';
import type { MethodOutput } from '../method-output.ts';

export interface MethodContext {
  readonly caseId: string;
  readonly store: SignalQueryStore;
  readonly windowStartMillis: number;
  readonly windowEndMillis: number;
}

export interface EvalMethod {
  readonly name: string;
  analyze(context: MethodContext): Promise<Result<MethodOutput>>;
}
