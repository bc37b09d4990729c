/**
 * Whom each candidate service called from each of its operations,
 * baseline against incident: per service, operation and period, how often
 * the operation ran, and per peer (the `Peer` the span rollup names) how
 * many outgoing calls its runs made directly, with the calls in error.
 * Read from `causeway_spans_by_time` in two aggregations run at once: the
 * operations' runs, and the outgoing spans joined to their parent span of
 * the same service. The call-path scorer compares calls per run, which
 * needs only these counts.
 *
 * - An operation is a span of the service that calls nothing itself (no
 *   `Peer`): an entry span or an internal one. Counted per operation, a
 *   change in what the service was asked for (more checkouts, fewer
 *   searches) does not look like a change in how it serves each request.
 * - Calls are read from SPAN_SLACK_MILLIS before the baseline to
 *   SPAN_SLACK_MILLIS after the incident: a call can start after its
 *   parent's period ends, or before its parent on a skewed clock. It counts
 *   in its parent's period.
 * - Delivery is at least once, so a span can be stored twice: spans are
 *   deduplicated by (TraceId, SpanId) before they are counted or joined.
 * - Exemplar trace ids come from the incident period only.
 */
import { type Result, fail, ok } from '../../core/result.ts';
import type { SignalQueryStore } from '../../correlator/index.ts';
import { SPANS_BY_TIME_TABLE } from '../../storage/index.ts';
import { type EvidencePeriods, periodParams } from './periods.ts';
import { SPAN_SLACK_MILLIS } from './read-operation-stats.ts';
import { timeBetween } from './span-sql.ts';

export interface PeerCalls {
  readonly calls: number;
  readonly failed: number;
}

export interface PeriodCalls {
  /** Runs of the operation. */
  readonly runs: number;
  /** Direct outgoing calls of those runs, per peer. */
  readonly byPeer: ReadonlyMap<string, PeerCalls>;
}

export interface OperationCalls {
  readonly service: string;
  readonly operation: string;
  /** Undefined when the operation did not run in that period. */
  readonly baseline: PeriodCalls | undefined;
  readonly incident: PeriodCalls | undefined;
  /** Per peer, up to 3 traces of the incident period with a call to it from this operation. */
  readonly traceIdsByPeer: ReadonlyMap<string, readonly string[]>;
}

const PERIOD = 'toUInt8(Timestamp >= fromUnixTimestamp64Milli({onset:Int64}))';

const RUNS_SQL = `
SELECT service, operation, period, count() AS runs
FROM (
  SELECT ServiceName AS service, SpanName AS operation, ${PERIOD} AS period
  FROM ${SPANS_BY_TIME_TABLE}
  WHERE ${timeBetween('Timestamp', 'from', 'at')} AND has({candidates:Array(String)}, ServiceName) AND Peer = ''
  LIMIT 1 BY TraceId, SpanId
)
GROUP BY service, operation, period`;

const CALLS_SQL = `
SELECT p.service AS service, p.operation AS operation, c.peer AS peer, p.period AS period,
       count() AS calls, countIf(c.err) AS failed, groupUniqArrayIf(3)(p.TraceId, p.period = 1) AS traces
FROM (
  SELECT TraceId, ParentSpanId, ServiceName AS service, Peer AS peer, IsError AS err
  FROM ${SPANS_BY_TIME_TABLE}
  WHERE ${timeBetween('Timestamp', 'childFrom', 'childTo')} AND has({candidates:Array(String)}, ServiceName) AND Peer != '' AND Peer != ServiceName
  LIMIT 1 BY TraceId, SpanId
) AS c
INNER JOIN (
  SELECT TraceId, SpanId, ServiceName AS service, SpanName AS operation, ${PERIOD} AS period
  FROM ${SPANS_BY_TIME_TABLE}
  WHERE ${timeBetween('Timestamp', 'from', 'at')} AND has({candidates:Array(String)}, ServiceName) AND Peer = ''
  LIMIT 1 BY TraceId, SpanId
) AS p ON c.TraceId = p.TraceId AND c.ParentSpanId = p.SpanId AND c.service = p.service
GROUP BY service, operation, peer, period`;

interface RunsRow {
  service: string;
  operation: string;
  period: number | string;
  runs: number | string;
}

interface CallsRow {
  service: string;
  operation: string;
  peer: string;
  period: number | string;
  calls: number | string;
  failed: number | string;
  traces: string[];
}

interface Entry {
  service: string;
  operation: string;
  baseline?: { runs: number; byPeer: Map<string, PeerCalls> };
  incident?: { runs: number; byPeer: Map<string, PeerCalls> };
  traceIdsByPeer: Map<string, string[]>;
}

/** Per operation of the candidate services that ran in either period, ordered by service and operation. */
export async function readCallCounts(store: SignalQueryStore, periods: EvidencePeriods, candidates: readonly string[]): Promise<Result<OperationCalls[]>> {
  if (candidates.length === 0) return ok([]);
  const params = { ...periodParams(periods), childFrom: periods.baselineFromMillis - SPAN_SLACK_MILLIS, childTo: periods.atMillis + SPAN_SLACK_MILLIS, candidates: [...candidates] };
  const [runs, calls] = await Promise.all([store.queryRows<RunsRow>(RUNS_SQL, params), store.queryRows<CallsRow>(CALLS_SQL, params)]);
  if (!runs.ok) return fail(runs.error);
  if (!calls.ok) return fail(calls.error);
  const entries = new Map<string, Entry>();
  const entryOf = (service: string, operation: string) => {
    const key = `${service}\u0000${operation}`;
    const entry = entries.get(key) ?? { service, operation, traceIdsByPeer: new Map<string, string[]>() };
    entries.set(key, entry);
    return entry;
  };
  for (const r of runs.value) {
    const entry = entryOf(r.service, r.operation);
    entry[Number(r.period) === 1 ? 'incident' : 'baseline'] = { runs: Number(r.runs), byPeer: new Map() };
  }
  for (const r of calls.value) {
    const entry = entryOf(r.service, r.operation);
    const incident = Number(r.period) === 1;
    // A parent always ran in its period, so its runs were counted above; the fallback only guards the types.
    const period = (entry[incident ? 'incident' : 'baseline'] ??= { runs: 0, byPeer: new Map() });
    period.byPeer.set(r.peer, { calls: Number(r.calls), failed: Number(r.failed) });
    if (incident) entry.traceIdsByPeer.set(r.peer, [...r.traces].sort());
  }
  const key = (e: Entry) => `${e.service}\u0000${e.operation}`;
  const sorted = [...entries.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return ok(sorted.map((e): OperationCalls => ({ service: e.service, operation: e.operation, baseline: e.baseline, incident: e.incident, traceIdsByPeer: e.traceIdsByPeer })));
}
