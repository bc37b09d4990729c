/**
 * Latency signals are in milliseconds, whatever unit a metric is exported
 * in: OpenTelemetry's semantic conventions measure durations in seconds
 * (`http.server.request.duration`, unit `s`), older instrumentation in
 * milliseconds (`rpc.server.duration`, unit `ms`). Detector floors and
 * explanations assume milliseconds. Units are UCUM codes; an empty or
 * unknown unit is taken as milliseconds.
 */
const MILLIS_PER_UNIT: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  ms: 1,
  s: 1000,
  min: 60_000,
};

export function millisPerLatencyUnit(unit: string): number {
  return MILLIS_PER_UNIT[unit] ?? 1;
}
