/**
 * Whom each candidate service called from each of its operations,
 * baseline against incident: per service, operation and period, how often
 * the operation ran, and per peer (the `Peer` the span rollup names) how
 * many outgoing calls its runs made directly, with the calls in error.
 * Read in one pass that puts each run with its calls (span-sql.ts,
 * `spansWithChildren`). The call-path scorer compares calls per run, which
 * needs only these counts.
 *
 * - An operation is a span of the service that calls nothing itself (no
 *   `Peer`): an entry span or an internal one. Counted per operation, a
 *   change in what the service was asked for (more checkouts, fewer
 *   searches) does not look like a change in how it serves each request.
 * - A call is an outgoing span (it has a `Peer` other than its own
 *   service) of the same service as its run.
 * - Calls are read from SPAN_SLACK_MILLIS before the baseline to
 *   SPAN_SLACK_MILLIS after the incident. A call counts in its run's
 *   period.
 * - A call stored twice is counted once: a run's calls are told apart by
 *   their SpanId.
 * - Exemplar trace ids come from the incident period only: per peer, the
 *   first three in order, so the same spans give the same exemplars.
 */
import { type Result, fail, ok } from '../../core/result.ts';
import type { SignalQueryStore } from '../../correlator/index.ts';
import { type EvidencePeriods, periodParams } from './periods.ts';
import { SPAN_SLACK_MILLIS } from './read-operation-stats.ts';
import { spansWithChildren } from './span-sql.ts';

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

/** A span of a candidate service. */
const CANDIDATE = 'has({candidates:Array(String)}, ServiceName)';

/**
 * One row per (service, operation, period, peer) with the calls to that
 * peer, and one with peer '' for the runs that called nothing. A run's
 * calls are spread over rows, so `runs` counts each run once, on the row
 * of its first call (or of its empty one): an operation's runs are the sum
 * of `runs` over its rows.
 */
const SQL = `
SELECT service, operation, period, call.1 AS peer, countIf(i <= 1) AS runs, countIf(peer != '') AS calls, countIf(call.2 = 1) AS failed,
       arraySlice(arraySort(groupUniqArrayIf(TraceId, period = 1 AND peer != '')), 1, 3) AS traces
FROM (
  SELECT TraceId, anyIf(ServiceName, asParent) AS service, anyIf(SpanName, asParent) AS operation,
         anyIf(toUInt8(Timestamp >= fromUnixTimestamp64Milli({onset:Int64})), asParent) AS period,
         arrayMap(c -> (c.3, c.4), arrayFilter(c -> c.2 = service, groupUniqArrayIf((SpanId, ServiceName, Peer, IsError), NOT asParent))) AS outgoing
  ${spansWithChildren(`${CANDIDATE} AND Peer = ''`, `${CANDIDATE} AND Peer != '' AND Peer != ServiceName`)}
)
LEFT ARRAY JOIN outgoing AS call, arrayEnumerate(outgoing) AS i
GROUP BY service, operation, period, peer
ORDER BY service, operation, period, peer`;

interface Row {
  service: string;
  operation: string;
  period: number | string;
  peer: string;
  runs: number | string;
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
  const rows = await store.queryRows<Row>(SQL, params);
  if (!rows.ok) return fail(rows.error);
  const entries = new Map<string, Entry>();
  for (const r of rows.value) {
    const key = `${r.service}\u0000${r.operation}`;
    const entry = entries.get(key) ?? { service: r.service, operation: r.operation, traceIdsByPeer: new Map<string, string[]>() };
    entries.set(key, entry);
    const incident = Number(r.period) === 1;
    const period = (entry[incident ? 'incident' : 'baseline'] ??= { runs: 0, byPeer: new Map() });
    period.runs += Number(r.runs);
    if (r.peer === '') continue;
    period.byPeer.set(r.peer, { calls: Number(r.calls), failed: Number(r.failed) });
    if (incident) entry.traceIdsByPeer.set(r.peer, r.traces);
  }
  const key = (e: Entry) => `${e.service}\u0000${e.operation}`;
  const sorted = [...entries.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return ok(sorted.map((e): OperationCalls => ({ service: e.service, operation: e.operation, baseline: e.baseline, incident: e.incident, traceIdsByPeer: e.traceIdsByPeer })));
}
