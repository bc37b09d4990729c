/**
 * Which anomalies the runtime has already taken. Detector streams report a
 * run again every window while it lasts (with its evidence so far), and
 * detectors without a stream find the same anomalies again in every
 * window's history; only the first report of an anomaly (same fingerprint,
 * same onset) goes to the incident grouper, and a later one that turned
 * critical (a run that went on growing), so that evidence gathered over
 * time can open an incident.
 *
 * Memory: an entry is forgotten once nothing reported it for `retainMillis`
 * of event time (the history length: by then no detector sees its run).
 */
import type { Anomaly } from '../detect/anomaly.ts';
import { anomalyFingerprint } from '../incidents/incident-events.ts';

export interface ReportedAnomalies {
  /** The anomalies not reported before, or reported before only below critical and critical now, in the given order; every one is remembered as seen at `nowMillis`. */
  fresh(anomalies: readonly Anomaly[], nowMillis: number): Anomaly[];
  readonly size: number;
}

export function createReportedAnomalies(retainMillis: number): ReportedAnomalies {
  const lastSeen = new Map<string, { atMillis: number; critical: boolean }>();
  let prunedAt = Number.NEGATIVE_INFINITY;
  return {
    fresh(anomalies, nowMillis) {
      const out: Anomaly[] = [];
      for (const a of anomalies) {
        const key = `${anomalyFingerprint(a)}|${a.onsetMillis}`;
        const before = lastSeen.get(key);
        const critical = a.severity === 'critical';
        if (!before || (critical && !before.critical)) out.push(a);
        lastSeen.set(key, { atMillis: nowMillis, critical: critical || (before?.critical ?? false) });
      }
      // Pruning walks every entry: once per retention period is enough.
      if (nowMillis - prunedAt >= retainMillis) {
        for (const [key, seen] of lastSeen) if (seen.atMillis < nowMillis - retainMillis) lastSeen.delete(key);
        prunedAt = nowMillis;
      }
      return out;
    },
    get size() {
      return lastSeen.size;
    },
  };
}
