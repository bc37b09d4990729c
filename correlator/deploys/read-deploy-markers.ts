/**
 * When each value of a candidate's deployment markers (`service.version`,
 * `container.image.tag`, `k8s.replicaset.name`) was first and last seen, in
 * everything it sent: read from the deploy-marker rollup, which folds them
 * in per minute as records arrive (storage migration 11 says how each
 * marker is read off a record's resource).
 *
 * A rollup row covers a minute; its first and last times are exact. Rows
 * of the minute `fromMillis` falls in count whole (history before it is
 * only ever the baseline a change is judged against); rows first seen after
 * `toMillis` are left out, and a last sighting is capped at `toMillis`, so a
 * value that appeared after the range is not seen, as if read from the raw
 * records.
 */
import { type Result, fail, ok } from '../../core/result.ts';
import type { SignalQueryStore } from '../signals/signal-range.ts';
import { DEPLOY_MARKER_ROLLUP_TABLE, DEPLOY_MARKERS, type DeployMarker } from '../../storage/index.ts';

export { DEPLOY_MARKERS, type DeployMarker };

export interface MarkerValue {
  readonly service: string;
  readonly attribute: DeployMarker;
  readonly value: string;
  readonly firstSeenMillis: number;
  readonly lastSeenMillis: number;
  /** Records (spans, log records, data points) carrying the value; the range's first and last minutes count whole. */
  readonly records: number;
}

const TO = 'fromUnixTimestamp64Milli({to:Int64})';

const SQL = `
SELECT ServiceName AS service, Marker AS attribute, Value AS value,
       toUnixTimestamp64Milli(min(FirstSeen)) AS firstSeenMillis, toUnixTimestamp64Milli(least(max(LastSeen), ${TO})) AS lastSeenMillis, sum(Records) AS records
FROM ${DEPLOY_MARKER_ROLLUP_TABLE}
WHERE Bucket >= toStartOfMinute(toDateTime(intDiv({from:Int64}, 1000))) AND Bucket <= toDateTime(intDiv({to:Int64}, 1000))
  AND FirstSeen <= ${TO} AND has({candidates:Array(String)}, ServiceName)
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
  const values: MarkerValue[] = rows.value.map((r) => ({
    service: r.service,
    attribute: r.attribute as DeployMarker,
    value: r.value,
    firstSeenMillis: Number(r.firstSeenMillis),
    lastSeenMillis: Number(r.lastSeenMillis),
    records: Number(r.records),
  }));
  const order = (a: MarkerValue, b: MarkerValue) =>
    a.service < b.service ? -1 : a.service > b.service ? 1 : a.attribute < b.attribute ? -1 : a.attribute > b.attribute ? 1 : a.firstSeenMillis - b.firstSeenMillis || (a.value < b.value ? -1 : 1);
  return ok(values.sort(order));
}
