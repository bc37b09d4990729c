/**
 * Loads one case's telemetry into a store through the collector's own
 * ingest path (the OTLP/JSON decoders, the batch writer, the in-flight
 * bound): the same code live traffic goes through, without the sockets.
 */
import { createBatchWriter, createInFlightLimiter, createIngestMetrics, createIngestService } from '../../collector/index.ts';
import type { Signal } from '../../collector/index.ts';
import { causewayError } from '../../core/errors.ts';
import { type Result, fail, ok } from '../../core/result.ts';
import type { Store } from '../../storage/index.ts';
import { SIGNAL_FILES } from '../format/case-truth.ts';
import { readSignalLines } from '../format/index.ts';

export interface IngestedCounts {
  readonly requests: number;
  readonly items: number;
  readonly rejectedItems: number;
}

/**
 * Requests decoded and waiting for their write at once. Cases are many small
 * requests (an SDK flush per service every few seconds), so batches fill only
 * when hundreds wait together: with 8, a Train-Ticket case-hour took 233 s to
 * load, with 256 it takes about 15 s. The in-flight bound still caps memory.
 */
const CONCURRENT_REQUESTS = 256;
const IN_FLIGHT_BYTES = 512 * 1024 * 1024;

export async function ingestCase(store: Store, caseDir: string): Promise<Result<IngestedCounts>> {
  // A replayed case is thousands of small requests at once: batches must wait
  // (linger 100 ms) to fill. With the live default of 10 ms, a Train-Ticket
  // case-hour took 192 s to load in many tiny inserts; with 100 ms, 16-23 s.
  const writer = createBatchWriter(store, { maxRows: 50_000, maxBytes: 32 * 1024 * 1024, maxDelayMillis: 100, lingerMillis: 100, maxConcurrentInserts: 2 });
  const limiter = createInFlightLimiter(IN_FLIGHT_BYTES);
  const service = createIngestService({ writer, limiter, metrics: createIngestMetrics(() => limiter.inFlightBytes), retryAfterSeconds: 1 });
  let requests = 0;
  let items = 0;
  let rejectedItems = 0;
  let failure: Result<IngestedCounts> | undefined;
  const running = new Set<Promise<void>>();

  const send = (signal: Signal, text: string, where: string) => {
    const job = service.ingest({ signal, encoding: 'json', transport: 'http', body: Buffer.from(text) }).then((outcome) => {
      if (!outcome.ok) {
        failure ??= fail(causewayError(outcome.error.code, `${where}: ${outcome.error.message}`));
        return;
      }
      requests++;
      items += outcome.acceptedItems;
      rejectedItems += outcome.rejectedItems;
    });
    running.add(job);
    void job.finally(() => running.delete(job));
  };

  try {
    for (const signal of SIGNAL_FILES) {
      for await (const line of readSignalLines(caseDir, signal, { validate: false })) {
        if (!line.ok) return fail(line.error);
        send(signal, line.value.text, line.value.where);
        if (running.size >= CONCURRENT_REQUESTS) await Promise.race(running);
        if (failure) return failure;
      }
    }
    await Promise.all(running);
    return failure ?? ok({ requests, items, rejectedItems });
  } finally {
    await Promise.all(running);
    await writer.shutdown();
  }
}
