/**
 * Expected failures are values, bugs throw. A Result is either `ok` with a
 * value or a CausewayError that says whether a retry can succeed.
 */
import type { CausewayError } from './errors.ts';

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: CausewayError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(error: CausewayError): Result<T> {
  return { ok: false, error };
}
