/**
 * When each value of a candidate's deployment markers was first and last
 * seen, from the resource attributes of everything it sent:
 *
 * - `service.version` (SDK resource: traces, logs, SDK metrics);
 * - `container.image.tag` (kubeletstats container metrics);
 * - `k8s.replicaset.name`: the ReplicaSet a Deployment's pod belongs to, as
 *   the k8sattributes processor sets it, or else read off the pod name
 *   (`<deployment>-<pod-template-hash>-<suffix>`). A new ReplicaSet is a
 *   rollout even when the version string stays the same (a config or
 *   image change under the same tag); a restarted or rescheduled pod keeps
 *   its ReplicaSet.
 *
 * One pass per table (traces, logs, gauge, sum and histogram metrics),
 * grouped in the store.
 */
import { type Result, fail, ok } from '../../core/result.ts';
import type { SignalQueryStore } from '../../correlator/index.ts';
import { otelLogsTimeBound } from '../../storage/index.ts';
import { timeBetween } from './span-sql.ts';

export const DEPLOY_MARKERS = ['service.version', 'container.image.tag', 'k8s.replicaset.name'] as const;
export type DeployMarker = (typeof DEPLOY_MARKERS)[number];

export interface MarkerValue {
  readonly service: string;
  readonly attribute: DeployMarker;
  readonly value: string;
  readonly firstSeenMillis: number;
  readonly lastSeenMillis: number;
  /** Records (spans, log records, data points) carrying the value. */
  readonly records: number;
}

const REPLICASET_SQL = `if(ResourceAttributes['k8s.replicaset.name'] != '', ResourceAttributes['k8s.replicaset.name'],
  if(ResourceAttributes['k8s.deployment.name'] != '' AND startsWith(ResourceAttributes['k8s.pod.name'], concat(ResourceAttributes['k8s.deployment.name'], '-')),
     concat(ResourceAttributes['k8s.deployment.name'], '-', splitByChar('-', substring(ResourceAttributes['k8s.pod.name'], length(ResourceAttributes['k8s.deployment.name']) + 2))[1]), ''))`;

const MARKERS_SQL = `[('service.version', ResourceAttributes['service.version']), ('container.image.tag', ResourceAttributes['container.image.tag']), ('k8s.replicaset.name', ${REPLICASET_SQL})]`;

/** Per table: its time column, and for otel_logs the bound its primary key can use (otelLogsTimeBound). */
const SOURCES: ReadonlyArray<readonly [table: string, timeColumn: string, keyBound?: string]> = [
  ['otel_traces', 'Timestamp'],
  ['otel_logs', 'Timestamp', otelLogsTimeBound('{from:Int64}', '{to:Int64}')],
  ['otel_metrics_gauge', 'TimeUnix'],
  ['otel_metrics_sum', 'TimeUnix'],
  ['otel_metrics_histogram', 'TimeUnix'],
];

/**
 * Per table, rows are first grouped by their whole resource (a process
 * sends thousands of records with the same few resources), and markers are
 * read off the distinct resources only: about half the cost of reading
 * three map keys per row.
 */
const perSource = ([table, time, keyBound]: readonly [string, string, string?]) => `
  SELECT service, m.1 AS attribute, m.2 AS value, min(firstAt) AS firstSeen, max(lastAt) AS lastSeen, sum(n) AS records
  FROM (
    SELECT ServiceName AS service, ResourceAttributes, min(${time}) AS firstAt, max(${time}) AS lastAt, count() AS n
    FROM ${table}
    WHERE ${timeBetween(time, 'from', 'to')}${keyBound ? ` AND ${keyBound}` : ''} AND has({candidates:Array(String)}, ServiceName)
    GROUP BY service, ResourceAttributes
  )
  ARRAY JOIN arrayFilter(x -> x.2 != '', ${MARKERS_SQL}) AS m
  GROUP BY service, attribute, value`;

const SQL = `
SELECT service, attribute, value, toUnixTimestamp64Milli(min(firstSeen)) AS firstSeenMillis, toUnixTimestamp64Milli(max(lastSeen)) AS lastSeenMillis, sum(records) AS records
FROM (${SOURCES.map(perSource).join('\n  UNION ALL')})
GROUP BY service, attribute, value`;

interface Row {
  service: string;
  attribute: string;
  value: string;
  firstSeenMillis: number | string;
  lastSeenMillis: number | string;
  records: number | string;
}

/** Marker values of the candidates seen in [fromMillis, toMillis], ordered by service, attribute and first sighting. */
export async function readDeployMarkers(store: SignalQueryStore, candidates: readonly string[], fromMillis: number, toMillis: number): Promise<Result<MarkerValue[]>> {
  if (candidates.length === 0) return ok([]);
  const rows = await store.queryRows<Row>(SQL, { from: fromMillis, to: toMillis, candidates: [...candidates] });
  if (!rows.ok) return fail(rows.error);
  // Merged here as well: some server versions split GROUP BY keys read from maps (ClickHouse issue 59402).
  const merged = new Map<string, MarkerValue>();
  for (const r of rows.value) {
    const key = `${r.service}\u0000${r.attribute}\u0000${r.value}`;
    const known = merged.get(key);
    const first = Number(r.firstSeenMillis);
    const last = Number(r.lastSeenMillis);
    merged.set(key, {
      service: r.service,
      attribute: r.attribute as DeployMarker,
      value: r.value,
      firstSeenMillis: known ? Math.min(known.firstSeenMillis, first) : first,
      lastSeenMillis: known ? Math.max(known.lastSeenMillis, last) : last,
      records: (known?.records ?? 0) + Number(r.records),
    });
  }
  const order = (a: MarkerValue, b: MarkerValue) =>
    a.service < b.service ? -1 : a.service > b.service ? 1 : a.attribute < b.attribute ? -1 : a.attribute > b.attribute ? 1 : a.firstSeenMillis - b.firstSeenMillis || (a.value < b.value ? -1 : 1);
  return ok([...merged.values()].sort(order));
}
