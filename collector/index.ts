export { createHttpReceiver, type HttpReceiver, type HttpReceiverOptions } from './http-receiver.ts';
export { createGrpcReceiver, type GrpcReceiver, type GrpcReceiverOptions } from './grpc-receiver.ts';
export { createIngestService, MEMORY_PER_BODY_BYTE, type IngestService, type IngestOutcome, type Encoding } from './ingest-service.ts';
export { createBatchWriter, type BatchWriter, type BatchLimits, type RowSink } from './batch-writer.ts';
export { createInFlightLimiter, type InFlightLimiter } from './in-flight-limiter.ts';
export { createIngestMetrics, type IngestMetrics } from './self-metrics.ts';
export type { Signal, DecodedRequest } from './decode/decoded-request.ts';
