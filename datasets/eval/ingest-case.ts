/**
 * Loads one case's telemetry into a store through the collector's own
 * ingest path (the OTLP/JSON decoders, the batch writer, the in-flight
 * bound): the same code live traffic goes through, without the sockets.
 * The lines are already parsed (to be checked), so the joined requests go
 * to the decoders as objects rather than as JSON text parsed a second time.
 * `requests` counts the joined requests, not the case's lines. `signals`
 * leaves the other signal files unread: what a system sending only those
 * would have stored.
 */
import { createBatchWriter, createInFlightLimiter, createIngestMetrics, createIngestService } from '../../collector/index.ts';
import type { Signal } from '../../collector/index.ts';
import { causewayError } from '../../core/errors.ts';
import { type Result, fail, ok } from '../../core/result.ts';
import type { Store } from '../../storage/index.ts';
import { SIGNAL_FILES, type SignalFile } from '../format/index.ts';
import { readSignalLines } from '../format/index.ts';
import { COALESCE_MAX_HELD_LINES, DEFAULT_COALESCE_ITEMS, coalesceLines, joinedRequest } from '../replay/index.ts';

export interface IngestedCounts {
  readonly requests: number;
  readonly items: number;
  readonly rejectedItems: number;
}

/**
 * Consecutive lines of a signal are joined into requests of up to
 * COALESCE_ITEMS items, as an unpaced replay joins them: a case stores what
 * SDKs flushed (about a dozen items per line), and each storage insert has a
 * fixed cost whatever its size, so one request per line made thousands of
 * tiny inserts. Unlike a replay's, a group here has no event-time bound: a
 * case is read only once it is all stored, so no window closes before its
 * data is in. CONCURRENT_REQUESTS requests are decoded and waiting for
 * their write at once, so batches fill; the in-flight bound caps memory.
 */
const COALESCE_ITEMS = DEFAULT_COALESCE_ITEMS;
const CONCURRENT_REQUESTS = 32;
const IN_FLIGHT_BYTES = 512 * 1024 * 1024;

export async function ingestCase(store: Store, caseDir: string, signals: readonly SignalFile[] = SIGNAL_FILES): Promise<Result<IngestedCounts>> {
  // Batches wait (linger 100 ms) to fill: with the live default of 10 ms, a
  // replayed case loaded in many tiny inserts.
  const writer = createBatchWriter(store, { maxRows: 50_000, maxBytes: 32 * 1024 * 1024, maxDelayMillis: 100, lingerMillis: 100, maxConcurrentInserts: 2 });
  const limiter = createInFlightLimiter(IN_FLIGHT_BYTES);
  const service = createIngestService({ writer, limiter, metrics: createIngestMetrics(() => limiter.inFlightBytes), retryAfterSeconds: 1 });
  let requests = 0;
  let items = 0;
  let rejectedItems = 0;
  let failure: Result<IngestedCounts> | undefined;
  const running = new Set<Promise<void>>();

  const send = (signal: Signal, request: unknown, bodyBytes: number, where: string) => {
    const job = service.ingest({ signal, encoding: 'parsed-json', transport: 'http', request, bodyBytes }).then((outcome) => {
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
    for (const signal of SIGNAL_FILES.filter((s) => signals.includes(s))) {
      for await (const group of coalesceLines(readSignalLines(caseDir, signal, { validate: false }), { maxItems: COALESCE_ITEMS, maxHeldLines: COALESCE_MAX_HELD_LINES, maxHeldSeconds: Number.POSITIVE_INFINITY })) {
        if (!group.ok) return fail(group.error);
        const request = joinedRequest(group.value, 0n);
        if (!request.ok) return fail(request.error);
        send(signal, request.value, group.value.lines.reduce((sum, line) => sum + line.text.length, 0), group.value.where);
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
