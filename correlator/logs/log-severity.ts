/**
 * Log severity levels as the OpenTelemetry logs data model ranges them
 * (https://opentelemetry.io/docs/specs/otel/logs/data-model/#field-severitynumber):
 * TRACE 1-4, DEBUG 5-8, INFO 9-12, WARN 13-16, ERROR 17-20, FATAL 21-24;
 * 0 is unset. Records whose number is unset are ranked by their severity
 * text instead (older appenders, syslog-style texts), so "at least ERROR"
 * means the same for both.
 */

export const SEVERITY_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type SeverityLevel = (typeof SEVERITY_LEVELS)[number];

/** Lowest SeverityNumber of each level. */
export const SEVERITY_NUMBER: Readonly<Record<SeverityLevel, number>> = Object.freeze({ trace: 1, debug: 5, info: 9, warn: 13, error: 17, fatal: 21 });

/**
 * The record's SeverityNumber, or when it is 0 the number its SeverityText
 * names (0 when the text is not a known level either). ClickHouse SQL over
 * otel_logs.
 */
export const EFFECTIVE_SEVERITY_SQL = `if(SeverityNumber > 0, SeverityNumber, multiIf(
  upper(SeverityText) IN ('FATAL', 'CRITICAL', 'CRIT', 'EMERGENCY', 'EMERG', 'ALERT', 'PANIC'), 21,
  upper(SeverityText) IN ('ERROR', 'ERR', 'SEVERE'), 17,
  upper(SeverityText) IN ('WARN', 'WARNING'), 13,
  upper(SeverityText) IN ('INFO', 'INFORMATION', 'NOTICE'), 9,
  upper(SeverityText) IN ('DEBUG', 'FINE', 'FINER'), 5,
  upper(SeverityText) IN ('TRACE', 'FINEST'), 1,
  0))`;

/**
 * Words that mark a body as an error when the record carries no severity at
 * all (plain stdout/stderr lines collected as logs). RE2 syntax, for
 * ClickHouse `match()`.
 */
export const ERROR_WORDS_RE2 = '(?i)\\b(error|exception|fail(ed|ure)?|fatal|panic|refused|timed out|timeout)\\b';
