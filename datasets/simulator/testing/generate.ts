/**
 * Test support: plans and runs a case in memory and indexes its telemetry.
 */
import { planCase, type CaseKind, type CasePlan } from '../plan/case-plan.ts';
import { runCase, type CaseStats } from '../run/case-runner.ts';
import { createMemorySink, type MemorySink } from '../run/line-sink.ts';
import { getSystem } from '../topologies/index.ts';
import { indexTelemetry, type TelemetryIndex } from './telemetry-index.ts';

export interface GeneratedCase {
  readonly plan: CasePlan;
  readonly sink: MemorySink;
  readonly stats: CaseStats;
  readonly index: TelemetryIndex;
}

export interface GenerateOptions {
  readonly system: string;
  readonly kind: CaseKind;
  readonly seed?: string;
  readonly index?: number;
  readonly minutes?: number;
  readonly target?: string;
  readonly traceSampleRatio?: number;
}

/** Before, during and early windows around the first fault of a case. */
export interface FaultWindows {
  /** Five minutes before the fault. */
  readonly before: { from: number; to: number };
  /** The fault, from one minute after its start. */
  readonly during: { from: number; to: number };
  /** The first minutes of the case. */
  readonly early: { from: number; to: number };
}

export function faultWindows(g: GeneratedCase): FaultWindows {
  const f = g.plan.faults[0]!;
  return { before: { from: f.startMs - 300_000, to: f.startMs }, during: { from: f.startMs + 60_000, to: f.endMs }, early: { from: 60_000, to: 300_000 } };
}

export async function generateInMemory(o: GenerateOptions): Promise<GeneratedCase> {
  const plan = planCase({
    system: getSystem(o.system)!,
    kind: o.kind,
    index: o.index ?? 1,
    seed: o.seed ?? 'test',
    minutes: o.minutes ?? 16,
    ...(o.target !== undefined ? { target: o.target } : {}),
    ...(o.traceSampleRatio !== undefined ? { traceSampleRatio: o.traceSampleRatio } : {}),
  });
  const sink = createMemorySink();
  const stats = await runCase(plan, sink);
  return { plan, sink, stats, index: indexTelemetry(sink.lines, plan.truth.window.start) };
}
