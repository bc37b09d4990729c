/**
 * What the API needs from storage: parameterised reads and a readiness
 * probe. The storage layer's Store satisfies it.
 */
import type { Result } from '../core/result.ts';

export interface ApiStore {
  queryRows<T>(sql: string, params?: Record<string, unknown>): Promise<Result<T[]>>;
}

export interface Readiness {
  /** undefined when ready; otherwise why not, in a sentence. */
  check(): Promise<string | undefined>;
}
