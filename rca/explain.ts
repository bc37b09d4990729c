/**
 * Words and evidence for rankings: values in the unit an engineer reads
 * (percent for utilisations, MiB for memory, ms for latency), durations in
 * seconds or minutes, and the short series shown as evidence.
 *
 * Explanations are one line and lead with the fact, e.g.
 * "cpu of payment rose from 12% to 95%, 40 s before its 3 callers slowed".
 */
import type { EvidenceSeries, SignalFrame, SignalSeries } from '../correlator/index.ts';
import type { Deviation } from './series-deviation.ts';
import { formatNumber } from './evidence/format.ts';

type Unit = 'percent' | 'ms' | 'cores' | 'bytes' | 'bytes-per-second' | 'per-second' | 'seconds' | 'none';

/** The unit of a series' values, as far as its name and indicator tell it. */
function unitOf(series: Pick<SignalSeries, 'name' | 'indicator'>): Unit {
  const name = series.name.toLowerCase();
  // Durations other than latency (a GC pause, `jvm.gc.duration`) come in seconds, as OpenTelemetry's conventions have them.
  const duration = /(^|\.)duration(\.mean)?$/.test(name);
  if (name.includes('utilization') || name === 'error_rate') return 'percent';
  // Latency from spans is read in ms, and from metrics converted to ms (correlator/signals).
  if (name.endsWith('_ms') || series.indicator === 'latency') return 'ms';
  // CPU usage and CPU time per second count cores.
  if (series.indicator === 'cpu' && /cpu\.(usage|time)/.test(name)) return 'cores';
  if (name.endsWith('_rate') || name.endsWith('.rate')) {
    const bytes = (series.indicator === 'net' && /network\.io|bytes/.test(name)) || (series.indicator === 'disk' && /bytes|\.io/.test(name));
    return bytes ? 'bytes-per-second' : 'per-second';
  }
  if (series.indicator === 'mem' && !duration) return 'bytes';
  if (series.indicator === 'disk' && /usage|bytes|\.io/.test(name)) return 'bytes';
  if (duration) return 'seconds';
  return 'none';
}

/** Whether the series' values are bytes (memory used, a disk's usage), as far as its name and indicator tell it. */
export const holdsBytes = (series: Pick<SignalSeries, 'name' | 'indicator'>): boolean => unitOf(series) === 'bytes';

/** "300 MiB", "2.5 GiB"; below a MiB the number of bytes, followed by `smallUnit`. */
function bytesText(value: number, smallUnit: string): string {
  if (Math.abs(value) >= 1024 ** 3) return `${formatNumber(value / 1024 ** 3)} GiB`;
  if (Math.abs(value) >= 1024 ** 2) return `${formatNumber(value / 1024 ** 2)} MiB`;
  return `${formatNumber(value)}${smallUnit}`;
}

/** A value of `series` with its unit, as far as the series name tells it. */
export function formatValue(series: Pick<SignalSeries, 'name' | 'indicator'>, value: number): string {
  if (!Number.isFinite(value)) return 'no data';
  switch (unitOf(series)) {
    case 'percent':
      return `${formatNumber(value * 100)}%`;
    case 'ms':
      return `${formatNumber(value)} ms`;
    case 'cores':
      return `${formatNumber(value)} ${value === 1 ? 'core' : 'cores'}`;
    case 'bytes':
      return bytesText(value, '');
    case 'bytes-per-second':
      return bytesText(value, ' B') + '/s';
    case 'per-second':
      return `${formatNumber(value)}/s`;
    case 'seconds':
      return `${formatNumber(value * 1000)} ms`;
    case 'none':
      return formatNumber(value);
  }
}

/**
 * Whether a sentence about `series` must name it: when its values carry no
 * unit, or one that is not its indicator's own (a GC pause under mem,
 * network errors or dropped packets per second under net, whose own unit is
 * bytes): "mem of X rose from 0.0064 to 0.057" and "net of X rose from 0/s
 * to 3/s" say nothing an engineer can check.
 */
function needsSeriesName(series: Pick<SignalSeries, 'name' | 'indicator'>): boolean {
  const unit = unitOf(series);
  return unit === 'none' || unit === 'seconds' || (unit === 'per-second' && series.indicator === 'net');
}

/** "40 s", "3 min", "1.5 h". */
export function formatDuration(seconds: number): string {
  const s = Math.abs(seconds);
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 7200) return `${formatNumber(s / 60)} min`;
  return `${formatNumber(s / 3600)} h`;
}

/**
 * What a sentence calls a series: its indicator, except where the
 * indicator's name would not say what was measured (error records logged
 * per second, the share of spans in error).
 */
const SUBJECTS: ReadonlyMap<string, string> = new Map([
  ['log_error_rate', 'error logs'],
  ['error_rate', 'error rate'],
]);

function subjectOf(series: Pick<SignalSeries, 'name' | 'indicator'>): string {
  return SUBJECTS.get(series.name) ?? series.indicator;
}

/**
 * "cpu of carts rose from 1.2% to 100%", "traffic of shipping fell from 20/s to 3/s", "error logs of front-end rose from 0/s to 1.7/s",
 * "mem of orders (jvm.gc.duration.mean) rose from 6.4 ms to 57 ms (8.91x)", "orders stopped reporting request_rate".
 */
export function describeDeviation(entity: string, d: Deviation): string {
  if (d.silent) return `${entity} stopped reporting ${d.series.name}`;
  const verb = d.peakValue >= d.baseline ? 'rose' : 'fell';
  const subject = subjectOf(d.series);
  const what = needsSeriesName(d.series) ? `${subject} of ${entity} (${d.series.name})` : `${subject} of ${entity}`;
  const change = `${what} ${verb} from ${formatValue(d.series, d.baseline)} to ${formatValue(d.series, d.peakValue)}`;
  const ratio = d.baseline !== 0 ? d.peakValue / d.baseline : Number.POSITIVE_INFINITY;
  return ratio >= 3 && Number.isFinite(ratio) && !/%$/.test(formatValue(d.series, 1)) ? `${change} (${formatNumber(ratio)}x)` : change;
}

/**
 * The propagation scorer's sentences are "<entity> changed <clause>", and
 * fusion appends the clause to another scorer's sentence ("cpu of payment
 * rose from 12% to 95%, 40 s before its 3 callers slowed").
 */
const LEAD_VERB = 'changed';

export function leadSentence(entity: string, clause: string): string {
  return `${entity} ${LEAD_VERB} ${clause}`;
}

/** The clause of a `leadSentence` about `entity`; undefined for any other sentence. */
export function leadClause(entity: string, sentence: string): string | undefined {
  const prefix = `${entity} ${LEAD_VERB} `;
  return sentence.startsWith(prefix) ? sentence.slice(prefix.length) : undefined;
}

/** "its caller", "its 3 callers", "2 correlated services". */
export function countNoun(n: number, singular: string, plural: string): string {
  return n === 1 ? singular : `${n} ${plural}`;
}

/** The buckets `[fromBucket, toBucket)` of a frame series as evidence (null = no data). */
export function evidenceSeries(frame: SignalFrame, series: SignalSeries, fromBucket: number, toBucket: number): EvidenceSeries {
  const from = Math.max(0, fromBucket);
  const to = Math.min(frame.buckets, Math.max(from, toBucket));
  const values: (number | null)[] = [];
  for (let i = from; i < to; i++) {
    const v = series.values[i]!;
    values.push(Number.isFinite(v) ? v : null);
  }
  return { entity: series.entity, signal: series.name, fromMillis: frame.fromMillis + from * frame.stepSeconds * 1000, stepSeconds: frame.stepSeconds, values };
}
