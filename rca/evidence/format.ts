/** Number, time and change formats shared by the scorers' one-line explanations. */
import { type ResourceChange, describeChange } from '../../correlator/index.ts';

/** A plain number to about three significant digits, trailing zeros dropped: `6`, `0.25`, `12.5`, `1500`. */
export function formatNumber(x: number): string {
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 100) return x.toFixed(0);
  if (abs >= 10) return x.toFixed(1).replace(/\.0$/, '');
  if (abs >= 1) return x.toFixed(2).replace(/\.?0+$/, '');
  return x.toPrecision(2).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

export function formatMillis(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** A share in [0, 1] as a percentage: `41%`, `0.4%`. */
export function formatShare(share: number): string {
  const pct = share * 100;
  return pct >= 10 || pct === 0 ? `${Math.round(pct)}%` : `${pct.toFixed(1)}%`;
}

/** Event time as ISO 8601 UTC to the second. */
export function formatTime(millis: number): string {
  return new Date(millis).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A signed distance to the onset in words: `40 s before the onset`, `1.5 min after the onset`. */
export function formatOffset(millis: number, onsetMillis: number): string {
  const d = Math.abs(millis - onsetMillis);
  const size = d < 120_000 ? `${Math.round(d / 1000)} s` : `${(d / 60_000).toFixed(1)} min`;
  return `${size} ${millis <= onsetMillis ? 'before' : 'after'} the onset`;
}

/** A deployment in words with its time: `service.version 1.4 -> 1.5 first seen at 2026-...Z`. */
export function describeChangeAt(c: ResourceChange): string {
  return `${describeChange(c)} first seen at ${formatTime(c.atMillis)}`;
}
