/**
 * OTLP/gRPC exporter of raw protobuf bodies
 * (https://opentelemetry.io/docs/specs/otlp/#otlpgrpc): unary `Export` calls
 * on the three collector services, messages passed as bytes (no generated
 * stubs). `http://` endpoints use plaintext, `https://` TLS; a bare
 * `host:port` is plaintext.
 */
import * as grpc from '@grpc/grpc-js';
import type { SignalFile } from '../format/index.ts';
import { partialSuccessFromProto, statusFromProto } from './export-response.ts';
import type { ExportOutcome, OtlpTransport, TransportOptions } from './otlp-transport.ts';

const METHODS: Record<SignalFile, string> = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
};

const S = grpc.status;
const RETRYABLE_GRPC = new Set<number>([S.CANCELLED, S.DEADLINE_EXCEEDED, S.ABORTED, S.OUT_OF_RANGE, S.UNAVAILABLE, S.DATA_LOSS]);

const passThrough = (b: Buffer): Buffer => b;

/** `http(s)://host:port` or `host:port` -> the gRPC target and whether to use TLS. */
export function grpcTarget(endpoint: string): { readonly address: string; readonly tls: boolean } {
  const m = /^(https?):\/\/([^/]+)\/?$/.exec(endpoint);
  if (!m) return { address: endpoint, tls: false };
  const tls = m[1] === 'https';
  const address = /:\d+$/.test(m[2]!) ? m[2]! : `${m[2]}:${tls ? 443 : 4317}`;
  return { address, tls };
}

export function createGrpcTransport(options: TransportOptions): OtlpTransport {
  const target = grpcTarget(options.endpoint);
  const credentials = target.tls ? grpc.credentials.createSsl() : grpc.credentials.createInsecure();
  const client = new grpc.Client(target.address, credentials, { 'grpc.max_send_message_length': -1, 'grpc.max_receive_message_length': -1 });
  const metadata = new grpc.Metadata();
  for (const [name, value] of Object.entries(options.headers)) metadata.set(name.toLowerCase(), value);

  return {
    encoding: 'protobuf',
    description: `OTLP/gRPC to ${target.address}${target.tls ? ' (TLS)' : ''}`,
    export(signal: SignalFile, body: string | Uint8Array): Promise<ExportOutcome> {
      return new Promise((resolve) => {
        const deadline = Date.now() + options.timeoutMillis;
        const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
        client.makeUnaryRequest(METHODS[signal], passThrough, passThrough, bytes, metadata.clone(), { deadline }, (err, response) => {
          if (!err) return resolve({ kind: 'accepted', ...partialSuccessFromProto(signal, response ?? Buffer.alloc(0)) });
          const detailsBin = err.metadata?.get('grpc-status-details-bin')[0];
          const status = Buffer.isBuffer(detailsBin) ? statusFromProto(detailsBin) : { message: '', retryDelayMillis: undefined };
          const message = `gRPC ${S[err.code] ?? err.code}: ${err.details || status.message}`;
          const retryable = RETRYABLE_GRPC.has(err.code) || (err.code === S.RESOURCE_EXHAUSTED && status.retryDelayMillis !== undefined);
          resolve(retryable ? { kind: 'retryable', message, retryAfterMillis: status.retryDelayMillis } : { kind: 'refused', message });
        });
      });
    },
    close() {
      client.close();
    },
  };
}
