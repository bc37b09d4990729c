/**
 * Replays one case into an OTLP receiver: the three signal files merged in
 * time order (merge-lines.ts), optionally shifted in time, paced, sent with a
 * bounded number of requests in flight, retried when the receiver asks for
 * it, and counted.
 *
 * Contracts:
 * - Never throws for data or network conditions: format errors stop the
 *   replay and are returned in `error`; refused requests are counted and the
 *   first ones described in `failures`. Invalid option values (a speed of
 *   -1, `maxInFlight: 0`) are the caller's bug and throw RangeError.
 * - Lines are sent in the merged order; a line is overtaken by at most
 *   `maxInFlight - 1` later ones, none starting more than `maxAheadSeconds`
 *   after it, and nothing new is sent while a refused request waits for its
 *   retry (send-gate.ts).
 * - A request that is still refused as retryable after `maxAttempts` stops
 *   the replay (the receiver is gone or stays overloaded; sending the rest
 *   would only fail the same way). A request refused for good (bad data,
 *   credentials) is counted and the replay goes on.
 * - Memory is bounded by the in-flight requests: the case is streamed.
 */
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { type CausewayError, causewayError } from '../../core/errors.ts';
import { SIGNAL_FILES, type SignalFile, countCaseLines, isoToNanos, mergeSignalLines, readCaseTruth } from '../format/index.ts';
import { type LineGroup, coalesceLines } from './coalesce-lines.ts';
import { createGrpcTransport } from './grpc-transport.ts';
import { createHttpTransport } from './http-transport.ts';
import { DEFAULT_GRPC_ENDPOINT, DEFAULT_HTTP_ENDPOINT, type OtlpTransport } from './otlp-transport.ts';
import { createPacer, sleep } from './pacing.ts';
import { COALESCE_MAX_HELD_LINES, DEFAULT_COALESCE_ITEMS, DEFAULT_COALESCE_SECONDS, DEFAULT_MAX_AHEAD_SECONDS, DEFAULT_MAX_IN_FLIGHT, type ReplayOptions, type ReplayResult, type SignalReplayCounts } from './replay-types.ts';
import { requestBody } from './request-body.ts';
import { boundNanos } from './event-time-bound.ts';
import { createSendGate } from './send-gate.ts';

const MAX_FAILURES_KEPT = 10;
const MAX_BACKOFF_MILLIS = 10_000;
/** A receiver's suggested delay is honoured up to this; a larger one is likely a mistake. */
const MAX_SUGGESTED_DELAY_MILLIS = 60_000;

function zeroCounts(): SignalReplayCounts {
  return { lines: 0, requests: 0, itemsSent: 0, itemsAcknowledged: 0, itemsRejected: 0, requestsFailed: 0, retries: 0 };
}

export function createTransport(options: ReplayOptions): OtlpTransport {
  const common = { headers: options.headers ?? {}, timeoutMillis: options.timeoutMillis ?? 30_000 };
  if (options.grpc) {
    if (options.json) throw new RangeError('json and grpc exclude each other: OTLP/gRPC carries protobuf only');
    return createGrpcTransport({ ...common, endpoint: options.endpoint ?? DEFAULT_GRPC_ENDPOINT });
  }
  const endpoint = options.endpoint ?? DEFAULT_HTTP_ENDPOINT;
  if (!/^https?:\/\/[^/]/.test(endpoint)) throw new RangeError(`endpoint must be an http:// or https:// URL, got ${JSON.stringify(endpoint)}`);
  return createHttpTransport({ ...common, endpoint, json: options.json ?? false });
}

/** Delay before retry number `attempt` (1-based): the receiver's suggestion, else exponential backoff with jitter. */
export function retryDelayMillis(attempt: number, suggestedMillis: number | undefined, initialMillis: number): number {
  if (suggestedMillis !== undefined) return Math.min(suggestedMillis, MAX_SUGGESTED_DELAY_MILLIS);
  const backoff = Math.min(MAX_BACKOFF_MILLIS, initialMillis * 2 ** (attempt - 1));
  return backoff * (0.5 + Math.random() * 0.5);
}

export async function replayCase(caseDir: string, options: ReplayOptions = {}): Promise<ReplayResult> {
  const startedMillis = performance.now();
  const maxAttempts = options.maxAttempts ?? 10;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError(`maxAttempts must be a positive integer, got ${maxAttempts}`);
  const initialBackoffMillis = options.initialBackoffMillis ?? 200;
  const maxAheadSeconds = options.maxAheadSeconds ?? DEFAULT_MAX_AHEAD_SECONDS;
  const coalesceSeconds = options.coalesceSeconds ?? DEFAULT_COALESCE_SECONDS;
  for (const [name, value] of [['maxAheadSeconds', maxAheadSeconds], ['coalesceSeconds', coalesceSeconds]] as const) {
    if (!(value >= 0)) throw new RangeError(`${name} must be 0 or more, got ${value}`);
  }
  const gate = createSendGate(options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT, boundNanos(maxAheadSeconds));
  const pacer = createPacer(options.speed);
  const abort = options.abortSignal;
  const transport = options.transport ?? createTransport(options);

  const signals = Object.fromEntries(SIGNAL_FILES.map((s) => [s, zeroCounts()])) as Record<SignalFile, SignalReplayCounts>;
  const failures: CausewayError[] = [];
  let caseId = basename(resolve(caseDir));
  let offsetNanos = 0n;
  let error: CausewayError | undefined;
  let linesDone = 0;
  let linesTotal = 0;

  const recordFailure = (e: CausewayError) => {
    if (failures.length < MAX_FAILURES_KEPT) failures.push(e);
  };
  const total = (): SignalReplayCounts => {
    const t = zeroCounts();
    for (const c of Object.values(signals)) for (const k of Object.keys(t) as Array<keyof SignalReplayCounts>) t[k] += c[k];
    return t;
  };
  const progress = () => {
    if (!options.onProgress) return;
    const t = total();
    options.onProgress({ caseId, linesDone, linesTotal, itemsSent: t.itemsSent, itemsAcknowledged: t.itemsAcknowledged, requestsFailed: t.requestsFailed });
  };
  const finish = (): ReplayResult => {
    // A transport given by the caller stays the caller's to close.
    if (!options.transport) transport.close();
    const t = total();
    const aborted = abort?.aborted ?? false;
    return {
      caseId,
      transport: transport.description,
      signals,
      total: t,
      offsetNanos,
      seconds: (performance.now() - startedMillis) / 1000,
      error,
      failures,
      aborted,
      ok: error === undefined && !aborted && t.requestsFailed === 0 && t.itemsRejected === 0,
    };
  };

  const isFolder = await stat(caseDir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isFolder) {
    error = causewayError('CW_ERR_DATASET_NOT_FOUND', `${caseDir}: no such case folder`);
    return finish();
  }
  const truth = await readCaseTruth(caseDir);
  let anchorNanos: bigint | undefined;
  if (truth.ok) {
    caseId = truth.value.id;
    anchorNanos = isoToNanos(truth.value.window.start);
  } else if (truth.error.code !== 'CW_ERR_DATASET_NOT_FOUND') {
    error = truth.error;
    return finish();
  }
  if (options.onProgress) {
    const counted = await countCaseLines(caseDir);
    if (!counted.ok) {
      error = counted.error;
      return finish();
    }
    linesTotal = counted.value;
  }
  const nowNanos = options.now === undefined ? undefined : typeof options.now === 'bigint' ? options.now : BigInt(options.now.getTime()) * 1_000_000n;

  /** Sends one group of lines until it is acknowledged, refused for good, or out of attempts. Never rejects. */
  const send = async (line: LineGroup, body: string | Uint8Array): Promise<void> => {
    const counts = signals[line.signal];
    const where = line.where;
    let held = false;
    try {
      for (let attempt = 1; ; attempt++) {
        const outcome = await transport.export(line.signal, body);
        if (outcome.kind === 'accepted') {
          const rejected = Math.min(line.items, outcome.rejectedItems);
          counts.itemsAcknowledged += line.items - rejected;
          counts.itemsRejected += rejected;
          if (rejected > 0) recordFailure(causewayError('CW_ERR_DATASET_REPLAY_REFUSED', `${where}: ${rejected} item(s) rejected: ${outcome.errorMessage}`));
          return;
        }
        const givingUp = outcome.kind === 'refused' || attempt >= maxAttempts || abort?.aborted;
        if (givingUp) {
          counts.requestsFailed++;
          if (outcome.kind === 'refused') recordFailure(causewayError('CW_ERR_DATASET_REPLAY_REFUSED', `${where}: ${outcome.message}`));
          else {
            const e = causewayError('CW_ERR_DATASET_REPLAY_UNAVAILABLE', `${where}: still refused after ${attempt} attempt(s): ${outcome.message}`);
            recordFailure(e);
            // The receiver is gone or stays overloaded: stop sending (see the contract above).
            if (!abort?.aborted) error ??= e;
          }
          return;
        }
        counts.retries++;
        if (!held) {
          gate.hold();
          held = true;
        }
        await sleep(retryDelayMillis(attempt, outcome.retryAfterMillis, initialBackoffMillis), abort);
      }
    } catch (e) {
      counts.requestsFailed++;
      recordFailure(causewayError('CW_ERR_DATASET_REPLAY_UNAVAILABLE', `${where}: ${(e as Error).message}`));
    } finally {
      if (held) gate.unhold();
    }
  };

  const merged = mergeSignalLines(caseDir, { validate: options.validate ?? true });
  // Paced replays send each line at its own time; unpaced ones coalesce.
  const coalesceItems = options.speed === undefined ? (options.coalesceItems ?? DEFAULT_COALESCE_ITEMS) : 1;
  const lines = coalesceLines(merged, { maxItems: coalesceItems, maxHeldLines: coalesceItems <= 1 ? 1 : COALESCE_MAX_HELD_LINES, maxHeldSeconds: coalesceSeconds });
  let firstLine = true;
  try {
    for await (const next of lines) {
      if (abort?.aborted || error) break;
      if (!next.ok) {
        error = next.error;
        break;
      }
      const line = next.value;
      if (firstLine && nowNanos !== undefined) offsetNanos = nowNanos - (anchorNanos ?? line.earliestNanos);
      firstLine = false;
      await pacer.wait(line.earliestNanos, abort);
      const body = requestBody(line, offsetNanos, transport.encoding);
      if (!body.ok) {
        error = body.error;
        break;
      }
      await gate.acquire(line.earliestNanos);
      if (abort?.aborted || error) {
        gate.release(line.earliestNanos);
        break;
      }
      signals[line.signal].lines += line.lines.length;
      signals[line.signal].requests++;
      signals[line.signal].itemsSent += line.items;
      void send(line, body.value).finally(() => {
        linesDone += line.lines.length;
        gate.release(line.earliestNanos);
        progress();
      });
    }
  } finally {
    await lines.return(undefined);
    await merged.return(undefined);
    await gate.idle();
  }
  return finish();
}
