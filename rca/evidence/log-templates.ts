/**
 * Error log records of one period pair turned into per-template counts,
 * with the project's Drain miner (correlator/logs), one miner per service
 * so one service's messages never generalise another's templates.
 *
 * Drain may fold a message the baseline never had into an old template
 * (same length, enough equal tokens: `... threw exception [X] ...` with a
 * new X). Novelty is therefore also judged on the exact masked first line:
 * a second miner with similarity 1 keeps every distinct masked line apart,
 * and incident records of a line the baseline never had are novel, even
 * inside an old template, once that line recurs (a variable that masking
 * missed, such as a user name, makes one-off lines that are not news).
 *
 * Structured (JSON) bodies are mined on their message (the miner's
 * preprocessing, correlator/logs/preprocess.ts).
 */
import { createTemplateMiner, type TemplateMinerOptions } from '../../correlator/index.ts';
import type { ErrorLogRecord } from './read-error-logs.ts';

export interface TemplateTally {
  readonly service: string;
  readonly templateId: string;
  /** The template as mined over both periods. */
  readonly template: string;
  /** Sampled records of the template per period. */
  readonly baselineCount: number;
  readonly incidentCount: number;
  /**
   * Incident records whose exact masked first line never occurred in the
   * service's baseline and recurs at least `minNovelLineRecords` times (a
   * new message that repeats, not a one-off variable masking missed).
   */
  readonly novelIncidentCount: number;
  /** Up to `samplesPerTemplate` distinct incident bodies, earliest first. */
  readonly samples: readonly string[];
  /** Trace ids of incident records, earliest first, at most `samplesPerTemplate`. */
  readonly traceIds: readonly string[];
}

export interface TallyOptions {
  readonly miner: TemplateMinerOptions;
  readonly samplesPerTemplate: number;
  readonly minNovelLineRecords: number;
}

interface Tally {
  templateId: string;
  baselineCount: number;
  incidentCount: number;
  /** Exact-line id -> incident records, for lines the baseline never had. */
  novelLines: Map<string, number>;
  samples: string[];
  traceIds: string[];
}

function tallyService(service: string, records: readonly ErrorLogRecord[], options: TallyOptions): TemplateTally[] {
  const miner = createTemplateMiner(options.miner);
  const exact = createTemplateMiner({ ...options.miner, similarityThreshold: 1 });
  const baselineLines = new Set<string>();
  const tallies = new Map<string, Tally>();
  for (const r of records) {
    const mined = miner.add(r.body, r.timeMillis);
    const line = exact.add(r.body, r.timeMillis).templateId;
    let t = tallies.get(mined.templateId);
    if (!t) {
      t = { templateId: mined.templateId, baselineCount: 0, incidentCount: 0, novelLines: new Map(), samples: [], traceIds: [] };
      tallies.set(mined.templateId, t);
    }
    if (!r.incident) {
      t.baselineCount++;
      baselineLines.add(line);
      continue;
    }
    t.incidentCount++;
    if (!baselineLines.has(line)) t.novelLines.set(line, (t.novelLines.get(line) ?? 0) + 1);
    if (t.samples.length < options.samplesPerTemplate && !t.samples.includes(r.body)) t.samples.push(r.body);
    if (r.traceId !== '' && t.traceIds.length < options.samplesPerTemplate && !t.traceIds.includes(r.traceId)) t.traceIds.push(r.traceId);
  }
  const out: TemplateTally[] = [];
  for (const t of tallies.values()) {
    let novelIncidentCount = 0;
    for (const n of t.novelLines.values()) if (n >= options.minNovelLineRecords) novelIncidentCount += n;
    out.push({
      service,
      templateId: t.templateId,
      // A template evicted by the miner's bound is gone from `get`; its counts still stand.
      template: miner.get(t.templateId)?.template ?? '',
      baselineCount: t.baselineCount,
      incidentCount: t.incidentCount,
      novelIncidentCount,
      samples: t.samples,
      traceIds: t.traceIds,
    });
  }
  return out;
}

/** Tallies per (service, template); `records` in time order within each service (readErrorLogs' order). */
export function tallyTemplates(records: readonly ErrorLogRecord[], options: TallyOptions): TemplateTally[] {
  const byService = new Map<string, ErrorLogRecord[]>();
  for (const r of records) {
    const list = byService.get(r.service) ?? [];
    list.push(r);
    byService.set(r.service, list);
  }
  return [...byService.entries()].flatMap(([service, list]) => tallyService(service, list, options));
}
