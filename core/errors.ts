/**
 * The one registry of Causeway's stable error codes.
 *
 * Every expected failure that reaches a user (an HTTP response, an OTLP
 * status, a CLI message, a log line) carries one of these codes. Codes are
 * stable: never rename or reuse one. `docs/errors.md` lists them all and a
 * test keeps that page and this table in step.
 */

export interface ErrorDefinition {
  /** HTTP status used when the error is returned by an HTTP endpoint. */
  readonly httpStatus: number;
  /** Whether a client may retry the same request later and expect success. */
  readonly retryable: boolean;
  /** One line describing the error; the instance message adds the details. */
  readonly summary: string;
}

export const ERROR_CODES = {
  CW_ERR_CONFIG_INVALID: { httpStatus: 500, retryable: false, summary: 'A configuration value is invalid or unknown.' },
  CW_ERR_CONFIG_FILE: { httpStatus: 500, retryable: false, summary: 'The configuration file cannot be read or parsed.' },

  CW_ERR_STORAGE_UNAVAILABLE: { httpStatus: 503, retryable: true, summary: 'The store cannot be reached or is overloaded.' },
  CW_ERR_STORAGE_QUERY: { httpStatus: 500, retryable: false, summary: 'The store rejected a statement.' },
  CW_ERR_STORAGE_MIGRATION: { httpStatus: 500, retryable: false, summary: 'A schema migration failed.' },

  CW_ERR_INGEST_BAD_REQUEST: { httpStatus: 400, retryable: false, summary: 'An OTLP request is malformed.' },
  CW_ERR_INGEST_CONTENT_TYPE: { httpStatus: 415, retryable: false, summary: 'An OTLP request has an unsupported content type or encoding.' },
  CW_ERR_INGEST_TOO_LARGE: { httpStatus: 413, retryable: false, summary: 'An OTLP request body is larger than allowed (before or after decompression).' },
  CW_ERR_INGEST_OVERLOADED: { httpStatus: 503, retryable: true, summary: 'Too much data is in flight; retry after the given delay.' },
  CW_ERR_INGEST_UNAUTHENTICATED: { httpStatus: 401, retryable: false, summary: 'An OTLP request lacks valid ingest credentials.' },
  CW_ERR_INGEST_SHUTTING_DOWN: { httpStatus: 503, retryable: true, summary: 'The receiver is shutting down; send to another instance or retry.' },

  CW_ERR_API_NOT_FOUND: { httpStatus: 404, retryable: false, summary: 'The requested object does not exist.' },
  CW_ERR_API_BAD_REQUEST: { httpStatus: 400, retryable: false, summary: 'An API request has invalid parameters.' },
  CW_ERR_API_NOT_READY: { httpStatus: 503, retryable: true, summary: 'The service is not ready: storage is unreachable or migrations are pending.' },

  CW_ERR_CLI_USAGE: { httpStatus: 400, retryable: false, summary: 'A command was given invalid arguments.' },

  CW_ERR_DATASET_NOT_FOUND: { httpStatus: 404, retryable: false, summary: 'A dataset, a case or a file of a case does not exist.' },
  CW_ERR_DATASET_INVALID: {
    httpStatus: 400,
    retryable: false,
    summary: 'A dataset file breaks the dataset format; the message names the file, the line and the field.',
  },
  CW_ERR_DATASET_IO: { httpStatus: 500, retryable: false, summary: 'A dataset file cannot be read or written.' },
  CW_ERR_DATASET_REPLAY_REFUSED: { httpStatus: 502, retryable: false, summary: 'The OTLP receiver refused a replayed request for a reason a retry cannot fix (data, credentials, size).' },
  CW_ERR_DATASET_REPLAY_UNAVAILABLE: {
    httpStatus: 503,
    retryable: true,
    summary: 'The OTLP receiver could not be reached, or kept refusing a replayed request as overloaded after every retry.',
  },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An expected failure as a value: a stable code plus a message naming what and where. */
export interface CausewayError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly retryable: boolean;
  readonly httpStatus: number;
}

export function causewayError(code: ErrorCode, message: string): CausewayError {
  const def = ERROR_CODES[code];
  return { code, message, retryable: def.retryable, httpStatus: def.httpStatus };
}

/**
 * Thrown form of a CausewayError, for the few places (start-up, the CLI)
 * where an expected failure must unwind the stack.
 */
export class CausewayFailure extends Error {
  readonly code: ErrorCode;
  constructor(error: CausewayError) {
    super(`${error.code}: ${error.message}`);
    this.name = 'CausewayFailure';
    this.code = error.code;
  }
}
