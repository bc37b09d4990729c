/**
 * Running totals of what each pod did, fed by the simulation records:
 * CPU spent on requests and statements, bytes in and out, packets lost,
 * bytes logged, requests served. Metric emitters read these totals and
 * turn differences between two reads into rates.
 */
import type { PodInstance } from '../fleet/pods.ts';
import type { DbRecord, NetLossRecord, ServerRecord } from '../sim/records.ts';

export interface PodTotals {
  cpuMs: number;
  requests: number;
  rxBytes: number;
  txBytes: number;
  /** Lost or retransmitted packets, counted as interface errors (receive, transmit). */
  rxErrors: number;
  txErrors: number;
  logBytes: number;
  /** Most recent CPU usage measured by the node agent (cores). */
  lastCpuCores: number;
}

export interface PodLedger {
  totals(pod: PodInstance): PodTotals;
  server(r: ServerRecord): void;
  db(r: DbRecord): void;
  netLoss(r: NetLossRecord): void;
  logged(pod: PodInstance, bytes: number): void;
}

export function createPodLedger(): PodLedger {
  const map = new Map<string, PodTotals>();
  const totals = (pod: PodInstance): PodTotals => {
    let t = map.get(pod.key);
    if (!t) {
      t = { cpuMs: 0, requests: 0, rxBytes: 0, txBytes: 0, rxErrors: 0, txErrors: 0, logBytes: 0, lastCpuCores: pod.cpuIdleCores };
      map.set(pod.key, t);
    }
    return t;
  };
  return {
    totals,
    server(r) {
      const t = totals(r.pod);
      t.cpuMs += r.op.cpuMs * (r.errorType === '' ? 1 : 0.6);
      t.requests++;
      t.rxBytes += r.requestBytes;
      t.txBytes += r.responseBytes;
    },
    db(r) {
      const t = totals(r.pod);
      t.cpuMs += 0.12 + Math.min(r.durationMs, 2_000) * 0.04;
      t.requests++;
      t.rxBytes += 180;
      t.txBytes += 900;
    },
    netLoss(r) {
      const t = totals(r.pod);
      t.txErrors += r.packets;
      t.rxErrors += Math.ceil(r.packets / 2);
    },
    logged(pod, bytes) {
      totals(pod).logBytes += bytes;
    },
  };
}
