/**
 * Latency SLOs ("99% of checkout's requests within 500 ms") as an
 * AnomalySource: the share of a service's requests slower than the
 * threshold, per bucket of an epoch-aligned grid, read from its spans
 * (`causeway_spans_by_time`, sorted by time), is the "bad ratio" the
 * multi-window, multi-burn-rate detector (slo-burn.ts) judges. The signal
 * frame has latency percentiles but not this share, hence a source with its
 * own query.
 *
 * Requests: the service's SERVER and CONSUMER spans; in a bucket where the
 * service has none (instrumentation without span kinds), all its spans.
 *
 * Incremental: each window's spans are counted into their buckets; when a
 * bucket has closed it joins a history as long as the longest burn-rate
 * window, and the detector runs over the history ending there. An anomaly
 * is reported in the window in which its first bucket closes, with what is
 * known at that bucket, so once and alike however the data is cut into
 * windows; its onset is that bucket's start, which can precede the window
 * by up to one step. (Unlike the batch detector, a ticket reported before a
 * page began is not withdrawn.)
 */
import { fail, ok } from '../../core/result.ts';
import { SPANS_BY_TIME_TABLE } from '../../storage/index.ts';
import type { SignalQueryStore } from '../signals/signal-range.ts';
import type { Anomaly } from './anomaly.ts';
import type { AnomalySource } from './anomaly-source.ts';
import { type BurnRateTier, DEFAULT_BURN_RATE_TIERS, createSloBurnDetector } from './slo-burn.ts';

export interface LatencySlo {
  readonly name: string;
  readonly service: string;
  /** Target share of requests within the threshold, e.g. 0.99. */
  readonly objective: number;
  readonly thresholdMillis: number;
  /** Default DEFAULT_BURN_RATE_TIERS. */
  readonly tiers?: readonly BurnRateTier[];
  /** Default 1. */
  readonly windowScale?: number;
}

export interface LatencySloSourceOptions {
  readonly slos: readonly LatencySlo[];
  /** Grid of the bad ratio. Default 10. */
  readonly stepSeconds?: number;
}

export const LATENCY_SLO_SOURCE = 'latency-slo';

interface Counts {
  entry: number;
  entrySlow: number;
  all: number;
  allSlow: number;
}

interface SloState {
  readonly slo: LatencySlo;
  readonly detector: ReturnType<typeof createSloBurnDetector>;
  /** Buckets kept: the longest burn-rate window. */
  readonly keep: number;
  readonly open: Map<number, Counts>;
  /** Bad ratios of closed buckets, the last one being `closedUntil - 1`. */
  history: number[];
}

/** SERVER and CONSUMER spans (the column is written with the span rollup's entry kinds). */
const ENTRY = 'Entry = 1';

export function createLatencySloSource(store: SignalQueryStore, options: LatencySloSourceOptions): AnomalySource {
  const step = options.stepSeconds ?? 10;
  const stepMillis = step * 1000;
  const states: SloState[] = options.slos.map((slo) => {
    const tiers = slo.tiers ?? DEFAULT_BURN_RATE_TIERS;
    const scale = slo.windowScale ?? 1;
    const longest = Math.max(...tiers.map((t) => t.longWindowSeconds)) * scale;
    return {
      slo,
      detector: createSloBurnDetector({ objective: slo.objective, kind: 'latency', latencyThresholdMillis: slo.thresholdMillis, tiers, windowScale: scale }),
      keep: Math.max(1, Math.ceil(longest / step)),
      open: new Map(),
      history: [],
    };
  });
  /** First bucket not closed yet. */
  let closedUntil: number | undefined;

  const columns = options.slos
    .map(
      (_, i) =>
        `, countIf(ServiceName = {s${i}:String} AND ${ENTRY}) AS e${i}, countIf(ServiceName = {s${i}:String} AND ${ENTRY} AND Duration > {d${i}:UInt64}) AS es${i}` +
        `, countIf(ServiceName = {s${i}:String}) AS a${i}, countIf(ServiceName = {s${i}:String} AND Duration > {d${i}:UInt64}) AS as${i}`,
    )
    .join('');
  const sql = `
SELECT intDiv(toUnixTimestamp64Milli(Timestamp), {stepMillis:Int64}) AS b${columns}
FROM ${SPANS_BY_TIME_TABLE}
WHERE Timestamp >= fromUnixTimestamp64Milli({from:Int64}) AND Timestamp < fromUnixTimestamp64Milli({to:Int64}) AND ServiceName IN {services:Array(String)}
GROUP BY b`;
  const params: Record<string, unknown> = { stepMillis, services: [...new Set(options.slos.map((s) => s.service))] };
  options.slos.forEach((s, i) => {
    params[`s${i}`] = s.service;
    params[`d${i}`] = Math.round(s.thresholdMillis * 1_000_000); // Duration is in nanoseconds
  });

  return {
    name: LATENCY_SLO_SOURCE,
    async advance(fromMillis, toMillis) {
      if (states.length === 0) return ok([]);
      const rows = await store.queryRows<Record<string, number>>(sql, { ...params, from: fromMillis, to: toMillis });
      if (!rows.ok) return fail(rows.error);
      closedUntil ??= Math.floor(fromMillis / stepMillis);
      for (const r of rows.value) {
        const b = Number(r.b);
        if (b < closedUntil) continue; // late for a closed bucket
        states.forEach((s, i) => {
          const c = s.open.get(b) ?? { entry: 0, entrySlow: 0, all: 0, allSlow: 0 };
          c.entry += Number(r[`e${i}`]);
          c.entrySlow += Number(r[`es${i}`]);
          c.all += Number(r[`a${i}`]);
          c.allSlow += Number(r[`as${i}`]);
          s.open.set(b, c);
        });
      }
      const end = Math.floor(toMillis / stepMillis);
      const firstNew = closedUntil;
      if (end <= firstNew) return ok([]);
      const out: Anomaly[] = [];
      for (const s of states) {
        // Bucket by bucket, so that what is known of an anomaly at its onset
        // (its evidence) does not depend on how many buckets a window closes.
        for (let b = firstNew; b < end; b++) {
          const c = s.open.get(b);
          s.open.delete(b);
          s.history.push(c === undefined ? NaN : c.entry > 0 ? c.entrySlow / c.entry : c.all > 0 ? c.allSlow / c.all : NaN);
          if (s.history.length > s.keep) s.history.shift();
          const found = s.detector.detect({
            entity: s.slo.service,
            indicator: 'latency',
            name: `slo:${s.slo.name}`,
            values: Float64Array.from(s.history),
            fromMillis: (b + 1 - s.history.length) * stepMillis,
            stepSeconds: step,
          });
          for (const a of found) if (a.onsetMillis === b * stepMillis) out.push({ ...a, evidence: { ...a.evidence, slo: s.slo.name } });
        }
      }
      closedUntil = end;
      return ok(out.sort((a, b) => a.onsetMillis - b.onsetMillis || (a.signal < b.signal ? -1 : a.signal > b.signal ? 1 : 0)));
    },
  };
}
