/** A raw-bytes OTLP/gRPC client for tests that need to send malformed or crafted messages. */
import * as grpc from '@grpc/grpc-js';
import type { Signal } from '../../collector/index.ts';

const PATHS: Record<Signal, string> = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
};

export interface RawGrpcResult {
  readonly code: number;
  readonly details: string;
  readonly response?: Buffer;
  readonly statusDetails?: Buffer;
}

export function createRawGrpcClient(address: string, options: grpc.ClientOptions = {}) {
  const client = new grpc.Client(address.replace(/^https?:\/\//, ''), grpc.credentials.createInsecure(), { 'grpc.max_send_message_length': 256 << 20, ...options });
  const id = (b: Buffer) => b;
  return {
    export(signal: Signal, body: Uint8Array, metadata = new grpc.Metadata()): Promise<RawGrpcResult> {
      return new Promise((resolve) => {
        client.makeUnaryRequest(PATHS[signal], id, id, Buffer.from(body), metadata, (err, response) => {
          if (!err) return resolve({ code: 0, details: '', ...(response ? { response } : {}) });
          const detailsBin = err.metadata?.get('grpc-status-details-bin')[0];
          resolve({ code: err.code, details: err.details, ...(Buffer.isBuffer(detailsBin) ? { statusDetails: detailsBin } : {}) });
        });
      });
    },
    close: () => client.close(),
  };
}
