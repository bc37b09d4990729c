/**
 * Per entity of a frame, what its series did around the incident's onset:
 * the deviation of every series (series-deviation.ts), the incident's own
 * anomalies on it, whether it is anomalous and since when.
 *
 * Several scorers and the candidate selection need the same profiles for
 * the same ranking, so they are computed once per (frame, onset, baseline,
 * ranking time, options) and remembered while the frame lives.
 */
import type { Anomaly, Indicator, ServiceGraph, SignalFrame } from '../correlator/index.ts';
import { type AnalysisWindow, type WindowOptions, analysisWindow, bucketOf } from './analysis-window.ts';
import type { ScorerInput } from './scorer.ts';
import { type Deviation, type DeviationOptions, seriesDeviation } from './series-deviation.ts';

export interface ProfileOptions extends WindowOptions, DeviationOptions {
  /** How far before the incident's onset an entity's own onset is looked for. */
  readonly onsetLookbackSeconds: number;
  /** Peak scaled deviation from which a series makes its entity anomalous. */
  readonly anomalousPeak: number;
  /** A series that stopped counts as silent only when at least this share of its entity's series stopped too. */
  readonly silentEntityShare: number;
}

export const PROFILE_DEFAULTS: ProfileOptions = Object.freeze({
  guardBuckets: 1,
  maxAfterSeconds: 600,
  relativeFloor: 0.05,
  changeFloor: 0.02,
  minBaselinePoints: 3,
  peakRank: 1,
  onsetThreshold: 4,
  onsetLookbackSeconds: 120,
  anomalousPeak: 4,
  silentEntityShare: 0.5,
});

export interface EntityProfile {
  readonly entity: string;
  /** Every series of the entity with a usable baseline, strongest peak first. */
  readonly deviations: readonly Deviation[];
  /** The incident's anomalies on the entity. */
  readonly anomalies: readonly Anomaly[];
  /** Indicators with an incident anomaly or a series past `anomalousPeak`, or whose data stopped. */
  readonly indicators: readonly Indicator[];
  readonly anomalous: boolean;
  /** Earliest of its incident anomalies' onsets and its series' own onsets (event time); undefined when not anomalous. */
  readonly onsetMillis: number | undefined;
  /** How far off that onset may be: the sampling interval of the series it came from (one-minute metrics see a change up to a minute late). */
  readonly onsetSlackMillis: number;
}

export interface FrameProfiles {
  readonly window: AnalysisWindow;
  readonly byEntity: ReadonlyMap<string, EntityProfile>;
}

const memo = new WeakMap<SignalFrame, Map<string, FrameProfiles>>();

type ProfileInput = Pick<ScorerInput, 'context' | 'onsetMillis' | 'baselineFromMillis'>;

export function frameProfiles(input: ProfileInput, options: ProfileOptions = PROFILE_DEFAULTS): FrameProfiles {
  const { frame } = input.context;
  const key = JSON.stringify([input.onsetMillis, input.baselineFromMillis, input.context.atMillis, input.context.incident.id, input.context.incident.anomalies.length, options]);
  let perFrame = memo.get(frame);
  if (!perFrame) memo.set(frame, (perFrame = new Map()));
  const known = perFrame.get(key);
  if (known) return known;
  const made = computeProfiles(input, options);
  perFrame.set(key, made);
  return made;
}

function computeProfiles(input: ProfileInput, options: ProfileOptions): FrameProfiles {
  const { frame, incident } = input.context;
  const window = analysisWindow(frame, input, options);
  const searchFrom = Math.max(window.baselineFrom, bucketOf(frame, input.onsetMillis - options.onsetLookbackSeconds * 1000));
  const bucketMillis = (b: number) => frame.fromMillis + b * frame.stepSeconds * 1000;

  const seriesByEntity = new Map<string, Deviation[]>();
  for (const s of frame.series) {
    const d = seriesDeviation(s, window, options, searchFrom);
    if (!d) continue;
    const list = seriesByEntity.get(s.entity) ?? [];
    list.push(d);
    seriesByEntity.set(s.entity, list);
  }
  const anomaliesByEntity = new Map<string, Anomaly[]>();
  for (const a of incident.anomalies) anomaliesByEntity.set(a.entity, [...(anomaliesByEntity.get(a.entity) ?? []), a]);

  const byEntity = new Map<string, EntityProfile>();
  for (const entity of [...new Set([...seriesByEntity.keys(), ...anomaliesByEntity.keys()])].sort()) {
    // One series going quiet is sparse data; most of an entity's series going quiet is the entity gone.
    const own = seriesByEntity.get(entity) ?? [];
    const quiet = own.filter((d) => d.silent).length >= options.silentEntityShare * own.length;
    const deviations = own.map((d) => (d.silent && !quiet ? { ...d, silent: false } : d)).sort((a, b) => b.peak - a.peak || (a.series.name < b.series.name ? -1 : 1));
    const anomalies = anomaliesByEntity.get(entity) ?? [];
    const indicators = new Set<Indicator>(anomalies.map((a) => a.indicator));
    const stepMillis = frame.stepSeconds * 1000;
    const slackOf = (signal: string) => (deviations.find((d) => d.series.name === signal)?.sampleBuckets ?? 1) * stepMillis;
    const onsets = anomalies.map((a) => ({ at: a.onsetMillis, slack: slackOf(a.signal) }));
    for (const d of deviations) {
      if (!(d.peak >= options.anomalousPeak || d.silent)) continue;
      indicators.add(d.series.indicator);
      onsets.push({ at: bucketMillis(d.firstBucket ?? (d.silent ? window.onset : d.peakBucket)), slack: d.sampleBuckets * stepMillis });
    }
    const anomalous = indicators.size > 0;
    const first = onsets.reduce<{ at: number; slack: number } | undefined>((a, b) => (!a || b.at < a.at || (b.at === a.at && b.slack < a.slack) ? b : a), undefined);
    byEntity.set(entity, {
      entity,
      deviations,
      anomalies,
      indicators: [...indicators].sort(),
      anomalous,
      onsetMillis: anomalous ? first?.at : undefined,
      onsetSlackMillis: first?.slack ?? stepMillis,
    });
  }
  return { window, byEntity };
}

/** The pods an entity runs on: its instances, whose signals are its own (a pod's CPU hog is its service's). */
export function podsOf(graph: ServiceGraph | undefined, entity: string): string[] {
  return graph ? graph.infrastructureOf(entity).filter((id) => graph.node(id)?.kind === 'pod') : [];
}

/** Deviations of the entity's own series and of its pods' series, strongest peak first. */
export function instanceDeviations(byEntity: ReadonlyMap<string, EntityProfile>, graph: ServiceGraph | undefined, entity: string): Deviation[] {
  const own = byEntity.get(entity)?.deviations ?? [];
  const pods = podsOf(graph, entity).flatMap((p) => byEntity.get(p)?.deviations ?? []);
  return pods.length === 0 ? [...own] : [...own, ...pods].sort((a, b) => b.peak - a.peak);
}
