/**
 * Anomalies from raw log records, as an AnomalySource (anomaly-source.ts):
 *
 * - Count rules: more than `countAbove` records matching a condition
 *   (severity at least X, a body pattern, attribute values) within
 *   `windowSeconds`, per service, held for `forSeconds`
 *   (logs/count-rule-tracker.ts). Evaluated on a grid of `ruleStepSeconds`.
 *   Evidence: the count and a sample body.
 * - Log templates: the window's records at or above `minSeverity` (and
 *   severity-less records that read like errors) are mined into templates
 *   (logs/template-tracker.ts); a template new to a service, or one whose
 *   count spikes, is an anomaly, once the service's warm-up has passed.
 *   The templates seen are stored in `causeway_log_templates`, one insert
 *   per minute of event time.
 *
 * Bounds: template mining reads at most `maxRowsPerWindow` records per
 * window (the oldest; the rest of that window is not mined and
 * `truncatedWindows` counts it), so a log storm costs a bounded amount per
 * window; with windows of the correlator's step that is a budget per step.
 * Count rules are counted by the store and have no such bound.
 *
 * Event time: windows must come in order without gaps (the AnomalySource
 * contract). Count rules evaluate each grid bucket once it has closed, and
 * templates are mined record by record in time order, so the same data cut
 * into other windows gives the same anomalies (as long as no window hits
 * the row bound). Onsets: a new or spiking template's is the record that
 * revealed it, inside the window; a count rule's is when its condition
 * began to hold, up to `forSeconds` (plus one rule step) before the window
 * in which it fires.
 *
 * Failures: every read happens before any state changes, so a failed read
 * returns the error and the same window can be advanced again. A failed
 * template write is not an error of the window: its rows are kept and
 * written with the next window's (at most MAX_PENDING_TEMPLATE_ROWS, oldest
 * dropped first).
 */
import { type Result, fail, ok } from '../../core/result.ts';
import { createCountRuleTracker, type RuleFiring } from '../logs/count-rule-tracker.ts';
import { SEVERITY_NUMBER, type SeverityLevel } from '../logs/log-severity.ts';
import { readLogCounts, type LogRecordMatch } from '../logs/read-log-counts.ts';
import { readLogRecords, type LogRecordsRead } from '../logs/read-log-records.ts';
import { writeTemplates, type TemplateWriteStore } from '../logs/template-store.ts';
import { createTemplateTracker, type TemplateFinding, type TemplateTracker, type TouchedTemplate } from '../logs/template-tracker.ts';
import type { SignalQueryStore } from '../signals/signal-range.ts';
import type { Anomaly, Severity } from './anomaly.ts';
import type { AnomalySource } from './anomaly-source.ts';

export interface LogCountRule extends LogRecordMatch {
  readonly name: string;
  readonly windowSeconds: number;
  /** The rule holds while more than this many records match within the window. */
  readonly countAbove: number;
  /** Default 0. */
  readonly forSeconds?: number;
  /** Default 0. */
  readonly keepFiringForSeconds?: number;
  readonly severity: Severity;
}

export interface LogTemplateOptions {
  /** Grid of the template counts. */
  readonly bucketSeconds: number;
  /** Per service, from its first log record of any severity: no template anomaly before it has passed. */
  readonly warmupSeconds: number;
  /** Records below this (effective) severity are not mined. */
  readonly minSeverity: SeverityLevel;
  readonly spikeFactor: number;
  readonly spikeTrailingBuckets: number;
  readonly spikeMinCount: number;
  readonly maxRowsPerWindow: number;
  /** (service, template) pairs counted at once; the least recently seen is forgotten beyond it. */
  readonly maxSeries: number;
}

export const LOG_TEMPLATE_DEFAULTS: LogTemplateOptions = Object.freeze({
  bucketSeconds: 60,
  warmupSeconds: 3600,
  minSeverity: 'error',
  spikeFactor: 3,
  spikeTrailingBuckets: 12,
  spikeMinCount: 5,
  maxRowsPerWindow: 20_000,
  maxSeries: 100_000,
});

export const LOG_RULES_DEFAULTS = Object.freeze({ ruleStepSeconds: 10, maxSampleChars: 1024 });

export interface LogRulesSourceOptions {
  readonly rules?: readonly LogCountRule[];
  /** Default LOG_RULES_DEFAULTS.ruleStepSeconds. */
  readonly ruleStepSeconds?: number;
  /** Template anomalies; false turns them off. Default on, with LOG_TEMPLATE_DEFAULTS. */
  readonly templates?: Partial<LogTemplateOptions> | false;
  /** Longest sample body in evidence and longest body mined. Default LOG_RULES_DEFAULTS.maxSampleChars. */
  readonly maxSampleChars?: number;
}

export interface LogRulesSource extends AnomalySource {
  /** Windows whose template records went past maxRowsPerWindow. */
  readonly truncatedWindows: number;
  /** Template rows kept after a failed write, waiting for the next window. */
  readonly pendingTemplateRows: number;
}

export type LogRulesStore = SignalQueryStore & TemplateWriteStore;

export const LOG_RULES_SOURCE = 'log-rules';
export const LOG_COUNT_RULE = 'log-count-rule';
export const LOG_NEW_TEMPLATE = 'log-new-template';
export const LOG_TEMPLATE_SPIKE = 'log-template-spike';
export const MAX_PENDING_TEMPLATE_ROWS = 100_000;
/** How often, in event time, the templates seen are written to `causeway_log_templates`. */
export const TEMPLATE_WRITE_INTERVAL_MILLIS = 60_000;
/**
 * Without count rules, the counts read only tells the template warm-up when
 * each service began to log, so it runs once per this much event time (at
 * most the warm-up) over everything since the previous read. That changes
 * no finding: a service first seen within the interval cannot have passed
 * its warm-up yet. It saves a read of raw logs in most windows.
 */
export const SERVICE_READ_INTERVAL_MILLIS = 60_000;

export function createLogRulesSource(store: LogRulesStore, options: LogRulesSourceOptions = {}): LogRulesSource {
  const step = options.ruleStepSeconds ?? LOG_RULES_DEFAULTS.ruleStepSeconds;
  const maxSampleChars = options.maxSampleChars ?? LOG_RULES_DEFAULTS.maxSampleChars;
  const rules = (options.rules ?? []).map((rule) => ({
    rule,
    tracker: createCountRuleTracker({ windowSeconds: rule.windowSeconds, countAbove: rule.countAbove, forSeconds: rule.forSeconds ?? 0, keepFiringForSeconds: rule.keepFiringForSeconds ?? 0 }, step),
  }));
  const t = options.templates === false ? undefined : { ...LOG_TEMPLATE_DEFAULTS, ...options.templates };
  const templates: TemplateTracker | undefined = t && createTemplateTracker(t);
  let pending: TouchedTemplate[] = [];
  let lastWriteMillis = Number.NEGATIVE_INFINITY;
  let truncatedWindows = 0;
  const serviceReadIntervalMillis = t ? Math.min(SERVICE_READ_INTERVAL_MILLIS, t.warmupSeconds * 1000) : 0;
  /** Start of the event time whose services the template warm-up has not been told yet. */
  let servicesUnreadFromMillis: number | undefined;

  async function writePending(): Promise<Result<void>> {
    const written = await writeTemplates(store, pending);
    if (written.ok) pending = [];
    return written;
  }

  return {
    name: LOG_RULES_SOURCE,
    get truncatedWindows() {
      return truncatedWindows;
    },
    get pendingTemplateRows() {
      return pending.length;
    },
    async advance(fromMillis, toMillis) {
      // 1. Every read, before anything changes.
      if (rules.length === 0 && !t) return ok([]);
      const servicesFrom = servicesUnreadFromMillis ?? fromMillis;
      const countsDue = rules.length > 0 || toMillis - servicesFrom >= serviceReadIntervalMillis;
      const counts = countsDue
        ? await readLogCounts(
            store,
            rules.map((r) => r.rule),
            { fromMillis: rules.length > 0 ? fromMillis : servicesFrom, toMillis, stepSeconds: step, maxSampleChars },
          )
        : ok({ matches: [], services: [] });
      if (!counts.ok) return fail(counts.error);
      let records: LogRecordsRead = { records: [], truncated: false };
      if (t) {
        const read = await readLogRecords(store, { fromMillis, toMillis, minSeverityNumber: SEVERITY_NUMBER[t.minSeverity], limit: t.maxRowsPerWindow, maxBodyChars: maxSampleChars });
        if (!read.ok) return fail(read.error);
        records = read.value;
      }

      // 2. Evaluate.
      servicesUnreadFromMillis = countsDue ? toMillis : servicesFrom;
      const out: Anomaly[] = [];
      rules.forEach(({ rule, tracker }, i) => {
        tracker.add(counts.value.matches[i]!);
        for (const firing of tracker.evaluate(toMillis)) out.push(ruleAnomaly(rule, firing));
      });
      if (templates && t) {
        if (records.truncated) truncatedWindows++;
        for (const s of counts.value.services) templates.noteService(s.service, s.firstMillis);
        for (const r of records.records) {
          const finding = templates.add(r);
          if (finding) out.push(templateAnomaly(finding, t));
        }
        pending = [...pending, ...templates.drainTouched()].slice(-MAX_PENDING_TEMPLATE_ROWS);
      }

      // 3. Store the templates seen once a minute of event time (an insert has a fixed cost
      // whatever its size; best effort: kept for the next try on failure, written at flush).
      if (pending.length > 0 && toMillis - lastWriteMillis >= TEMPLATE_WRITE_INTERVAL_MILLIS) {
        lastWriteMillis = toMillis;
        await writePending();
      }
      return ok(out.sort(byOnset));
    },
    async flush() {
      return pending.length > 0 ? writePending() : ok(undefined);
    },
  };
}

function byOnset(a: Anomaly, b: Anomaly): number {
  const key = (x: Anomaly) => `${x.entity}|${x.signal}|${x.detector}`;
  return a.onsetMillis - b.onsetMillis || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}

/** As a static threshold rule: the author's severity (warning 1, critical 3), raised by how far past the line the count went. */
function ruleAnomaly(rule: LogCountRule, f: RuleFiring): Anomaly {
  const excess = (f.count - rule.countAbove) / Math.max(rule.countAbove, 1);
  return {
    entity: f.service,
    indicator: 'log',
    signal: `log_rule:${rule.name}`,
    detector: LOG_COUNT_RULE,
    onsetMillis: f.onsetMillis,
    score: (rule.severity === 'critical' ? 3 : 1) * (1 + Math.min(excess, 1)),
    severity: rule.severity,
    direction: 'up',
    evidence: {
      rule: rule.name,
      observed: f.count,
      threshold: rule.countAbove,
      count: f.count,
      windowSeconds: rule.windowSeconds,
      sample: f.sample,
      firedAtMillis: f.firedAtMillis,
    },
  };
}

/**
 * A new error template scores 2 (worth an incident together with one more
 * symptom; critical when the record is FATAL). A spike scores its count
 * over spikeFactor x the trailing median, so >= 1 and growing with the
 * surge.
 */
function templateAnomaly(f: TemplateFinding, o: LogTemplateOptions): Anomaly {
  const common = {
    entity: f.service,
    indicator: 'log' as const,
    signal: `log_template:${f.templateId}`,
    onsetMillis: f.atMillis,
    direction: 'up' as const,
  };
  if (f.kind === 'new') {
    return {
      ...common,
      detector: LOG_NEW_TEMPLATE,
      score: 2,
      severity: f.severity >= SEVERITY_NUMBER.fatal ? 'critical' : 'warning',
      evidence: { templateId: f.templateId, template: f.template, sample: f.sample, severityNumber: f.severity, observed: f.count },
    };
  }
  return {
    ...common,
    detector: LOG_TEMPLATE_SPIKE,
    score: Math.min(10, f.count / Math.max(o.spikeFactor * (f.trailingMedian ?? 0), 1)),
    severity: 'warning',
    evidence: {
      templateId: f.templateId,
      template: f.template,
      sample: f.sample,
      count: f.count,
      baseline: f.trailingMedian,
      observed: f.count,
      threshold: f.line,
      bucketSeconds: o.bucketSeconds,
    },
  };
}
