/**
 * What every OTLP decoder (protobuf or JSON, any signal) returns.
 */
import type { RowsByTable } from '../../storage/otel-rows.ts';

export type Signal = 'traces' | 'metrics' | 'logs';

export interface DecodedRequest {
  readonly signal: Signal;
  readonly rows: RowsByTable;
  /** Items (spans, metric data points, log records) turned into rows. */
  readonly acceptedItems: number;
  /**
   * Items refused individually (for example a span whose trace id is not 16
   * bytes). Reported to the sender as OTLP partial success; the rest is stored.
   */
  readonly rejectedItems: number;
  /** Why items were rejected, naming the first few by path; '' when none were. */
  readonly rejectionMessage: string;
}

/** Collects per-item rejections and keeps the message short. */
export class RejectionLog {
  count = 0;
  private readonly reasons: string[] = [];

  reject(path: string, reason: string): void {
    this.count++;
    if (this.reasons.length < 5) this.reasons.push(`${path}: ${reason}`);
  }

  message(): string {
    if (this.count === 0) return '';
    const more = this.count > this.reasons.length ? ` (and ${this.count - this.reasons.length} more)` : '';
    return `rejected ${this.count} item(s): ${this.reasons.join('; ')}${more}`;
  }
}

/** The request's outcome once every item has been decoded, with the rejections collected on the way. */
export function decodedRequest(signal: Signal, rows: RowsByTable, acceptedItems: number, rejections: RejectionLog): DecodedRequest {
  return { signal, rows, acceptedItems, rejectedItems: rejections.count, rejectionMessage: rejections.message() };
}
