/**
 * A log line's severity, from a level column when the source has one, else
 * from the message text. Numbers are the OpenTelemetry log data model's
 * (https://opentelemetry.io/docs/specs/otel/logs/data-model/#field-severitynumber):
 * TRACE 1, DEBUG 5, INFO 9, WARN 13, ERROR 17, FATAL 21; 0 = unspecified.
 *
 * In text, only markers that are conventionally levels count, so that prose
 * such as "no error" is not taken for one: a `level=`/`"level":`/`severity:`
 * field, a glog prefix (`E0120 07:17:41.5 ...`), a bracketed level
 * (`[error]`), or an upper-case level word (`ERROR`), the first one found.
 */

export interface Severity {
  readonly number: number;
  readonly text: string;
}

export const UNSPECIFIED: Severity = { number: 0, text: '' };

const WORDS: Readonly<Record<string, Severity>> = {
  TRACE: { number: 1, text: 'TRACE' },
  DEBUG: { number: 5, text: 'DEBUG' },
  DBG: { number: 5, text: 'DEBUG' },
  INFO: { number: 9, text: 'INFO' },
  INFORMATION: { number: 9, text: 'INFO' },
  NOTICE: { number: 10, text: 'NOTICE' },
  WARN: { number: 13, text: 'WARN' },
  WARNING: { number: 13, text: 'WARN' },
  ERR: { number: 17, text: 'ERROR' },
  ERROR: { number: 17, text: 'ERROR' },
  CRIT: { number: 21, text: 'FATAL' },
  CRITICAL: { number: 21, text: 'FATAL' },
  FATAL: { number: 21, text: 'FATAL' },
  PANIC: { number: 21, text: 'FATAL' },
  EMERG: { number: 21, text: 'FATAL' },
  ALERT: { number: 21, text: 'FATAL' },
};

const GLOG: Readonly<Record<string, string>> = { I: 'INFO', W: 'WARN', E: 'ERROR', F: 'FATAL' };

const FIELD = /(?:^|[^A-Za-z_])(?:level|lvl|severity|loglevel)["']?\s*[:=]\s*["']?([A-Za-z]+)/i;
const GLOG_PREFIX = /^([IWEF])\d{4} \d{2}:\d{2}:\d{2}/;
const BRACKETED = /\[(trace|debug|info|notice|warn|warning|error|err|crit|critical|fatal|panic)\]/i;
const UPPER_WORD = /\b(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|CRITICAL|FATAL|PANIC)\b/;

/** The severity a level word names, keeping the source's text; unspecified number for an unknown word. */
export function severityOfLevel(level: string): Severity {
  const text = level.trim();
  if (text === '') return UNSPECIFIED;
  return { number: WORDS[text.toUpperCase()]?.number ?? 0, text };
}

/** The severity a message's text shows, or UNSPECIFIED. */
export function severityOfMessage(message: string): Severity {
  const field = FIELD.exec(message);
  const fromField = field ? WORDS[(field[1] as string).toUpperCase()] : undefined;
  if (fromField) return fromField;
  const glog = GLOG_PREFIX.exec(message);
  if (glog) return WORDS[GLOG[glog[1] as string] as string] as Severity;
  // The earlier of a bracketed and an upper-case level word.
  const bracketed = BRACKETED.exec(message);
  const upper = UPPER_WORD.exec(message);
  const first = bracketed && (!upper || bracketed.index <= upper.index) ? bracketed : upper;
  return first ? (WORDS[(first[1] as string).toUpperCase()] ?? UNSPECIFIED) : UNSPECIFIED;
}
