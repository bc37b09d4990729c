/**
 * Log evidence: error messages a candidate started writing, or writes far
 * more often, since the onset.
 *
 * A bounded sample of each candidate's warning and error records
 * (read-error-logs.ts: at most `maxRecordsPerPeriod` per period, so at most
 * twice that per candidate; counts are scaled back up by the totals) is
 * mined into templates (log-templates.ts) and each template of the
 * incident period is judged against the baseline:
 * - new (no baseline record, or a recurring line the baseline never had):
 *   `minNewScore`, growing to 1 at `fullScoreNewCount` records. A message
 *   never seen before is the strongest thing logs can say;
 * - spiking (a rate per minute at least `spikeFactor` times the baseline's,
 *   which counts as at least one record): `maxSpikeScore * (1 - 1/ratio)`,
 *   below any new template (`maxSpikeScore <= minNewScore`);
 * - a template that relays someone else's failure (`relayedPattern`: an
 *   upstream's 5xx as proxies and HTTP clients log it; a call that could not
 *   reach its callee or timed out waiting, as gRPC (`code = Unavailable`,
 *   `DeadlineExceeded`) and socket clients (`connection refused`, a
 *   connection reset by the peer: `ECONNRESET`) report it) is multiplied
 *   by `relayedFactor`: callers of a failing service log those, the
 *   service itself does not. So is a template that only says
 *   the service answered slowly (`waitingPattern`: "slow request ... took
 *   1535 ms"): every caller waiting on a slow callee, or on a delayed
 *   network, writes it, so it says that requests were slow, which the
 *   latency series already says, not where they were slowed. So is a
 *   template a callee (up to two calls down) also judged: a caller waiting
 *   on a slow or failing callee often logs what the callee logs ("slow
 *   request"), and the callee is where it started.
 * - a template that names another candidate (in its text or a sample, as a
 *   whole word: "Retrying request to ts-route-service after I/O error")
 *   is about that candidate: the caller logs its calls to it failing. It
 *   counts for the named candidate at `relayedFactor` of its score, and
 *   for the service writing it at `relayedFactor` too, unless it was
 *   already second-hand by one of the rules above.
 * A candidate's score is its best template's.
 *
 * Indicator: `mem` or `disk` when the template's records say that resource
 * ran out (`java.lang.OutOfMemoryError`, `runtime: out of memory`,
 * `Cannot allocate memory`; `No space left on device`, `ENOSPC`): the
 * message names what broke. Otherwise `errors` when they are exceptions (a
 * class named `...Exception` / `...Error`, a stack trace, a panic): the code
 * failed, the same fault an exclusive trace error shows. Other messages
 * (timeouts, slow queries, warnings) are `log`.
 *
 * With a sampled baseline, a template rarer than about one in
 * `maxRecordsPerPeriod` baseline records can be missed there and look new.
 */
import { type Result, fail, ok } from '../../core/result.ts';
import type { Indicator, ServiceGraph, TemplateMinerOptions } from '../../correlator/index.ts';
import { type TemplateTally, tallyTemplates } from '../evidence/log-templates.ts';
import { type EvidencePeriods, baselineMinutes, evidencePeriods, incidentMinutes } from '../evidence/periods.ts';
import { type ErrorLogSample, readErrorLogs, totalKey } from '../evidence/read-error-logs.ts';
import type { EntityScore, Scorer, ScorerInput } from '../scorer.ts';
import { clamp01 } from '../stats.ts';

export interface LogEvidenceOptions {
  /** Records read per candidate and period; the rest are counted, not read. */
  readonly maxRecordsPerPeriod: number;
  /** Bodies are cut to this many characters when read (the first line and a few stack frames). */
  readonly maxBodyChars: number;
  /** RE2 pattern: bodies that read like errors count whatever their severity says. */
  readonly errorBodyPattern: string;
  /** Records (estimated) a template needs in the incident period to be reported. */
  readonly minCount: number;
  /** Rate growth from which a known template is spiking. */
  readonly spikeFactor: number;
  /** Highest score of a spiking template; at most `minNewScore`. */
  readonly maxSpikeScore: number;
  /** Score of a new template with `minCount` records or fewer. */
  readonly minNewScore: number;
  /** Records of a new template from which it scores 1. */
  readonly fullScoreNewCount: number;
  /** JavaScript pattern (case-insensitive) of messages relaying another component's failure. */
  readonly relayedPattern: string;
  /** JavaScript pattern (case-insensitive) of messages saying only that the service's own answers were slow. */
  readonly waitingPattern: string;
  /** Applies to relayed and waiting templates alike. */
  readonly relayedFactor: number;
  /** Sample records kept per template as evidence. */
  readonly samplesPerTemplate: number;
  /** Drain settings (correlator/logs); the defaults are the miner's. */
  readonly miner: TemplateMinerOptions;
  /** The incident period is cut this long after the onset (periods.ts). */
  readonly maxIncidentMillis: number;
  /** Scores below this are left out. */
  readonly minScore: number;
}

export const LOG_EVIDENCE_DEFAULTS: LogEvidenceOptions = Object.freeze({
  maxRecordsPerPeriod: 2000,
  maxBodyChars: 2000,
  errorBodyPattern: '(?i)\\b(error|exception|fatal|panic|traceback|failed|failure)\\b',
  minCount: 3,
  spikeFactor: 3,
  maxSpikeScore: 0.6,
  minNewScore: 0.6,
  fullScoreNewCount: 20,
  relayedPattern:
    '\\bupstream\\b|HttpServerError|Bad Gateway|Service Unavailable|Gateway Timeout|(status|code|returned)[ :=]+5\\d\\d\\b' +
    '|code = (Unavailable|DeadlineExceeded)\\b|deadline exceeded|connection refused|ECONNREFUSED|connection reset|ECONNRESET',
  waitingPattern: '\\bslow (request|call)s?\\b',
  relayedFactor: 0.5,
  samplesPerTemplate: 3,
  miner: Object.freeze({}),
  maxIncidentMillis: 15 * 60_000,
  minScore: 0.05,
});

/** An exception class name (`FooException`, `TypeError`), a Java / JavaScript stack frame, a Python traceback, a Go panic. */
const EXCEPTION = /\b[A-Z][\w$.]*(?:Exception|Error)\b|^\s+at \S[^\n]*:\d+\)?$|^Traceback \(most recent call last\)|^goroutine \d+ \[|^panic: /m;

/** Messages that say which resource ran out, as runtimes and the C library word it. */
const RAN_OUT: ReadonlyArray<readonly [RegExp, Indicator]> = [
  [/OutOfMemory|out of memory|\bMemoryError\b|Cannot allocate memory|\bENOMEM\b|\bbad_alloc\b/i, 'mem'],
  [/No space left on device|\bENOSPC\b|Disk quota exceeded|\bEDQUOT\b/i, 'disk'],
];

/** The indicator a template's samples name (see the header). */
function indicatorOfSamples(samples: readonly string[]): Indicator {
  for (const [pattern, indicator] of RAN_OUT) if (samples.some((s) => pattern.test(s))) return indicator;
  return samples.some((s) => EXCEPTION.test(s)) ? 'errors' : 'log';
}

function checkOptions(o: LogEvidenceOptions): void {
  for (const key of ['maxRecordsPerPeriod', 'maxBodyChars', 'minCount', 'samplesPerTemplate', 'fullScoreNewCount'] as const) {
    if (!Number.isInteger(o[key]) || o[key] < 1) throw new RangeError(`log evidence: ${key} must be a positive integer, got ${o[key]}`);
  }
  if (!(o.spikeFactor > 1)) throw new RangeError(`log evidence: spikeFactor must be > 1, got ${o.spikeFactor}`);
  if (!(o.maxIncidentMillis > 0)) throw new RangeError(`log evidence: maxIncidentMillis must be > 0, got ${o.maxIncidentMillis}`);
  for (const key of ['maxSpikeScore', 'minNewScore', 'relayedFactor', 'minScore'] as const) {
    if (!(o[key] >= 0 && o[key] <= 1)) throw new RangeError(`log evidence: ${key} must be in [0, 1], got ${o[key]}`);
  }
  if (o.maxSpikeScore > o.minNewScore) throw new RangeError('log evidence: maxSpikeScore must not exceed minNewScore (a new message outranks a louder old one)');
}

interface Judged {
  readonly tally: TemplateTally;
  readonly score: number;
  readonly explanation: string;
  /** A relay, waiting or echo rule already scaled the score. */
  readonly secondHand: boolean;
}

const shorten = (s: string, max = 200) => (s.length > max ? `${s.slice(0, max - 3)}...` : s);
const perMinute = (n: number) => (n >= 10 ? n.toFixed(0) : n.toFixed(1));

/** Sampled counts scale back up by the share of the period's records that were read. */
type Scale = (service: string, incident: boolean, sampled: number) => number;

function scaleOf(sample: ErrorLogSample): Scale {
  const read = new Map<string, number>();
  for (const r of sample.records) read.set(totalKey(r.service, r.incident), (read.get(totalKey(r.service, r.incident)) ?? 0) + 1);
  return (service, incident, sampled) => {
    const key = totalKey(service, incident);
    const n = read.get(key) ?? 0;
    return n === 0 ? sampled : (sampled * (sample.totals.get(key) ?? n)) / n;
  };
}

interface Patterns {
  readonly relayed: RegExp;
  readonly waiting: RegExp;
}

/** Why a template is not the service's own failure, as said after its explanation; '' when it is. */
function secondHandNote(t: TemplateTally, patterns: Patterns): string {
  const says = (re: RegExp) => re.test(t.template) || t.samples.some((s) => re.test(s));
  if (says(patterns.relayed)) return ' (it relays a failure from elsewhere)';
  if (says(patterns.waiting)) return ' (it says requests were slow, which waiting on anything slow also makes them)';
  return '';
}

function judge(t: TemplateTally, scale: Scale, periods: EvidencePeriods, patterns: Patterns, o: LogEvidenceOptions): Judged | undefined {
  const incidentCount = scale(t.service, true, t.incidentCount);
  const novelCount = scale(t.service, true, t.novelIncidentCount);
  const baselineCount = scale(t.service, false, t.baselineCount);
  const template = `"${shorten(t.template)}"`;
  const relayNote = secondHandNote(t, patterns);
  const factor = relayNote === '' ? 1 : o.relayedFactor;
  const isNew = t.baselineCount === 0 || novelCount >= o.minCount;
  if (isNew) {
    const count = t.baselineCount === 0 ? incidentCount : novelCount;
    if (count < o.minCount) return undefined;
    const score = factor * (o.minNewScore + (1 - o.minNewScore) * Math.min(1, count / o.fullScoreNewCount));
    const before = t.baselineCount === 0 ? 'never seen before' : 'in a form never seen before';
    return { tally: t, score, secondHand: factor !== 1, explanation: `${t.service} logs a new message ${template}: ${Math.round(count)} records since the onset, ${before}${relayNote}` };
  }
  if (incidentCount < o.minCount) return undefined;
  // A template absent from the baseline would divide by zero: it counts as one record there.
  const baseRate = Math.max(baselineCount, 1) / baselineMinutes(periods);
  const incRate = incidentCount / incidentMinutes(periods);
  const ratio = incRate / baseRate;
  if (ratio < o.spikeFactor) return undefined;
  return {
    tally: t,
    score: factor * o.maxSpikeScore * (1 - 1 / ratio),
    secondHand: factor !== 1,
    explanation: `${t.service} logs ${template} ${ratio.toFixed(1)}x as often since the onset (${perMinute(incRate)}/min against ${perMinute(baselineCount / baselineMinutes(periods))}/min)${relayNote}`,
  };
}

/** How many call hops below a service a callee logging the same template makes the service's copy an echo. */
const ECHO_HOPS = 2;

/**
 * Templates a service shares with one of its callees (ECHO_HOPS deep): a
 * caller waiting on a slow or failing callee often logs what the callee
 * logs ("slow request", the same exception text passed back), and the
 * callee is where it started. Maps each such judged template to the callee.
 */
function echoes(judged: readonly Judged[], graph: ServiceGraph | undefined): Map<Judged, string> {
  const out = new Map<Judged, string>();
  if (!graph) return out;
  const servicesByTemplate = new Map<string, Set<string>>();
  for (const j of judged) {
    const services = servicesByTemplate.get(j.tally.template) ?? new Set<string>();
    services.add(j.tally.service);
    servicesByTemplate.set(j.tally.template, services);
  }
  for (const j of judged) {
    const others = servicesByTemplate.get(j.tally.template)!;
    if (others.size < 2) continue;
    const below = graph.callsWithin(j.tally.service, ECHO_HOPS, 'down');
    const callee = [...others].sort().find((id) => below.has(id));
    if (callee !== undefined) out.set(j, callee);
  }
  return out;
}

/** Matches each candidate's name as a whole word (not inside a longer name: `user` is not named by `ts-user-service`). */
function nameMatchers(candidates: readonly string[]): ReadonlyArray<{ readonly entity: string; readonly re: RegExp }> {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return candidates.map((entity) => ({ entity, re: new RegExp(`(?<![\\w-])${escape(entity)}(?![\\w-])`) }));
}

/** The first candidate other than the writer that a template names, in its text or a sample. */
function namedCandidate(t: TemplateTally, matchers: ReturnType<typeof nameMatchers>): string | undefined {
  return matchers.find(({ entity, re }) => entity !== t.service && (re.test(t.template) || t.samples.some((s) => re.test(s))))?.entity;
}

export function createLogEvidenceScorer(options: Partial<LogEvidenceOptions> = {}): Scorer {
  const o: LogEvidenceOptions = { ...LOG_EVIDENCE_DEFAULTS, ...options };
  checkOptions(o);
  const patterns: Patterns = { relayed: new RegExp(o.relayedPattern, 'i'), waiting: new RegExp(o.waitingPattern, 'i') };
  return {
    name: 'log-evidence',
    async score(input: ScorerInput): Promise<Result<EntityScore[]>> {
      const periods = evidencePeriods(input, o.maxIncidentMillis);
      if (!periods || input.candidates.length === 0) return ok([]);
      const sample = await readErrorLogs(input.context.store, periods, {
        candidates: input.candidates,
        perPeriodLimit: o.maxRecordsPerPeriod,
        maxBodyChars: o.maxBodyChars,
        errorBodyPattern: o.errorBodyPattern,
      });
      if (!sample.ok) return fail(sample.error);
      const tallies = tallyTemplates(sample.value.records, { miner: o.miner, samplesPerTemplate: o.samplesPerTemplate, minNovelLineRecords: o.minCount });
      const scale = scaleOf(sample.value);
      const judged = tallies.map((t) => judge(t, scale, periods, patterns, o)).filter((j): j is Judged => j !== undefined);
      const echoOf = echoes(judged, input.context.graph);
      const matchers = nameMatchers(input.candidates);
      const best = new Map<string, Judged>();
      const keep = (entity: string, j: Judged) => {
        if (j.score < o.minScore) return;
        const known = best.get(entity);
        if (!known || j.score > known.score || (j.score === known.score && j.tally.templateId < known.tally.templateId)) best.set(entity, j);
      };
      for (const judgedTally of judged) {
        const echoed = echoOf.get(judgedTally);
        let j = echoed === undefined ? judgedTally : { ...judgedTally, score: judgedTally.score * o.relayedFactor, secondHand: true, explanation: `${judgedTally.explanation} (its callee ${echoed} logs the same)` };
        const named = namedCandidate(j.tally, matchers);
        if (named !== undefined) {
          keep(named, { ...j, score: j.score * o.relayedFactor });
          if (!j.secondHand) j = { ...j, score: j.score * o.relayedFactor, secondHand: true, explanation: `${j.explanation} (it names ${named})` };
        }
        keep(j.tally.service, j);
      }
      const scores: EntityScore[] = [...best].map(([entity, j]) => ({
        entity,
        indicator: indicatorOfSamples(j.tally.samples),
        score: clamp01(j.score),
        explanation: j.explanation,
        evidence: { logSamples: j.tally.samples, ...(j.tally.traceIds.length > 0 ? { traceIds: j.tally.traceIds } : {}) },
      }));
      return ok(scores.sort((a, b) => b.score - a.score || a.entity.localeCompare(b.entity)));
    },
  };
}
