/**
 * Turns whatever the ClickHouse client (HTTP or embedded) threw into a
 * CausewayError that says whether the same request can succeed later:
 *
 * - `CW_ERR_STORAGE_UNAVAILABLE` (retryable): the store could not be reached
 *   or is overloaded: connection refused/reset, timeouts, DNS, TLS, an HTTP
 *   5xx answer that carries no ClickHouse code (a proxy or load balancer),
 *   and ClickHouse codes that describe a passing condition (below).
 * - `CW_ERR_STORAGE_QUERY` (not retryable): the store understood the request
 *   and refused it: syntax, unknown table or column, type and parse errors.
 *
 * Unknown failures are classified as not retryable: retrying a bug forever
 * hides it, while a transient cause not listed here costs one lost batch.
 */
import { causewayError, type CausewayError } from '../core/errors.ts';

/**
 * ClickHouse error codes (src/Common/ErrorCodes.cpp) after which the same
 * statement can succeed on a later attempt without any change to it.
 */
export const TRANSIENT_CLICKHOUSE_CODES: ReadonlyMap<number, string> = new Map([
  [95, 'CANNOT_READ_FROM_SOCKET'],
  [96, 'CANNOT_WRITE_TO_SOCKET'],
  [159, 'TIMEOUT_EXCEEDED'],
  [173, 'CANNOT_ALLOCATE_MEMORY'],
  [198, 'DNS_ERROR'],
  [201, 'QUOTA_EXPIRED'],
  [202, 'TOO_MANY_SIMULTANEOUS_QUERIES'],
  [203, 'NO_FREE_CONNECTION'],
  [209, 'SOCKET_TIMEOUT'],
  [210, 'NETWORK_ERROR'],
  [225, 'NO_ZOOKEEPER'],
  [241, 'MEMORY_LIMIT_EXCEEDED'],
  [242, 'TABLE_IS_READ_ONLY'],
  [243, 'NOT_ENOUGH_SPACE'],
  [244, 'UNEXPECTED_ZOOKEEPER_ERROR'],
  [252, 'TOO_MANY_PARTS'],
  [254, 'NO_ACTIVE_REPLICAS'],
  [265, 'NO_AVAILABLE_REPLICA'],
  [279, 'ALL_CONNECTION_TRIES_FAILED'],
  [285, 'TOO_FEW_LIVE_REPLICAS'],
  [286, 'UNSATISFIED_QUORUM_FOR_PREVIOUS_WRITE'],
  [319, 'UNKNOWN_STATUS_OF_INSERT'],
  [364, 'RECEIVED_ERROR_TOO_MANY_REQUESTS'],
  [369, 'ALL_REPLICAS_ARE_STALE'],
  [394, 'QUERY_WAS_CANCELLED'],
  [415, 'ALL_REPLICAS_LOST'],
  [439, 'CANNOT_SCHEDULE_TASK'],
  [473, 'DEADLOCK_AVOIDED'],
  [519, 'NO_REMOTE_SHARD_AVAILABLE'],
  [999, 'KEEPER_EXCEPTION'],
]);

/** Names of frequent permanent failures, for messages from servers that only send the number. */
const PERMANENT_CLICKHOUSE_CODES: ReadonlyMap<number, string> = new Map([
  [6, 'CANNOT_PARSE_TEXT'],
  [16, 'NO_SUCH_COLUMN_IN_TABLE'],
  [26, 'CANNOT_PARSE_QUOTED_STRING'],
  [27, 'CANNOT_PARSE_INPUT_ASSERTION_FAILED'],
  [41, 'CANNOT_PARSE_DATETIME'],
  [43, 'ILLEGAL_TYPE_OF_ARGUMENT'],
  [46, 'UNKNOWN_FUNCTION'],
  [47, 'UNKNOWN_IDENTIFIER'],
  [53, 'TYPE_MISMATCH'],
  [57, 'TABLE_ALREADY_EXISTS'],
  [60, 'UNKNOWN_TABLE'],
  [62, 'SYNTAX_ERROR'],
  [70, 'CANNOT_CONVERT_TYPE'],
  [72, 'CANNOT_PARSE_NUMBER'],
  [73, 'UNKNOWN_FORMAT'],
  [81, 'UNKNOWN_DATABASE'],
  [115, 'UNKNOWN_SETTING'],
  [117, 'INCORRECT_DATA'],
  [192, 'UNKNOWN_USER'],
  [193, 'WRONG_PASSWORD'],
  [497, 'ACCESS_DENIED'],
  [516, 'AUTHENTICATION_FAILED'],
]);

/** Node.js / OpenSSL error codes of a connection that failed or was cut. */
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EADDRNOTAVAIL',
  'EPROTO',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'ERR_SOCKET_CLOSED',
  'ERR_STREAM_PREMATURE_CLOSE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HPE_INVALID_CONSTANT',
]);

/** Prefixes of Node.js TLS/OpenSSL codes (handshake and certificate failures). */
const NETWORK_ERROR_PREFIXES = ['ERR_SSL_', 'ERR_TLS_', 'UND_ERR_'];

/**
 * Messages of failures that carry no code: the client's own request timeout
 * ("Timeout error."), sockets closed mid-response, TLS handshakes, the
 * embedded engine refusing a second data folder or a closed connection, and
 * error pages of proxies in front of ClickHouse.
 */
const UNAVAILABLE_MESSAGE =
  /timeout error|timed out|socket hang up|premature close|handshake|\bTLS\b|\bSSL\b|only one active data directory|connection is closed|store is closed|\b50[234]\b|bad gateway|service unavailable|gateway time-?out/i;

/** What could be learnt from a thrown value. */
export interface StorageErrorFacts {
  /** ClickHouse error code (`Code: N` in every server and engine version). */
  readonly clickhouseCode?: number;
  /** ClickHouse error name such as `UNKNOWN_TABLE`, when known. */
  readonly clickhouseType?: string;
  /** Node.js system or library error code such as `ECONNREFUSED`. */
  readonly systemCode?: string;
  /** HTTP status of the answer, when the thrown value carries one. */
  readonly httpStatus?: number;
  /** The server's (or library's) message, without the code prefix. */
  readonly message: string;
}

const MAX_MESSAGE_CHARS = 2_000;

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

/**
 * Strips the code wrapper of both ClickHouse message styles:
 * `Code: 60, e.displayText() = DB::Exception: <msg>, e.what() = DB::Exception` (before 20.x)
 * `Code: 60. DB::Exception: <msg>. (UNKNOWN_TABLE) (version 24.3.1)` (since).
 */
function cleanServerMessage(message: string): string {
  let text = message.trim();
  const exception = text.lastIndexOf('DB::Exception: ');
  if (/^Code:\s*\d+/.test(text) && exception >= 0) text = text.slice(exception + 'DB::Exception: '.length);
  text = text
    .replace(/,\s*e\.what\(\) = DB::Exception\s*$/, '')
    .replace(/\s*\(version [^)]*\)\s*$/, '')
    .replace(/\s*\([A-Z][A-Z0-9_]{2,}\)\s*$/, '')
    .trim();
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}...` : text;
}

/** Reads codes and the message out of a thrown value and its `cause` chain. */
export function storageErrorFacts(error: unknown): StorageErrorFacts {
  let clickhouseCode: number | undefined;
  let clickhouseType: string | undefined;
  let systemCode: string | undefined;
  let httpStatus: number | undefined;
  const rawMessage = error instanceof Error ? error.message : typeof error === 'string' ? error : String(error);

  // Walk the cause chain: the embedded engine wraps its native error, HTTP
  // failures arrive as plain Errors with a Node.js `code`.
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined; depth++) {
    const rec = asRecord(current);
    if (!rec) break;
    const code = rec.code;
    if (typeof code === 'string' && /^\d+$/.test(code)) clickhouseCode ??= Number(code);
    else if (typeof code === 'string' && code.length > 0) systemCode ??= code;
    else if (typeof code === 'number') clickhouseCode ??= code;
    if (typeof rec.clickhouseCode === 'number') clickhouseCode ??= rec.clickhouseCode;
    if (typeof rec.type === 'string' && /^[A-Z][A-Z0-9_]+$/.test(rec.type)) clickhouseType ??= rec.type;
    for (const key of ['http_status_code', 'statusCode', 'status']) {
      const status = rec[key];
      if (typeof status === 'number' && status >= 100 && status < 600) httpStatus ??= status;
    }
    current = rec.cause;
  }

  const coded = /(?:^|\s)Code:\s*(\d+)[.,]/.exec(rawMessage);
  if (clickhouseCode === undefined && coded?.[1] !== undefined) clickhouseCode = Number(coded[1]);
  if (clickhouseType === undefined) {
    const typed = /\(([A-Z][A-Z0-9_]{2,})\)(?:\s*\(version [^)]*\))?\s*$/.exec(rawMessage.trim());
    clickhouseType =
      typed?.[1] ??
      (clickhouseCode !== undefined ? (TRANSIENT_CLICKHOUSE_CODES.get(clickhouseCode) ?? PERMANENT_CLICKHOUSE_CODES.get(clickhouseCode)) : undefined);
  }
  // A non-numeric `code` such as 'CHDB_QUERY' names the library, not the network.
  if (systemCode !== undefined && !isNetworkCode(systemCode)) systemCode = undefined;

  return {
    ...(clickhouseCode !== undefined ? { clickhouseCode } : {}),
    ...(clickhouseType !== undefined ? { clickhouseType } : {}),
    ...(systemCode !== undefined ? { systemCode } : {}),
    ...(httpStatus !== undefined ? { httpStatus } : {}),
    message: cleanServerMessage(rawMessage),
  };
}

function isNetworkCode(code: string): boolean {
  return NETWORK_ERROR_CODES.has(code) || NETWORK_ERROR_PREFIXES.some((prefix) => code.startsWith(prefix));
}

/** Whether a failure with these facts may succeed when retried unchanged. */
export function isRetryableStorageFailure(facts: StorageErrorFacts): boolean {
  if (facts.clickhouseCode !== undefined) return TRANSIENT_CLICKHOUSE_CODES.has(facts.clickhouseCode);
  if (facts.systemCode !== undefined) return true;
  if (facts.httpStatus !== undefined) return facts.httpStatus >= 500;
  return UNAVAILABLE_MESSAGE.test(facts.message);
}

/**
 * Classifies a thrown value. `context` names what was attempted, e.g.
 * `insert into causeway.otel_traces (120 rows)` or `statement "ALTER TABLE ..."`;
 * the message is `<context>: <TYPE> (<code>): <server message>`.
 */
export function classifyStorageError(error: unknown, context: string): CausewayError {
  const facts = storageErrorFacts(error);
  const code =
    facts.clickhouseCode !== undefined
      ? `${facts.clickhouseType ?? 'ClickHouse error'} (${facts.clickhouseCode}): `
      : facts.systemCode !== undefined
        ? `${facts.systemCode}: `
        : facts.httpStatus !== undefined
          ? `HTTP ${facts.httpStatus}: `
          : '';
  const message = `${context}: ${code}${facts.message}`;
  return causewayError(isRetryableStorageFailure(facts) ? 'CW_ERR_STORAGE_UNAVAILABLE' : 'CW_ERR_STORAGE_QUERY', message);
}
