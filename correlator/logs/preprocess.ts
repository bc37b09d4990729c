/**
 * Log line preprocessing before template mining: split off the first line of a
 * multi-line body, mask obvious variables as `<*>`, split into tokens.
 *
 * Masking is the "domain knowledge" step of Drain (He et al., ICWS 2017,
 * section III-A): tokens that are certainly variables are replaced before the
 * parse tree sees them, so that numbers, ids and addresses never split one
 * event type into many templates. Masks are deliberately conservative: a word
 * such as `http2` or `v1.2` is left alone, because the tree and the similarity
 * step already treat digit-bearing tokens as likely variables.
 */

/** The placeholder for a variable position, in masked lines and in templates. */
export const WILDCARD = '<*>';

export interface SplitBody {
  /** The first non-empty line, trimmed: the part that is mined. */
  readonly firstLine: string;
  /** Whether anything followed the first line (a stack trace, a dump). */
  readonly multiLine: boolean;
}

/**
 * Splits a body at its first line break; leading blank lines are skipped. A
 * first line that is a JSON object (structured logging) stands for its
 * message (structuredMessage): masking would turn every quoted value into
 * `<*>`, so the whole object would collapse into one template per field
 * count (`{<*>:<*>,<*>:<*>}`) whatever it says.
 */
export function splitFirstLine(message: string): SplitBody {
  const body = message.replace(/^\s*\n/, '');
  const nl = body.search(/\r?\n/);
  const first = (nl < 0 ? body : body.slice(0, nl)).trim();
  const structured = structuredMessage(first);
  if (structured !== undefined) return { firstLine: structured, multiLine: nl >= 0 && body.slice(nl).trim().length > 0 };
  // A JSON object printed over several lines is one message, not a first line and a dump.
  const whole = nl >= 0 && first.startsWith('{') ? structuredMessage(body.trim()) : undefined;
  if (whole !== undefined) return { firstLine: whole, multiLine: false };
  return { firstLine: first, multiLine: nl >= 0 && body.slice(nl).trim().length > 0 };
}

/** Fields holding the human-readable message of a JSON log line, in order of preference. */
const MESSAGE_FIELDS = ['message', 'msg', 'event', 'log'] as const;
/** Fields holding an error's text, added after the message when both are there. */
const ERROR_FIELDS = ['error', 'err', 'exception'] as const;

const textField = (fields: Record<string, unknown>, keys: readonly string[]): string | undefined => {
  for (const key of keys) {
    const value = fields[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
};

/**
 * The message of a line that is a JSON object: its message field, followed
 * by its error field when it has both (`request error: rpc error: code =
 * Unavailable`); undefined for a line that is not a JSON object or has
 * neither field.
 */
export function structuredMessage(line: string): string | undefined {
  if (!line.startsWith('{') || !line.endsWith('}')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const fields = parsed as Record<string, unknown>;
  const message = textField(fields, MESSAGE_FIELDS);
  const error = textField(fields, ERROR_FIELDS);
  if (message !== undefined && error !== undefined && error !== message) return `${message}: ${error}`;
  return message ?? error;
}

// Order matters: quoted strings may contain anything; UUIDs and paths must be
// caught whole before the number rule cuts them into pieces.
const QUOTED = /"(?:[^"\\]|\\.)*"|(?<![A-Za-z0-9])'(?:[^'\\]|\\.)*'(?![A-Za-z0-9])/g;
const UUID = /\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/g;
/** ISO 8601 dates and date-times (`2024-01-02`, `2024-01-02T03:04:05.123Z`, with a space instead of `T`). */
const DATETIME = /(?<![\w.])\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\w.])/g;
/** Times of day (`12:30`, `03:04:05.123`). */
const TIME = /(?<![\w.:])\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?![\w.:])/g;
/** A run of path/URL characters containing a slash; masked only when it holds a digit. */
const PATH = /[\w.\-~%:@+]*\/[\w.\-~%/:@+=?&]*/g;
const IPV4 = /(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?(?![\w.])/g;
/** IPv6 (full or `::`-compressed); must contain a digit so `a::b` in code paths is kept. */
const IPV6 = /(?<![\w:])(?=[0-9a-fA-F:]*\d)(?=[0-9a-fA-F:]*:[0-9a-fA-F:]*:)[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}(?![\w:])/g;
const HEX_PREFIXED = /\b0[xX][0-9a-fA-F]+\b/g;
/** Bare hex ids (trace ids, hashes, short SHAs): 6+ hex chars with at least one digit. */
const HEX_ID = /(?<![A-Za-z0-9])(?=[a-fA-F]*\d)[0-9a-fA-F]{6,}(?![A-Za-z0-9])/g;
/**
 * Numbers, with an optional unit so durations and sizes (`12ms`, `1.5s`,
 * `1h30m`, `64KiB`, `99%`) become one variable. A number glued to letters on
 * its left (`v2`, `user42`) is not masked.
 */
const NUMBER =
  /(?<![A-Za-z0-9])[-+]?\d+(?:\.\d+)*(?:(?:ns|us|µs|ms|min|sec|s|m|h|d|[kKmMgGtT]i?[bB]|[bB])(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))*)?%?(?![A-Za-z0-9])/g;

const hasDigit = (s: string): boolean => /\d/.test(s);

/** Replaces obvious variables in one line with `<*>`. Pure and deterministic. */
export function maskVariables(line: string): string {
  return line
    .replace(QUOTED, WILDCARD)
    .replace(UUID, WILDCARD)
    .replace(DATETIME, WILDCARD)
    .replace(TIME, WILDCARD)
    .replace(PATH, (m) => (hasDigit(m) ? WILDCARD : m))
    .replace(IPV4, WILDCARD)
    .replace(IPV6, WILDCARD)
    .replace(HEX_PREFIXED, WILDCARD)
    .replace(HEX_ID, WILDCARD)
    .replace(NUMBER, WILDCARD);
}

/** Splits on runs of whitespace; an empty line has no tokens. */
export function tokenize(line: string): string[] {
  const trimmed = line.trim();
  return trimmed === '' ? [] : trimmed.split(/\s+/);
}

/** Whether a token should route to the `<*>` child of a parse-tree node (Drain: tokens with digits). */
export function isVariableLike(token: string): boolean {
  return token.includes(WILDCARD) || hasDigit(token);
}
