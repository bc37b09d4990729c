/**
 * Causeway observes itself with OpenTelemetry. The SDK is started only when
 * the standard `OTEL_*` variables ask for an exporter; otherwise the API's
 * no-op providers make every instrument free.
 */
import { NodeSDK } from '@opentelemetry/sdk-node';

const EXPORTER_VARIABLES = [
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT',
  'OTEL_EXPORTER_OTLP_LOGS_ENDPOINT',
  'OTEL_TRACES_EXPORTER',
  'OTEL_METRICS_EXPORTER',
  'OTEL_LOGS_EXPORTER',
];

export interface SelfTelemetry {
  readonly enabled: boolean;
  shutdown(): Promise<void>;
}

export function startSelfTelemetry(env: NodeJS.ProcessEnv = process.env): SelfTelemetry {
  const wanted = EXPORTER_VARIABLES.some((name) => env[name] && env[name] !== 'none');
  if (!wanted || env.OTEL_SDK_DISABLED === 'true') return { enabled: false, shutdown: async () => {} };
  const sdk = new NodeSDK({ serviceName: env.OTEL_SERVICE_NAME ?? 'causeway', instrumentations: [] });
  sdk.start();
  return { enabled: true, shutdown: () => sdk.shutdown() };
}
