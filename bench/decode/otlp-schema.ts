/**
 * The OTLP export request types for the generic (protobufjs) decoder of the
 * benchmark: the same descriptors the replay tool encodes with
 * (datasets/replay/otlp-proto-schema.ts), so there is one copy of them.
 */
import type protobuf from 'protobufjs';
import { otlpType } from '../../datasets/replay/otlp-proto-schema.ts';

export interface OtlpTypes {
  readonly traces: protobuf.Type;
  readonly logs: protobuf.Type;
  readonly metrics: protobuf.Type;
}

export function otlpTypes(): OtlpTypes {
  return {
    traces: otlpType('ExportTraceServiceRequest'),
    logs: otlpType('ExportLogsServiceRequest'),
    metrics: otlpType('ExportMetricsServiceRequest'),
  };
}
