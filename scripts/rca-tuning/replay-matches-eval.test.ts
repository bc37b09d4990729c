/**
 * The tuning measures what `causeway eval` measures: a snapshot collected
 * from a suite case and replayed with the default ranker gives, for each
 * fault, the ranking the evaluation reports for the incident answering it,
 * straight after collection and again from the cache.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { causewayMethod } from '../../datasets/eval/methods/causeway-method.ts';
import { withLoadedCase } from '../../datasets/eval/index.ts';
import { listCases, scoreCase } from '../../datasets/index.ts';
import { createStoreScorers, resolveRankerOptions } from '../../rca/ranker.ts';
import { tempDir } from '../../storage/testing/test-store.ts';
import { collectDataset } from './collect.ts';
import { rankScored, scoreSnapshot } from './replay.ts';

const SUITE = fileURLToPath(new URL('../../datasets/generated/suite', import.meta.url));
// Two faults, two incidents: each ranked with the other's story left to it, and every scorer answering.
const CASE = 'sock-shop-005-two-fault-shipping-catalogue';
const cache = tempDir('rca-tuning-cache');
const evalData = tempDir('rca-tuning-eval');

afterAll(() => {
  cache.remove();
  evalData.remove();
});

type Row = [entity: string, indicator: string, score: number];
const rounded = (score: number) => Math.round(score * 1e9) / 1e9;

describe('tuning snapshots', () => {
  it("replay the evaluation's rankings", async () => {
    const defaults = resolveRankerOptions();
    const collect = () => collectDataset(SUITE, { cacheDir: cache.path, storeScorers: createStoreScorers(defaults), keep: (id) => id === CASE });
    const replayed = async (): Promise<Row[][]> => {
      const collected = await collect();
      if (!collected.ok) throw new Error(collected.error.message);
      expect(collected.value.map((s) => s.truth.id)).toEqual([CASE]);
      const faults = rankScored(await scoreSnapshot(collected.value[0]!, defaults), defaults.fusion);
      return faults.map((f) => f.ranking.map((c): Row => [c.entity, c.indicator, rounded(c.score)]));
    };
    const fresh = await replayed();
    const cached = await replayed();

    const listed = await listCases(SUITE);
    if (!listed.ok) throw new Error(listed.error.message);
    const ref = listed.value.cases.find((c) => c.id === CASE)!;
    const output = await withLoadedCase(ref.dir, { dataDir: evalData.path }, (store) =>
      causewayMethod.analyze({ caseId: CASE, store, windowStartMillis: Date.parse(ref.truth.window.start), windowEndMillis: Date.parse(ref.truth.window.end) }),
    );
    if (!output.ok) throw new Error(output.error.message);
    const evaluated = scoreCase(ref.truth, output.value).faults.map((f) => {
      const incident = output.value.incidents.find((i) => i.id === f.answeringIncidentId);
      return (incident?.ranking ?? []).map((c): Row => [c.service, c.indicator, rounded(c.score)]);
    });

    expect(evaluated.length).toBe(2);
    for (const ranking of evaluated) expect(ranking.length).toBeGreaterThan(1);
    expect(evaluated.map((ranking) => ranking[0]![0])).toEqual(ref.truth.faults.map((f) => f.service));
    expect(fresh).toEqual(evaluated);
    expect(cached).toEqual(evaluated);
  });
});
