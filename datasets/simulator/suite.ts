/**
 * The small committed suite (`datasets/generated/suite/`): for each system,
 * three or four single-fault cases (together they cover every fault type,
 * two of them on two systems), one fault-free control case and one case
 * with two independent faults, all in one dataset folder (case ids start
 * with the system's name).
 *
 * To stay a few megabytes in the repository the suite uses a compact
 * profile: 10-minute windows (the fault from minute 6 to 9.5), sparser
 * trace sampling and a 30 s floor on metric intervals (60 s for the
 * 44-service system, whose pods dominate the volume). Generate full-size
 * cases (10 s metrics, 20-30 minute windows, every fault type on any
 * system) with `causeway dataset generate`.
 */
import { rm, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { FAULT_TYPES, type FaultType } from './faults/types.ts';
import type { CaseKind, CasePlan } from './plan/case-plan.ts';
import type { CaseStats } from './run/case-runner.ts';
import { generateDataset } from './run/generate-dataset.ts';

export interface SuiteProfile {
  readonly system: string;
  readonly kinds: readonly CaseKind[];
  readonly minutes: number;
  readonly traceSampleRatio: number;
  readonly minMetricsIntervalSeconds: number;
}

export const SUITE_PROFILES: readonly SuiteProfile[] = [
  {
    system: 'online-boutique',
    kinds: ['network-delay', 'exception', 'dependency-outage', 'cpu-hog', 'control', 'two-fault'],
    minutes: 10,
    traceSampleRatio: 0.015,
    minMetricsIntervalSeconds: 30,
  },
  {
    system: 'sock-shop',
    kinds: ['memory-leak', 'slow-database', 'packet-loss', 'cpu-hog', 'control', 'two-fault'],
    minutes: 10,
    traceSampleRatio: 0.02,
    minMetricsIntervalSeconds: 30,
  },
  {
    system: 'train-ticket',
    kinds: ['disk-pressure', 'bad-deploy', 'memory-leak', 'control', 'two-fault'],
    minutes: 10,
    traceSampleRatio: 0.006,
    minMetricsIntervalSeconds: 60,
  },
];

/** Every fault type appears in the suite. */
export function suiteFaultTypes(): FaultType[] {
  return FAULT_TYPES.filter((t) => SUITE_PROFILES.some((p) => p.kinds.includes(t)));
}

/** Rewrites `outDir` with the suite; the same seed gives the same bytes. */
export async function generateSuite(outDir: string, seed = 'suite', onCase?: (plan: CasePlan, stats: CaseStats) => void): Promise<CaseStats[]> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const info = {
    name: 'causeway-simulated-suite',
    description: 'Simulated Online-Boutique-, Sock-Shop- and Train-Ticket-like systems: one case per fault type, a control case and a two-fault case each (compact profile).',
    source: 'npm run dataset:generate-suite',
    license: 'Apache-2.0',
  };
  await writeFile(join(outDir, 'dataset.json'), `${JSON.stringify(info, null, 2)}\n`);
  const all: CaseStats[] = [];
  for (const p of SUITE_PROFILES) {
    const result = await generateDataset({
      system: p.system,
      kinds: p.kinds,
      cases: p.kinds.length,
      seed,
      outDir,
      minutes: p.minutes,
      traceSampleRatio: p.traceSampleRatio,
      minMetricsIntervalSeconds: p.minMetricsIntervalSeconds,
      idPrefix: `${p.system}-`,
      gzipLevel: 9,
      datasetInfo: false,
      ...(onCase ? { onCase } : {}),
    });
    all.push(...result.cases);
  }
  return all;
}
