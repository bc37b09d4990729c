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

function significant(x: number): string {
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 100) return x.toFixed(0);
  if (abs >= 10) return x.toFixed(1).replace(/\.0$/, '');
  if (abs >= 1) return x.toFixed(2).replace(/\.?0+$/, '');
  return x.toPrecision(2).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

/** A value of `series` with its unit, as far as the series name tells it. */
export function formatValue(series: Pick<SignalSeries, 'name' | 'indicator'>, value: number): string {
  if (!Number.isFinite(value)) return 'no data';
  const name = series.name.toLowerCase();
  if (name.includes('utilization') || name === 'error_rate') return `${significant(value * 100)}%`;
  // Latency from spans is read in ms, and from metrics converted to ms (correlator/signals).
  if (name.endsWith('_ms') || series.indicator === 'latency') return `${significant(value)} ms`;
  // CPU usage and CPU time per second count cores.
  if (series.indicator === 'cpu' && /cpu\.(usage|time)/.test(name)) return `${significant(value)} ${value === 1 ? 'core' : 'cores'}`;
  if (series.indicator === 'mem' || (series.indicator === 'disk' && /usage|bytes|\.io/.test(name))) {
    if (Math.abs(value) >= 1024 ** 3) return `${significant(value / 1024 ** 3)} GiB`;
    if (Math.abs(value) >= 1024 ** 2) return `${significant(value / 1024 ** 2)} MiB`;
  }
  if (name.endsWith('_rate') || name.endsWith('.rate')) return `${significant(value)}${series.indicator === 'net' && /network\.io|bytes/.test(name) ? ' B' : ''}/s`;
  return significant(value);
}

/** "40 s", "3 min", "1.5 h". */
export function formatDuration(seconds: number): string {
  const s = Math.abs(seconds);
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 7200) return `${significant(s / 60)} min`;
  return `${significant(s / 3600)} h`;
}

/** "cpu of carts rose from 1.2% to 100%", "traffic of shipping fell from 20/s to 3/s", "orders stopped reporting request_rate". */
export function describeDeviation(entity: string, d: Deviation): string {
  if (d.silent) return `${entity} stopped reporting ${d.series.name}`;
  const verb = d.peakValue >= d.baseline ? 'rose' : 'fell';
  const change = `${d.series.indicator} of ${entity} ${verb} from ${formatValue(d.series, d.baseline)} to ${formatValue(d.series, d.peakValue)}`;
  const ratio = d.baseline !== 0 ? d.peakValue / d.baseline : Number.POSITIVE_INFINITY;
  return ratio >= 3 && Number.isFinite(ratio) && !/%$/.test(formatValue(d.series, 1)) ? `${change} (${significant(ratio)}x)` : change;
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
