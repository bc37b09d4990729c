/**
 * Which indicator a metric measures, from its OpenTelemetry name. Covers the
 * names of the hostmetrics, kubeletstats and k8s receivers, process and
 * runtime metrics, and HTTP/RPC request metrics; unknown names return
 * undefined and are left out of the signals.
 */
import type { Indicator } from './signal-frame.ts';

const RULES: ReadonlyArray<readonly [RegExp, Indicator]> = [
  // A container restarting is a process failing (detect/restarts.ts), whatever made it fail.
  [/restarts$/i, 'errors'],
  [/(^|\.)(cpu|cpu_|processor)|\.cpu\.|cpu\.(utilization|usage|time)/i, 'cpu'],
  [/memory|\.mem\.|heap|\.gc\.|gc\.duration|working_set|\.rss/i, 'mem'],
  [/filesystem|disk|\.fs\.|volume|inode/i, 'disk'],
  [/network|\.net\.|socket|tcp|packet|dropped/i, 'net'],
  [/error|failure|exception|5xx/i, 'errors'],
  [/duration|latency|response_time|\.time$/i, 'latency'],
  [/request|\.rate$|throughput|\.count$|\.calls|qps/i, 'traffic'],
];

export function indicatorOfMetric(metricName: string): Indicator | undefined {
  for (const [pattern, indicator] of RULES) if (pattern.test(metricName)) return indicator;
  return undefined;
}
