import { describe, expect, it } from 'vitest';
import type { CaseTruth } from '../format/case-truth.ts';
import type { AlertRecord, IncidentRecord } from './method-output.ts';
import { accuracyAtK, scoreCase } from './score-case.ts';
import { summarize } from './summarize.ts';

const T0 = Date.parse('2026-01-05T00:00:00Z');
const min = (m: number) => T0 + m * 60_000;
const iso = (m: number) => new Date(min(m)).toISOString();

const oneFault: CaseTruth = {
  version: 1,
  id: 'carts-cpu-1',
  system: 'sock-shop',
  window: { start: iso(0), end: iso(60) },
  faults: [{ service: 'carts', indicator: 'cpu', type: 'cpu-hog', start: iso(30), end: iso(40) }],
};

const alert = (service: string, indicator: string, m: number): AlertRecord => ({ service, indicator, atMillis: min(m) });
const incident = (id: string, opened: number, alerts: AlertRecord[], ranking: Array<[string, string]>, resolved?: number): IncidentRecord => ({
  id,
  openedAtMillis: min(opened),
  ...(resolved === undefined ? {} : { resolvedAtMillis: min(resolved) }),
  alerts,
  ranking: ranking.map(([service, indicator], i) => ({ service, indicator, score: 1 - i / 10 })),
});

describe('accuracyAtK', () => {
  it('counts distinct services in ranking order', () => {
    const ranking = [
      { service: 'orders', indicator: 'latency', score: 0.9 },
      { service: 'orders', indicator: 'errors', score: 0.8 },
      { service: 'carts', indicator: 'cpu', score: 0.7 },
    ];
    expect(accuracyAtK(ranking, (c) => c.service, 'carts')).toEqual([0, 1, 1, 1, 1]);
    expect(accuracyAtK(ranking, (c) => `${c.service}/${c.indicator}`, 'carts/cpu')).toEqual([0, 0, 1, 1, 1]);
    expect(accuracyAtK(ranking, (c) => c.service, 'user')).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('scoreCase', () => {
  it('measures detection delay to when the incident was known, and judges which fault it answers on its onset', () => {
    // Evidence from 29.5 min (within the minute of tolerance before the fault), known only at 32 min.
    const inc = { ...incident('i1', 29.5, [alert('carts', 'cpu', 29.5)], [['carts', 'cpu']]), detectedAtMillis: min(32) };
    const s = scoreCase(oneFault, { alerts: inc.alerts, incidents: [inc] });
    expect(s.faults[0]).toMatchObject({ detected: true, detectionDelaySeconds: 120, answeringIncidentId: 'i1' });
    // Known at 32 min but its evidence starts 2 minutes before the fault: a false alarm, not this fault's answer.
    const early = { ...incident('i2', 28, [alert('carts', 'cpu', 28)], [['carts', 'cpu']]), detectedAtMillis: min(32) };
    expect(scoreCase(oneFault, { alerts: early.alerts, incidents: [early] })).toMatchObject({ falseIncidents: 1, faults: [{ detected: false }] });
  });

  it('answers a fault with the covering incident raised first, not the one whose evidence starts first', () => {
    // The caller's slowdown starts first but is found late; the fault's own incident is raised a minute before it.
    const symptom = { ...incident('symptom', 30.2, [alert('front-end', 'latency', 30.2)], [['front-end', 'latency']]), detectedAtMillis: min(33) };
    const own = { ...incident('own', 30.5, [alert('carts', 'cpu', 30.5)], [['carts', 'cpu']]), detectedAtMillis: min(32) };
    const output = { alerts: [...symptom.alerts, ...own.alerts], incidents: [symptom, own] };
    expect(scoreCase(oneFault, output).faults[0]).toMatchObject({ answeringIncidentId: 'own', serviceAc: [1, 1, 1, 1, 1], detectionDelaySeconds: 120, coveringIncidents: 2 });
    // Offline methods state one time: it orders them.
    const offline = { alerts: output.alerts, incidents: [symptom, own].map(({ detectedAtMillis: _, ...rest }) => rest) };
    expect(scoreCase(oneFault, offline).faults[0]).toMatchObject({ answeringIncidentId: 'symptom', serviceAc: [0, 0, 0, 0, 0] });
  });

  it('scores one fault answered by one incident', () => {
    const inc = incident('i1', 31, [alert('carts', 'cpu', 30.5), alert('orders', 'latency', 31)], [['orders', 'latency'], ['carts', 'cpu']], 42);
    const s = scoreCase(oneFault, { alerts: inc.alerts, incidents: [inc] });
    expect(s.faults[0]).toMatchObject({ detected: true, detectionDelaySeconds: 60, serviceAc: [0, 1, 1, 1, 1], indicatorAc: [0, 1, 1, 1, 1], coveringIncidents: 1 });
    expect(s).toMatchObject({ alerts: 2, incidents: 1, falseIncidents: 0, attributedIncidents: 1, pureIncidents: 1, splitCorrectly: null });
    expect(s.faultFreeHours).toBeCloseTo(50 / 60, 10);
    const report = summarize('d', 'm', [{ truth: oneFault, output: { alerts: inc.alerts, incidents: [inc] }, score: s, seconds: 2 }]);
    expect(report.summary.service).toEqual({ ac1: 0, ac3: 1, ac5: 1, avg5: 0.8 });
    expect(report.summary.grouping.compression).toBe(0.5);
    expect(report.summary.detection).toEqual({ detected: 1, faults: 1, medianDelaySeconds: 60 });
    expect(report.summary.falseIncidentsPerHour).toBe(0);
    expect(report.cases[0]).toMatchObject({ id: 'carts-cpu-1', detected: true, detectionDelaySeconds: 60, alerts: 2, incidents: 1, seconds: 2 });
    expect(report.cases[0]!.ranking[0]).toEqual({ service: 'orders', indicator: 'latency', score: 1 });
  });

  it('gives zero accuracy and no detection when no incident covers the fault; earlier incidents are false alarms', () => {
    const early = incident('i0', 5, [alert('user', 'latency', 5)], [['carts', 'cpu']], 8);
    const s = scoreCase(oneFault, { alerts: early.alerts, incidents: [early] });
    expect(s.faults[0]).toMatchObject({ detected: false, detectionDelaySeconds: null, serviceAc: [0, 0, 0, 0, 0] });
    expect(s.falseIncidents).toBe(1);
    expect(s.attributedIncidents).toBe(0);
    const report = summarize('d', 'm', [{ truth: oneFault, output: { alerts: early.alerts, incidents: [early] }, score: s, seconds: 1 }]);
    expect(report.summary.falseIncidentsPerHour).toBeCloseTo(1 / (50 / 60), 10);
    expect(report.summary.grouping.purity).toBeNull();
    expect(report.summary.detection.medianDelaySeconds).toBeNull();
  });

  it('counts a split fault and answers with the earliest incident, without looking at the truth', () => {
    const a = incident('a', 30, [alert('front-end', 'latency', 30)], [['front-end', 'latency']]);
    const b = incident('b', 32, [alert('carts', 'cpu', 32)], [['carts', 'cpu']]);
    const s = scoreCase(oneFault, { alerts: [...a.alerts, ...b.alerts], incidents: [a, b] });
    expect(s.faults[0]).toMatchObject({ coveringIncidents: 2, answeringIncidentId: 'a', serviceAc: [0, 0, 0, 0, 0], detectionDelaySeconds: 0 });
  });

  it('does not credit an incident opened before the fault (beyond the tolerance), even if still open', () => {
    const early = incident('early', 25, [alert('carts', 'cpu', 25)], [['carts', 'cpu']]);
    const justBefore = incident('near', 29.5, [alert('carts', 'cpu', 29.5)], [['carts', 'cpu']]);
    const s1 = scoreCase(oneFault, { alerts: early.alerts, incidents: [early] });
    expect(s1.faults[0]).toMatchObject({ detected: false, serviceAc: [0, 0, 0, 0, 0] });
    expect(s1.falseIncidents).toBe(1);
    const s2 = scoreCase(oneFault, { alerts: justBefore.alerts, incidents: [justBefore] });
    expect(s2.faults[0]).toMatchObject({ detected: true, detectionDelaySeconds: 0, serviceAc: [1, 1, 1, 1, 1] });
    expect(s2.falseIncidents).toBe(0);
  });

  it('scores a two-fault case: split correctly, and impure when one incident mixes both', () => {
    const two: CaseTruth = {
      ...oneFault,
      id: 'two',
      faults: [
        { service: 'carts', indicator: 'cpu', type: 'cpu-hog', start: iso(30), end: iso(40) },
        { service: 'user', indicator: 'mem', type: 'memory-leak', start: iso(45) },
      ],
    };
    const i1 = incident('i1', 31, [alert('carts', 'cpu', 31)], [['carts', 'cpu']], 41);
    const i2 = incident('i2', 47, [alert('user', 'mem', 47)], [['user', 'mem']]);
    const good = scoreCase(two, { alerts: [...i1.alerts, ...i2.alerts], incidents: [i1, i2] });
    expect(good.splitCorrectly).toBe(true);
    expect(good.pureIncidents).toBe(2);
    expect(good.faultFreeHours).toBeCloseTo(35 / 60, 10);

    const merged = incident('m', 31, [alert('carts', 'cpu', 31), alert('user', 'mem', 47)], [['carts', 'cpu'], ['user', 'mem']]);
    const bad = scoreCase(two, { alerts: merged.alerts, incidents: [merged] });
    expect(bad.splitCorrectly).toBe(false);
    expect(bad.attributedIncidents).toBe(1);
    expect(bad.pureIncidents).toBe(0);
    expect(bad.faults.map((f) => f.serviceAc[0])).toEqual([1, 0]);
    // The merged incident opened long before the second fault: it does not answer for it.
    expect(bad.faults.map((f) => f.serviceAc[1])).toEqual([1, 0]);
    expect(bad.faults[1]!.detected).toBe(false);
  });

  it('judges the split of faults that start close together by each fault\'s own incident, and answers each fault by one of the first N incidents', () => {
    const close: CaseTruth = {
      ...oneFault,
      id: 'close',
      faults: [
        { service: 'carts', indicator: 'cpu', type: 'cpu-hog', start: iso(30), end: iso(40) },
        { service: 'user', indicator: 'mem', type: 'memory-leak', start: iso(30.5) },
      ],
    };
    const i1 = incident('i1', 30.2, [alert('carts', 'cpu', 30.2), alert('front-end', 'latency', 30.3)], [['carts', 'cpu']]);
    const i2 = incident('i2', 31, [alert('user', 'mem', 31)], [['user', 'mem']]);
    const split = scoreCase(close, { alerts: [...i1.alerts, ...i2.alerts], incidents: [i1, i2] });
    expect(split.splitCorrectly).toBe(true);
    // Two faults, two incidents: each is answered by the one that ranks it best, so keeping them apart pays.
    expect(split.faults.map((f) => f.answeringIncidentId)).toEqual(['i1', 'i2']);
    expect(split.faults.map((f) => f.serviceAc[0])).toEqual([1, 1]);
    // Matched the other way round when that scores better, whichever fault started first.
    const swapped = scoreCase(close, { alerts: [...i1.alerts, ...i2.alerts], incidents: [{ ...i1, ranking: i2.ranking }, { ...i2, ranking: i1.ranking }] });
    expect(swapped.faults.map((f) => f.answeringIncidentId)).toEqual(['i2', 'i1']);
    // Only the first N incidents count: a third one ranking the second fault first is never looked at.
    const noise = incident('n', 30.1, [alert('front-end', 'latency', 30.1)], [['front-end', 'latency']]);
    const late = incident('l', 33, [alert('user', 'mem', 33)], [['user', 'mem']]);
    const spammed = scoreCase(close, { alerts: [...i1.alerts, ...noise.alerts, ...late.alerts], incidents: [i1, noise, late] });
    expect(spammed.faults.map((f) => f.answeringIncidentId)).toEqual(['i1', 'n']);
    expect(spammed.faults.map((f) => f.serviceAc[0])).toEqual([1, 0]);

    const merged = incident('m', 30.2, [alert('carts', 'cpu', 30.2), alert('user', 'mem', 31)], [['carts', 'cpu']]);
    const quiet = incident('q', 32, [alert('front-end', 'latency', 32)], []);
    expect(scoreCase(close, { alerts: [...merged.alerts, ...quiet.alerts], incidents: [merged, quiet] }).splitCorrectly).toBe(false);
  });

  it('treats every incident in a control case as false and all of its window as fault-free', () => {
    const control: CaseTruth = { ...oneFault, id: 'control', faults: [] };
    const inc = incident('x', 10, [alert('carts', 'cpu', 10)], [['carts', 'cpu']], 12);
    const s = scoreCase(control, { alerts: inc.alerts, incidents: [inc] });
    expect(s).toMatchObject({ falseIncidents: 1, faultFreeHours: 1, faults: [], splitCorrectly: null });
    const report = summarize('d', 'm', [{ truth: control, output: { alerts: inc.alerts, incidents: [inc] }, score: s, seconds: 1 }]);
    expect(report.summary.falseIncidentsPerHour).toBe(1);
    expect(report.cases[0]!.detected).toBe(false);
  });
});
