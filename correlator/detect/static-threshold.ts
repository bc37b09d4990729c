/**
 * Static threshold rules with Prometheus alerting-rule timing, evaluated once
 * per bucket in event time
 * (https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/):
 *
 * - `forSeconds`: the condition must hold continuously that long before the
 *   alert fires (pending until then; a pending alert whose condition clears is
 *   dropped without a trace).
 * - `keepFiringForSeconds`: once firing, the alert stays firing that long after
 *   the condition clears; if the condition returns meanwhile the same alert
 *   goes on.
 *
 * A bucket with no data (NaN) does not meet the condition, as an absent series
 * does not in PromQL. Each firing episode is one anomaly whose onset is when
 * the condition started to hold, not when the alert fired.
 */
import { bucketMillis, type Anomaly, type Detector, type Direction, type SeriesInput, type Severity } from './anomaly.ts';

export interface ThresholdRule {
  /** Rule name, reported in evidence. */
  readonly name: string;
  /** Which series the rule applies to: exact series name, a pattern on it, or a predicate. */
  readonly signal: string | RegExp | ((series: SeriesInput) => boolean);
  readonly op: '>' | '<';
  readonly value: number;
  /** Default 0: fire on the first bucket that meets the condition. */
  readonly forSeconds?: number;
  /** Default 0: resolve on the first bucket that does not meet the condition. */
  readonly keepFiringForSeconds?: number;
  readonly severity: Severity;
}

export const STATIC_THRESHOLD = 'static-threshold';

export function createStaticThresholdDetector(rules: readonly ThresholdRule[]): Detector {
  for (const r of rules) {
    if (!Number.isFinite(r.value) || (r.forSeconds ?? 0) < 0 || (r.keepFiringForSeconds ?? 0) < 0) {
      throw new RangeError(`static-threshold rule ${r.name}: value must be finite, durations >= 0`);
    }
  }
  return {
    name: STATIC_THRESHOLD,
    detect: (series) => rules.filter((r) => matches(r, series)).flatMap((r) => evaluate(r, series)).sort((a, b) => a.onsetMillis - b.onsetMillis),
  };
}

function matches(rule: ThresholdRule, series: SeriesInput): boolean {
  if (typeof rule.signal === 'string') return rule.signal === series.name;
  if (rule.signal instanceof RegExp) return rule.signal.test(series.name);
  return rule.signal(series);
}

/**
 * Score: a static rule has no spread to measure against, so the score comes
 * from the severity its author chose (warning 1, critical 3), raised by how
 * far past the line the series went relative to the line itself.
 */
function scoreOf(rule: ThresholdRule, worst: number): number {
  const base = rule.severity === 'critical' ? 3 : 1;
  const excess = Math.abs(worst - rule.value) / Math.max(Math.abs(rule.value), Number.EPSILON);
  return base * (1 + Math.min(excess, 1));
}

function evaluate(rule: ThresholdRule, series: SeriesInput): Anomaly[] {
  const forMillis = (rule.forSeconds ?? 0) * 1000;
  const keepMillis = (rule.keepFiringForSeconds ?? 0) * 1000;
  const direction: Direction = rule.op === '>' ? 'up' : 'down';
  const holds = (x: number): boolean => (rule.op === '>' ? x > rule.value : x < rule.value);
  const worse = (a: number, b: number): number => (rule.op === '>' ? Math.max(a, b) : Math.min(a, b));

  const out: Anomaly[] = [];
  let activeAt: number | undefined; // condition start of the pending or firing alert
  let firedAt: number | undefined;
  let clearedAt: number | undefined; // first bucket the condition failed while firing
  let worst = NaN;
  const emit = (resolvedAt: number | undefined): void => {
    const score = scoreOf(rule, worst);
    out.push({
      entity: series.entity,
      indicator: series.indicator,
      signal: series.name,
      detector: STATIC_THRESHOLD,
      onsetMillis: activeAt!,
      score,
      severity: rule.severity,
      direction,
      evidence: { threshold: rule.value, observed: worst, rule: rule.name, firedAtMillis: firedAt, resolvedAtMillis: resolvedAt },
    });
  };

  for (let i = 0; i < series.values.length; i++) {
    const t = bucketMillis(series, i);
    const x = series.values[i]!;
    if (holds(x)) {
      activeAt ??= t;
      clearedAt = undefined;
      worst = Number.isNaN(worst) ? x : worse(worst, x);
      if (firedAt === undefined && t - activeAt >= forMillis) firedAt = t;
      continue;
    }
    if (firedAt === undefined) {
      activeAt = undefined; // pending alert dropped
      worst = NaN;
      continue;
    }
    clearedAt ??= t;
    if (t - clearedAt >= keepMillis) {
      emit(t);
      activeAt = firedAt = clearedAt = undefined;
      worst = NaN;
    }
  }
  if (firedAt !== undefined) emit(undefined); // still firing at the end of the series
  return out;
}
