/**
 * Deployments read off marker values (read-deploy-markers.ts): a value of a
 * service's marker first seen inside a window, after another value of the
 * same marker had already been seen. The earlier value it replaced is the
 * one seen most recently before it appeared.
 *
 * A first value with nothing before it is not a change: the service may
 * simply have started sending (or the data starts there). A value that
 * comes back (a rollback to a known version) is not new either.
 */
import { DEPLOY_MARKERS, type DeployMarker, type MarkerValue } from './read-deploy-markers.ts';

export interface ResourceChange {
  readonly service: string;
  readonly attribute: DeployMarker;
  readonly from: string;
  readonly to: string;
  readonly atMillis: number;
}

/** A change in words: `service.version 1.4 -> 1.5`. */
export function describeChange(c: ResourceChange): string {
  return `${c.attribute} ${c.from} -> ${c.to}`;
}

/** Changes first seen in [fromMillis, toMillis], by service then time, markers in DEPLOY_MARKERS order on ties. */
export function findChanges(values: readonly MarkerValue[], fromMillis: number, toMillis: number): ResourceChange[] {
  const groups = new Map<string, MarkerValue[]>();
  for (const v of values) {
    const key = `${v.service}\u0000${v.attribute}`;
    groups.set(key, [...(groups.get(key) ?? []), v]);
  }
  const changes: ResourceChange[] = [];
  for (const list of groups.values()) {
    for (const v of list) {
      if (v.firstSeenMillis < fromMillis || v.firstSeenMillis > toMillis) continue;
      let previous: MarkerValue | undefined;
      for (const p of list) {
        if (p.firstSeenMillis >= v.firstSeenMillis) continue;
        if (!previous || Math.min(p.lastSeenMillis, v.firstSeenMillis) > Math.min(previous.lastSeenMillis, v.firstSeenMillis)) previous = p;
      }
      if (previous) changes.push({ service: v.service, attribute: v.attribute, from: previous.value, to: v.value, atMillis: v.firstSeenMillis });
    }
  }
  const rank = (a: DeployMarker) => DEPLOY_MARKERS.indexOf(a);
  return changes.sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : a.atMillis - b.atMillis || rank(a.attribute) - rank(b.attribute)));
}
