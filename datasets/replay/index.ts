/** Replay of dataset cases into an OTLP receiver (HTTP protobuf or JSON, gRPC). */
export { replayCase, createTransport, retryDelayMillis } from './replay-case.ts';
export type { ReplayOptions, ReplayProgress, ReplayResult, SignalReplayCounts } from './replay-types.ts';
export { COALESCE_MAX_HELD_LINES, DEFAULT_COALESCE_ITEMS, DEFAULT_COALESCE_SECONDS, DEFAULT_MAX_AHEAD_SECONDS, DEFAULT_MAX_IN_FLIGHT } from './replay-types.ts';
export { coalesceLines, type LineGroup } from './coalesce-lines.ts';
export { joinedRequest, requestBody } from './request-body.ts';
export { DEFAULT_GRPC_ENDPOINT, DEFAULT_HTTP_ENDPOINT, type ExportOutcome, type OtlpTransport, type TransportOptions } from './otlp-transport.ts';
export { encodeRequestProto } from './otlp-json-to-proto.ts';
export { shiftTimestamps } from './time-shift.ts';
