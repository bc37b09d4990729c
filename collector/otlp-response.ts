/**
 * Encodings of what a receiver sends back: the Export*ServiceResponse with
 * partial success, and google.rpc.Status (with RetryInfo when the sender
 * should retry), in protobuf or OTLP/JSON.
 *
 * See https://opentelemetry.io/docs/specs/otlp/#partial-success and
 * #failures for the rules these follow.
 */
import type { Signal } from './decode/decoded-request.ts';

/** The field of Export*PartialSuccess counting rejected items, per signal. */
const REJECTED_FIELD_JSON: Record<Signal, string> = {
  traces: 'rejectedSpans',
  metrics: 'rejectedDataPoints',
  logs: 'rejectedLogRecords',
};

/** gRPC status codes used by the receivers (https://grpc.github.io/grpc/core/md_doc_statuscodes.html). */
export const GRPC_CODE = {
  OK: 0,
  INVALID_ARGUMENT: 3,
  RESOURCE_EXHAUSTED: 8,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

class ProtoWriter {
  private readonly chunks: number[] = [];

  varint(n: number): this {
    let v = n;
    while (v > 0x7f) {
      this.chunks.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    this.chunks.push(v);
    return this;
  }

  tag(field: number, wire: number): this {
    return this.varint(field * 8 + wire);
  }

  uintField(field: number, n: number): this {
    return n === 0 ? this : this.tag(field, 0).varint(n);
  }

  bytesField(field: number, bytes: Uint8Array): this {
    if (bytes.length === 0) return this;
    this.tag(field, 2).varint(bytes.length);
    for (const b of bytes) this.chunks.push(b);
    return this;
  }

  stringField(field: number, s: string): this {
    return this.bytesField(field, Buffer.from(s, 'utf8'));
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

export function exportResponseProto(rejectedItems: number, errorMessage: string): Uint8Array {
  if (rejectedItems === 0 && errorMessage === '') return new Uint8Array(0);
  const partial = new ProtoWriter().uintField(1, rejectedItems).stringField(2, errorMessage).finish();
  return new ProtoWriter().bytesField(1, partial).finish();
}

export function exportResponseJson(signal: Signal, rejectedItems: number, errorMessage: string): Record<string, unknown> {
  if (rejectedItems === 0 && errorMessage === '') return {};
  return { partialSuccess: { [REJECTED_FIELD_JSON[signal]]: String(rejectedItems), errorMessage } };
}

const RETRY_INFO_TYPE = 'type.googleapis.com/google.rpc.RetryInfo';

function retryInfo(retryAfterSeconds: number): Uint8Array {
  const duration = new ProtoWriter().uintField(1, retryAfterSeconds).finish();
  return new ProtoWriter().bytesField(1, duration).finish();
}

/** google.rpc.Status, optionally carrying a RetryInfo detail. */
export function statusProto(grpcCode: number, message: string, retryAfterSeconds?: number): Uint8Array {
  const w = new ProtoWriter().uintField(1, grpcCode).stringField(2, message);
  if (retryAfterSeconds !== undefined) {
    const any = new ProtoWriter().stringField(1, RETRY_INFO_TYPE).bytesField(2, retryInfo(retryAfterSeconds)).finish();
    w.bytesField(3, any);
  }
  return w.finish();
}

export function statusJson(grpcCode: number, message: string, retryAfterSeconds?: number): Record<string, unknown> {
  const status: Record<string, unknown> = { code: grpcCode, message };
  if (retryAfterSeconds !== undefined) status.details = [{ '@type': RETRY_INFO_TYPE, retryDelay: `${retryAfterSeconds}s` }];
  return status;
}
