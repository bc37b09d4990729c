/**
 * The correlator on event time, shared by the live service and
 * `causeway eval`. `advanceTo(watermark)` closes, in order, every whole
 * window that ends at or before the watermark; for each:
 *
 *   read the window's signals -> append to the rolling frame ->
 *   refresh the topology if due -> judge the newest bucket ->
 *   advance the anomaly sources -> drop warm-up and already-taken anomalies ->
 *   mark those that followed their service's deployment ->
 *   group (watermark = window end) -> rank incidents that opened or grew ->
 *   append the events to the sink
 *
 * Everything depends only on the stored data and the window sequence, never
 * on the wall clock or on how many windows one call closed: the same data
 * gives the same events live, replayed or evaluated.
 *
 * Signals are read for up to MAX_WINDOWS_PER_READ due windows at once;
 * each window's values are the same as when read alone (read-window-signals.ts).
 *
 * Failures: a failed signal read leaves the windows open, to be read again
 * by the next call. A failed sink append does not reopen the window: its
 * events are offered again, first, on the next call. A failed topology
 * read, source, deployment read or ranking does not stop the window
 * (previous graph; the source and the ranking are retried next window; the
 * anomalies are taken as not following a deployment). In every case the call
 * stops there and returns the failure; windows closed before stay closed,
 * their events in the sink. Calls are queued, never run concurrently.
 */
import type { CausewayError } from '../../core/errors.ts';
import { type Result, fail, ok } from '../../core/result.ts';
import { withRecentDeploys } from '../deploys/index.ts';
import { createChangePointDetector } from '../detect/change-point.ts';
import { createEventBurstDetector } from '../detect/event-burst.ts';
import { createRestartsDetector } from '../detect/restarts.ts';
import { createRobustBaselineDetector } from '../detect/robust-baseline.ts';
import type { IncidentEvent, IncidentState } from '../incidents/incident-events.ts';
import { createIncidentGrouper } from '../incidents/incident-grouper.ts';
import type { SignalFrame } from '../signals/signal-frame.ts';
import { createRankScheduler } from './rank-scheduler.ts';
import { readWindowSignals, windowColumn } from './read-window-signals.ts';
import { createReportedAnomalies } from './reported-anomalies.ts';
import { createRuntimeMetrics } from './runtime-metrics.ts';
import { createRollingFrame } from './rolling-frame.ts';
import { type CorrelatorRuntimeOptions, resolveRuntimeNumbers } from './runtime-options.ts';
import { createSourceCursors } from './source-cursors.ts';
import { withSpanSupport } from './span-support.ts';
import { createTopologyTracker } from './topology-tracker.ts';
import { createWindowDetection } from './window-detection.ts';

export interface CorrelatorRuntime {
  /** Closes every whole window ending at or before `watermarkMillis`; the events they caused, in order. A watermark never goes back. */
  advanceTo(watermarkMillis: number): Promise<Result<IncidentEvent[]>>;
  /** End of the last closed window (the first window's start before any closed). */
  closedThroughMillis(): number;
  /** Current state of every incident, with its newest ranking. */
  incidents(): ReadonlyMap<string, IncidentState>;
  /** Writes what the anomaly sources hold back (after any advance in progress); call before stopping. */
  flush(): Promise<Result<void>>;
}

/**
 * Windows whose signals one storage read covers when an advance closes
 * several (catch-up after a restart, evaluation): 5 minutes of 10 s
 * windows, so a read's rows stay small and a failure re-reads little.
 */
const MAX_WINDOWS_PER_READ = 30;

export function createCorrelatorRuntime(options: CorrelatorRuntimeOptions): CorrelatorRuntime {
  const n = resolveRuntimeNumbers(options);
  const { stepMillis, stepSeconds } = n;
  const startMillis = Math.floor(options.startMillis / stepMillis) * stepMillis;
  const detectors = options.detectors ?? [createRobustBaselineDetector(options.robustBaseline), createChangePointDetector(options.changePoint), createEventBurstDetector(options.eventBurst), createRestartsDetector()];

  const frame = createRollingFrame(stepSeconds, n.historyBuckets, startMillis);
  const detection = createWindowDetection(detectors);
  const reported = createReportedAnomalies(n.historyBuckets * stepMillis);
  const topology = createTopologyTracker({
    store: options.store,
    refreshSeconds: n.topologyRefreshSeconds,
    windowMinutes: n.topologyWindowMinutes,
    ...(options.snapshots ? { snapshots: options.snapshots } : {}),
    ...(options.staticDependencies ? { staticDependencies: options.staticDependencies } : {}),
  });
  const sources = createSourceCursors(options.sources ?? [], startMillis);
  // The grouper relates anomalies on the newest graph: the one in effect when they are taken (the window end).
  const grouper = createIncidentGrouper(options.grouper ?? {}, () => topology.graph(), options.restored);
  const ranking = createRankScheduler(options.ranker, n.rankIntervalMillis, n.rankRefreshMillis);
  const metrics = createRuntimeMetrics();

  let closedThrough = startMillis;
  /** Start of the first window that held any signal: the warm-up counts from the data, not from when the runtime started. */
  let firstDataMillis: number | undefined;
  let undelivered: IncidentEvent[] = [];
  let queue: Promise<unknown> = Promise.resolve();

  async function deliver(events: IncidentEvent[]): Promise<Result<void>> {
    const all = undelivered.length > 0 ? [...undelivered, ...events] : events;
    if (all.length === 0) return ok(undefined);
    const r = await options.sink.append(all);
    undelivered = r.ok ? [] : all;
    return r;
  }

  /** Closes the window starting at `windowStart`, whose signals are `column`; the window's events and a failure that did not stop it. */
  async function closeWindow(windowStart: number, column: SignalFrame): Promise<Result<{ events: IncidentEvent[]; problem?: CausewayError }>> {
    const windowEnd = windowStart + stepMillis;
    const started = performance.now();
    let problem: CausewayError | undefined;
    const graphRead = await topology.refresh(windowEnd);
    if (!graphRead.ok) problem = graphRead.error;

    frame.append(windowStart, column);
    if (firstDataMillis === undefined && column.series.length > 0) firstDataMillis = windowStart;
    const found = withSpanSupport(detection.judgeNewest(frame), frame);
    const sourced = await sources.advance(windowEnd);
    problem ??= sourced.error;

    const alertFrom = Math.max((firstDataMillis ?? Number.POSITIVE_INFINITY) + n.warmupMillis, options.takeOnsetsFromMillis ?? Number.NEGATIVE_INFINITY);
    const fresh = reported.fresh(
      [...found, ...sourced.anomalies].filter((a) => a.onsetMillis >= alertFrom),
      windowEnd,
    );
    // Read after `fresh`: only anomalies taken now ask whether their service was just deployed.
    const deployed = await withRecentDeploys(options.store, fresh, windowEnd);
    if (!deployed.ok) problem ??= deployed.error;
    const taken = deployed.ok ? deployed.value : fresh;
    if (taken.length > 0) options.onAnomalies?.(taken, windowEnd);
    const events = grouper.ingest(taken, windowEnd);

    const ranked = await ranking.rank({ windowEndMillis: windowEnd, events, incidents: () => grouper.incidents(), frame: () => frame.snapshot(), graph: topology.graph(), store: options.store });
    problem ??= ranked.error;
    events.push(...ranked.events);
    closedThrough = windowEnd;
    metrics.windowClosed(performance.now() - started, taken.length, events.length);
    const delivered = await deliver(events);
    if (!delivered.ok) return delivered;
    return ok(problem ? { events, problem } : { events });
  }

  async function advance(watermarkMillis: number): Promise<Result<IncidentEvent[]>> {
    const out: IncidentEvent[] = [];
    if (undelivered.length > 0) {
      const retried = await deliver([]);
      if (!retried.ok) return retried;
    }
    while (closedThrough + stepMillis <= watermarkMillis) {
      const due = Math.min(MAX_WINDOWS_PER_READ, Math.floor((watermarkMillis - closedThrough) / stepMillis));
      const read = await readWindowSignals(options.store, closedThrough, due, stepSeconds, n.signalLookbackSeconds);
      if (!read.ok) return read;
      for (let i = 0; i < due; i++) {
        const closed = await closeWindow(closedThrough, windowColumn(read.value, i));
        if (!closed.ok) return closed;
        out.push(...closed.value.events);
        if (closed.value.problem) return fail(closed.value.problem);
      }
    }
    return ok(out);
  }

  return {
    advanceTo(watermarkMillis) {
      const run = queue.then(() => advance(watermarkMillis));
      queue = run.catch(() => undefined);
      return run;
    },
    closedThroughMillis: () => closedThrough,
    flush() {
      const run = queue.then(async (): Promise<Result<void>> => {
        const error = await sources.flush();
        return error ? fail(error) : ok(undefined);
      });
      queue = run.catch(() => undefined);
      return run;
    },
    incidents() {
      const out = new Map<string, IncidentState>();
      for (const [id, state] of grouper.incidents()) out.set(id, { ...state, causes: ranking.causesOf(id) });
      return out;
    },
  };
}
