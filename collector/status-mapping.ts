/**
 * How an ingest failure is told to the sender on each transport, following
 * the OTLP specification's failure rules
 * (https://opentelemetry.io/docs/specs/otlp/#failures and
 * #failures-1 for OTLP/HTTP): retryable conditions use gRPC UNAVAILABLE with
 * RetryInfo or HTTP 503 with Retry-After; bad data is INVALID_ARGUMENT /
 * 400 and is not retried.
 */
import type { CausewayError, ErrorCode } from '../core/errors.ts';
import { GRPC_CODE } from './otlp-response.ts';

const GRPC_BY_CODE: Partial<Record<ErrorCode, number>> = {
  CW_ERR_INGEST_BAD_REQUEST: GRPC_CODE.INVALID_ARGUMENT,
  CW_ERR_INGEST_CONTENT_TYPE: GRPC_CODE.INVALID_ARGUMENT,
  CW_ERR_INGEST_TOO_LARGE: GRPC_CODE.RESOURCE_EXHAUSTED,
  CW_ERR_INGEST_UNAUTHENTICATED: GRPC_CODE.UNAUTHENTICATED,
  CW_ERR_INGEST_OVERLOADED: GRPC_CODE.UNAVAILABLE,
  CW_ERR_INGEST_SHUTTING_DOWN: GRPC_CODE.UNAVAILABLE,
  CW_ERR_STORAGE_UNAVAILABLE: GRPC_CODE.UNAVAILABLE,
};

export function grpcCodeFor(error: CausewayError): number {
  return GRPC_BY_CODE[error.code] ?? (error.retryable ? GRPC_CODE.UNAVAILABLE : GRPC_CODE.INTERNAL);
}

/** HTTP status for an ingest failure: retryable ones are 503 (the sender honours Retry-After). */
export function httpStatusFor(error: CausewayError): number {
  return error.retryable ? 503 : error.httpStatus;
}
