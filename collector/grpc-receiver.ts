/**
 * OTLP/gRPC receiver for the trace, metrics and logs services
 * (https://opentelemetry.io/docs/specs/otlp/#otlpgrpc).
 *
 * Messages are handled as raw bytes (no generated stubs): grpc-js does the
 * framing and gzip, the project's decoders turn bytes into rows. Retryable
 * refusals are UNAVAILABLE with a google.rpc.RetryInfo in
 * `grpc-status-details-bin`, as the specification asks.
 */
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { type CausewayError, causewayError } from '../core/errors.ts';
import type { Lifecycle } from '../core/lifecycle.ts';
import type { Logger } from '../core/logger.ts';
import type { Signal } from './decode/decoded-request.ts';
import { type IngestAuthConfig, checkIngestAuth } from './ingest-auth.ts';
import type { IngestService } from './ingest-service.ts';
import { exportResponseProto, statusProto } from './otlp-response.ts';
import { grpcCodeFor } from './status-mapping.ts';

export interface GrpcReceiverOptions {
  readonly host: string;
  readonly port: number;
  readonly maxDecompressedBytes: number;
  readonly auth: IngestAuthConfig;
  readonly tls: { readonly certFile: string; readonly keyFile: string };
  readonly service: IngestService;
  readonly logger: Logger;
}

export interface GrpcReceiver extends Lifecycle {
  readonly port: number;
}

const SERVICES: Record<Signal, string> = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
};

const passThrough = (b: Buffer) => b;

function serviceDefinition(path: string): grpc.ServiceDefinition {
  return {
    Export: {
      path,
      requestStream: false,
      responseStream: false,
      requestSerialize: passThrough,
      requestDeserialize: passThrough,
      responseSerialize: passThrough,
      responseDeserialize: passThrough,
    },
  } as grpc.ServiceDefinition;
}

function grpcError(error: CausewayError, retryAfterSeconds?: number): Partial<grpc.StatusObject> {
  const code = grpcCodeFor(error);
  const message = `${error.code}: ${error.message}`;
  const metadata = new grpc.Metadata();
  metadata.set('grpc-status-details-bin', Buffer.from(statusProto(code, message, retryAfterSeconds)));
  return { code, details: message, metadata };
}

export function createGrpcReceiver(options: GrpcReceiverOptions): GrpcReceiver {
  const { service, logger } = options;
  const server = new grpc.Server({
    'grpc.max_receive_message_length': options.maxDecompressedBytes,
    'grpc.max_send_message_length': 4 * 1024 * 1024,
  });
  let port = options.port;
  let closing = false;
  const tls = options.tls.certFile && options.tls.keyFile;

  for (const [signal, path] of Object.entries(SERVICES) as Array<[Signal, string]>) {
    const handler: grpc.handleUnaryCall<Buffer, Buffer> = (call, callback) => {
      if (closing) return callback(grpcError(causewayError('CW_ERR_INGEST_SHUTTING_DOWN', 'the receiver is shutting down'), 1));
      const authError = checkIngestAuth(options.auth, (name) => {
        const v = call.metadata.get(name)[0];
        return v === undefined ? undefined : String(v);
      });
      if (authError) return callback(grpcError(authError));
      service
        .ingest({ signal, encoding: 'protobuf', transport: 'grpc', body: call.request })
        .then((outcome) => {
          if (!outcome.ok) return callback(grpcError(outcome.error, outcome.retryAfterSeconds));
          callback(null, Buffer.from(exportResponseProto(outcome.rejectedItems, outcome.rejectionMessage)));
        })
        .catch((err: unknown) => {
          logger.error({ err }, 'unexpected error in the OTLP/gRPC receiver');
          callback(grpcError(causewayError('CW_ERR_STORAGE_UNAVAILABLE', 'internal error; retry later'), service.retryAfterSeconds));
        });
    };
    server.addService(serviceDefinition(path), { Export: handler });
  }

  return {
    get port() {
      return port;
    },
    async start() {
      const credentials = tls
        ? grpc.ServerCredentials.createSsl(null, [{ cert_chain: readFileSync(options.tls.certFile), private_key: readFileSync(options.tls.keyFile) }], false)
        : grpc.ServerCredentials.createInsecure();
      port = await new Promise<number>((resolve, reject) =>
        server.bindAsync(`${options.host}:${options.port}`, credentials, (err, bound) => (err ? reject(err) : resolve(bound))),
      );
      logger.info({ port, tls: Boolean(tls) }, 'OTLP/gRPC receiver listening');
    },
    async shutdown() {
      closing = true;
      // tryShutdown lets calls in progress finish (their rows get stored and acknowledged).
      await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
    },
  };
}
