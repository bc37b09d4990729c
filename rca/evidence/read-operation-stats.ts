/**
 * Exclusive errors and self time per operation, baseline against incident,
 * aggregated in the store in one read that puts each span with its
 * children (span-sql.ts, `spansWithChildren`).
 *
 * - Self time is the span's duration less the part of it covered by the
 *   union of its children's intervals (overlapping, parallel children are
 *   counted once: in start order, each child adds only what starts after
 *   the latest end of the siblings before it), each clipped to the parent.
 *   An asynchronous child that outlives its parent covers only its overlap.
 *   A child stored twice adds nothing the second time.
 * - An exclusive error is a span in error none of whose children is in
 *   error: the error starts there, rather than passing through from below.
 *   Exclusive timeouts are those of them that timed out waiting for their
 *   answer (`TimedOut`): a call that reached a callee too slow to answer.
 * - Attribution: a span is counted for its service, except an outgoing span
 *   whose peer (`Peer`, named as the span rollup names it) is a candidate:
 *   its own time is the wire and the remote side, so it counts for the
 *   peer, with its service as `via`.
 *   A database or external API without spans of its own is judged that
 *   way. An outgoing span counted for its own service (its peer is not a
 *   candidate) is an operation per peer, `GET to catalogue`: a redis `GET`
 *   and an HTTP `GET` are not averaged into one operation. Calls to a peer
 *   that is another incident's story (`elsewhere`) count for nobody.
 *
 * Rows are grouped by (entity, via, operation, period); exemplar trace ids
 * come from the incident period only.
 */
import { type Result, fail, ok } from '../../core/result.ts';
import type { SignalQueryStore } from '../../correlator/index.ts';
import { type EvidencePeriods, periodParams } from './periods.ts';
import { spansWithChildren } from './span-sql.ts';

/** How far outside the periods a child span may start and still be matched to its parent. */
export const SPAN_SLACK_MILLIS = 60_000;

export interface PeriodStats {
  readonly spans: number;
  /** Spans in error. */
  readonly errors: number;
  /** Spans in error with no child in error. */
  readonly exclusiveErrors: number;
  /** Of those, the spans that timed out waiting for their answer (`TimedOut`, storage migration 13). */
  readonly exclusiveTimeouts: number;
  /** Mean self time per span. */
  readonly selfMeanMillis: number;
  /** Self time three spans in four stay under (75th percentile, interpolated). */
  readonly selfP75Millis: number;
  /** Mean duration per span (self time plus children). */
  readonly durationMeanMillis: number;
}

export interface OperationStats {
  /** The entity the spans are counted for: a service, or a database / peer called from `via`. */
  readonly entity: string;
  /** The calling service when the spans are outgoing calls to `entity`; '' for the entity's own spans. */
  readonly via: string;
  /** Span name. */
  readonly operation: string;
  /** Undefined when the operation has no span in that period. */
  readonly baseline: PeriodStats | undefined;
  readonly incident: PeriodStats | undefined;
  /** Traces of incident spans with an exclusive error (at most 3). */
  readonly errorTraceIds: readonly string[];
  /** Traces of the incident spans with the largest self time, largest first (at most 3, distinct). */
  readonly slowTraceIds: readonly string[];
}

const EXCLUSIVE = 'err AND NOT childErr';

/** Spans of the incident period ordered by self time, largest first (ties by trace id): the first three distinct traces. */
const SLOWEST_TRACES = 'arraySlice(arrayDistinct(arrayMap(s -> s.2, arraySort(s -> (-s.1, s.2), groupArrayIf((selfNs, TraceId), period = 1)))), 1, 3)';

/** What the children of a span cover of it: their intervals in start order, each adding what starts after the latest end before it. */
const COVERED_NS =
  'arrayFold((acc, c) -> (acc.1 + greatest(0, least(c.2, startNs + durationNs) - greatest(c.1, startNs, acc.2)), greatest(acc.2, c.2)), arraySort(children), (toInt64(0), toInt64(0))).1';

const SQL = `
SELECT entity, via, operation, period, count() AS spans, countIf(err) AS errors, countIf(${EXCLUSIVE}) AS exclusiveErrors, countIf(${EXCLUSIVE} AND timedOut) AS exclusiveTimeouts,
       avg(selfNs) / 1e6 AS selfMeanMillis, quantileExactInclusive(0.75)(selfNs) / 1e6 AS selfP75Millis, avg(durationNs) / 1e6 AS durationMeanMillis,
       groupArrayIf(3)(TraceId, ${EXCLUSIVE} AND period = 1) AS errorTraces, ${SLOWEST_TRACES} AS slowTraces
FROM (
  SELECT TraceId, service, peer != '' AND peer != service AS callsPeer,
         if(callsPeer AND has({candidates:Array(String)}, peer), peer, service) AS entity,
         if(callsPeer AND entity = service, concat(spanName, ' to ', peer), spanName) AS operation,
         if(entity = service, '', service) AS via,
         period, err, childErr, timedOut, durationNs, greatest(0, durationNs - ${COVERED_NS}) AS selfNs
  FROM (
    SELECT TraceId, anyIf(ServiceName, asParent) AS service, anyIf(SpanName, asParent) AS spanName, anyIf(Peer, asParent) AS peer,
           anyIf(toUInt8(Timestamp >= fromUnixTimestamp64Milli({onset:Int64})), asParent) AS period,
           anyIf(IsError, asParent) AS err, maxIf(IsError, NOT asParent) AS childErr, anyIf(TimedOut, asParent) AS timedOut,
           anyIf(toUnixTimestamp64Nano(Timestamp), asParent) AS startNs, anyIf(toInt64(Duration), asParent) AS durationNs,
           groupArrayIf((toUnixTimestamp64Nano(Timestamp), toUnixTimestamp64Nano(Timestamp) + toInt64(Duration)), NOT asParent) AS children
    ${spansWithChildren("ServiceName != ''", '1')}
  )
  WHERE has({candidates:Array(String)}, entity) AND NOT (callsPeer AND entity = service AND has({elsewhere:Array(String)}, peer))
)
GROUP BY entity, via, operation, period`;

interface Row {
  entity: string;
  via: string;
  operation: string;
  period: number | string;
  spans: number | string;
  errors: number | string;
  exclusiveErrors: number | string;
  exclusiveTimeouts: number | string;
  selfMeanMillis: number | string;
  selfP75Millis: number | string;
  durationMeanMillis: number | string;
  errorTraces: string[];
  slowTraces: string[];
}

function periodStats(r: Row): PeriodStats {
  return {
    spans: Number(r.spans),
    errors: Number(r.errors),
    exclusiveErrors: Number(r.exclusiveErrors),
    exclusiveTimeouts: Number(r.exclusiveTimeouts),
    selfMeanMillis: Number(r.selfMeanMillis),
    selfP75Millis: Number(r.selfP75Millis),
    durationMeanMillis: Number(r.durationMeanMillis),
  };
}

/**
 * Per-operation span statistics of the candidates (services, databases,
 * peers) in both periods. Calls to a peer in `elsewhere` (another open
 * incident's story) that is not a candidate are left out: their time is
 * that incident's, not the calling service's own.
 */
export async function readOperationStats(
  store: SignalQueryStore,
  periods: EvidencePeriods,
  candidates: readonly string[],
  elsewhere: Iterable<string> = [],
): Promise<Result<OperationStats[]>> {
  if (candidates.length === 0) return ok([]);
  const params = {
    ...periodParams(periods),
    childFrom: periods.baselineFromMillis - SPAN_SLACK_MILLIS,
    childTo: periods.atMillis + SPAN_SLACK_MILLIS,
    candidates: [...candidates],
    elsewhere: [...elsewhere],
  };
  const rows = await store.queryRows<Row>(SQL, params);
  if (!rows.ok) return fail(rows.error);
  const byKey = new Map<string, { entity: string; via: string; operation: string; baseline?: Row; incident?: Row }>();
  for (const r of rows.value) {
    const key = `${r.entity}\u0000${r.via}\u0000${r.operation}`;
    const entry = byKey.get(key) ?? { entity: r.entity, via: r.via, operation: r.operation };
    if (Number(r.period) === 1) entry.incident = r;
    else entry.baseline = r;
    byKey.set(key, entry);
  }
  const out: OperationStats[] = [];
  for (const e of byKey.values()) {
    out.push({
      entity: e.entity,
      via: e.via,
      operation: e.operation,
      baseline: e.baseline && periodStats(e.baseline),
      incident: e.incident && periodStats(e.incident),
      errorTraceIds: e.incident ? [...new Set(e.incident.errorTraces)].sort() : [],
      slowTraceIds: e.incident ? e.incident.slowTraces : [],
    });
  }
  const key = (s: OperationStats) => `${s.entity}\u0000${s.via}\u0000${s.operation}`;
  return ok(out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)));
}
