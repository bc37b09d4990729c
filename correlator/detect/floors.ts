/**
 * Smallest spread worth reacting to per indicator, in the units the signal
 * reader produces (latency in milliseconds, error rate and utilisations as
 * ratios 0..1, request rate per second). Below these a change is noise to an
 * operator even when the series itself is perfectly flat.
 */
import type { Indicator } from '../signals/signal-frame.ts';
import type { SeriesInput } from './anomaly.ts';

export const DEFAULT_ABSOLUTE_FLOORS: Readonly<Record<Indicator, number>> = Object.freeze({
  cpu: 0.005,
  mem: 0.005,
  disk: 0.002,
  net: 1,
  latency: 1,
  errors: 0.001,
  traffic: 0.05,
  // Error log records per second: 0.03 is about two a minute. A service that starts logging ten errors a minute has a problem; 0.1 hid that (measured on generated training cases: 5 more faults detected, false incidents unchanged).
  log: 0.03,
  code: 0.1,
});

const NETWORK_TROUBLE = /error|drop|retrans|loss/i;

/**
 * Whether a network series counts trouble (errors, drops, retransmits,
 * losses) rather than throughput.
 */
export function isNetworkTrouble(series: Pick<SeriesInput, 'indicator' | 'name'>): boolean {
  return series.indicator === 'net' && NETWORK_TROUBLE.test(series.name);
}

const INTERFACE_TROUBLE = /error|drop/i;

/**
 * Whether a network series counts trouble at the entity's own interface
 * (errors, dropped packets), not what its connections saw of the path to a
 * peer (retransmits, losses), which a peer's trouble raises too.
 */
export function isInterfaceTrouble(series: Pick<SeriesInput, 'indicator' | 'name'>): boolean {
  return isNetworkTrouble(series) && INTERFACE_TROUBLE.test(series.name);
}

/**
 * The floor of a series. Network trouble counters are events per second,
 * like requests, not bytes per second: they take the traffic floor, or the
 * `net` floor (1 B/s) would hide a pod going from no errors to a few per
 * second, which is how packet loss shows.
 */
export function absoluteFloor(series: Pick<SeriesInput, 'indicator' | 'name'>, overrides: Partial<Record<Indicator, number>> | undefined): number {
  const indicator = isNetworkTrouble(series) ? 'traffic' : series.indicator;
  return overrides?.[indicator] ?? DEFAULT_ABSOLUTE_FLOORS[indicator];
}
