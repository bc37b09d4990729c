/**
 * Smallest spread worth reacting to per indicator, in the units the signal
 * reader produces (latency in milliseconds, error rate and utilisations as
 * ratios 0..1, request rate per second). Below these a change is noise to an
 * operator even when the series itself is perfectly flat.
 */
import type { Indicator } from '../signals/signal-frame.ts';

export const DEFAULT_ABSOLUTE_FLOORS: Readonly<Record<Indicator, number>> = Object.freeze({
  cpu: 0.005,
  mem: 0.005,
  disk: 0.002,
  net: 1,
  latency: 1,
  errors: 0.001,
  traffic: 0.05,
  log: 0.1,
  code: 0.1,
});

export function absoluteFloor(indicator: Indicator, overrides: Partial<Record<Indicator, number>> | undefined): number {
  return overrides?.[indicator] ?? DEFAULT_ABSOLUTE_FLOORS[indicator];
}
