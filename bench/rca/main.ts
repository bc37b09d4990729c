/**
 * `npm run bench:rca`: root-cause ranking time per incident on the
 * 40-service (Train-Ticket-like) system. Target: <= 200 ms per incident.
 *
 * A full-size case (25 min, 10 s metrics) is generated and ingested into an
 * embedded store; the batch pipeline finds the anomalies. The ranked
 * incident spans the whole system: every anomaly of the case, with every
 * service, database and peer of the graph (about 50) among its entities,
 * so the candidates are all of them and their hosts. It is ranked BENCH_RUNS times with the default
 * ranker (every scorer; the store-backed ones query the store), after one
 * warm-up run, once more with the frame scorers only, and each scorer
 * alone on the prepared input (where the time goes). Every timed ranking
 * and preparation reads a copy of the frame (new series arrays), so
 * nothing remembered for one ranking is reused by the next.
 *
 * Environment: BENCH_RUNS (default 20), BENCH_FAULT (default network-delay).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ok } from '../../core/result.ts';
import { type CauseRanker, type IncidentState, type RankingContext, alignSignalRange, anomalyFingerprint, readSignalFrame, runBatchPipeline } from '../../correlator/index.ts';
import { withLoadedCase } from '../../datasets/eval/index.ts';
import { shortCaseOptions } from '../../datasets/eval/methods/causeway-method.ts';
import { generateDataset, readCaseTruth } from '../../datasets/index.ts';
import { createCauseRanker, createFrameScorers, createStoreScorers, prepareInput, resolveRankerOptions, scorerRole } from '../../rca/index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const FAULT = process.env.BENCH_FAULT ?? 'network-delay';
const TARGET_MILLIS = 200;

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/**
 * The same context with a new frame object and new series arrays: profiles
 * are remembered per frame and sampling gaps per array, and every real
 * ranking reads a new frame.
 */
const fresh = (context: RankingContext): RankingContext => ({
  ...context,
  frame: { ...context.frame, series: context.frame.series.map((s) => ({ ...s, values: s.values.slice() })) },
});

async function time(ranker: CauseRanker, context: RankingContext, runs: number): Promise<number[]> {
  const warm = await ranker.rank(fresh(context));
  if (!warm.ok) throw new Error(warm.error.message);
  const millis: number[] = [];
  for (let i = 0; i < runs; i++) {
    const run = fresh(context);
    const started = performance.now();
    const r = await ranker.rank(run);
    millis.push(performance.now() - started);
    if (!r.ok) throw new Error(r.error.message);
  }
  return millis.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'cw-bench-rca-'));
  try {
    const generated = await generateDataset({ system: 'train-ticket', kinds: [FAULT as never], cases: 1, seed: 'bench-rca', outDir: join(work, 'dataset'), minutes: 25 });
    const caseStats = generated.cases[0]!;
    const caseDir = join(generated.dir, caseStats.id);
    const done = await withLoadedCase(caseDir, { dataDir: join(work, 'store') }, async (store) => {
      const truth = await readCaseTruth(caseDir);
      if (!truth.ok) throw new Error(truth.error.message);
      const fromMillis = Date.parse(truth.value.window.start);
      const toMillis = Date.parse(truth.value.window.end);
      const run = await runBatchPipeline(store, { fromMillis, toMillis, stepSeconds: 10, ...shortCaseOptions(toMillis - fromMillis) });
      if (!run.ok) throw new Error(run.error.message);
      const frame = await readSignalFrame(store, alignSignalRange(fromMillis, toMillis, 10));
      if (!frame.ok) throw new Error(frame.error.message);
      const anomalies = [...run.value.anomalies];
      if (anomalies.length === 0) throw new Error('the pipeline found no anomaly in the case');
      // The incident has spread to every service: its entities are all the services and peers of the graph.
      const entities = run.value.graph
        .nodes()
        .filter((n) => n.kind === 'service' || n.kind === 'database' || n.kind === 'external')
        .map((n) => n.id);
      const incident: IncidentState = {
        id: 'bench',
        status: 'open',
        openedAtMillis: anomalies[0]!.onsetMillis,
        updatedAtMillis: anomalies.at(-1)!.onsetMillis,
        anomalies,
        fingerprints: anomalies.map(anomalyFingerprint),
        entities,
        founders: entities,
        severity: 'critical',
        priority: 'P2',
        services: entities.length,
        causes: [],
      };
      const context: RankingContext = { incident, frame: frame.value, graph: run.value.graph, store, atMillis: toMillis };

      // Where the time goes: preparing the input (profiles of every series, candidates), then each scorer alone on it.
      const options = resolveRankerOptions();
      const prepareMillis: number[] = [];
      for (let i = 0; i <= RUNS; i++) {
        const run = fresh(context);
        const started = performance.now();
        prepareInput(run, options.input);
        if (i > 0) prepareMillis.push(performance.now() - started);
      }
      const prepared = prepareInput(context, options.input);
      const perScorer: Record<string, number> = { 'prepare (profiles, candidates)': quantile(prepareMillis.sort((a, b) => a - b), 0.5) };
      for (const scorer of [...createFrameScorers(options), ...createStoreScorers(options)]) {
        const millis: number[] = [];
        for (let i = 0; i <= RUNS; i++) {
          const started = performance.now();
          await scorer.score(prepared.input);
          if (i > 0) millis.push(performance.now() - started);
        }
        perScorer[scorer.name] = quantile(millis.sort((a, b) => a - b), 0.5);
      }
      const full = await time(createCauseRanker(), context, RUNS);
      const frameOnly = await time(createCauseRanker({ scorers: createFrameScorers(resolveRankerOptions()) }), context, RUNS);
      const top = await createCauseRanker().rank(context);
      const services = run.value.graph.nodes().filter((n) => n.kind === 'service').length;
      console.log(`case ${caseStats.id}: ${frame.value.series.length} series x ${frame.value.buckets} buckets, ${services} services in the graph`);
      console.log(`incident: ${anomalies.length} anomalies, ${entities.length} entities (services, databases, peers)`);
      console.log(`rank, every scorer:   median ${quantile(full, 0.5).toFixed(1)} ms, p95 ${quantile(full, 0.95).toFixed(1)} ms over ${RUNS} runs (target <= ${TARGET_MILLIS} ms)`);
      console.log(`rank, frame scorers:  median ${quantile(frameOnly, 0.5).toFixed(1)} ms, p95 ${quantile(frameOnly, 0.95).toFixed(1)} ms`);
      const note = { ranks: '', 'names-indicator': ' (names the indicator only)', unused: ' (weight 0, not run by the ranker)' } as const;
      const parts = Object.entries(perScorer).map(([k, v]) => `${k} ${v.toFixed(1)}${note[scorerRole(options.fusion, k)]}`);
      console.log(`candidates: ${prepared.input.candidates.length}; median alone (ms): ${parts.join(', ')}`);
      if (top.ok) console.log(`top cause: ${top.value[0]?.entity} (${top.value[0]?.indicator}): ${top.value[0]?.explanation}`);
      mkdirSync(join(ROOT, '.bench'), { recursive: true });
      writeFileSync(
        join(ROOT, '.bench', 'rca.json'),
        JSON.stringify({ at: new Date().toISOString(), case: caseStats.id, entities: entities.length, candidates: prepared.input.candidates.length, runs: RUNS, medianMillis: quantile(full, 0.5), p95Millis: quantile(full, 0.95), frameOnlyMedianMillis: quantile(frameOnly, 0.5), perScorerMedianMillis: perScorer }, null, 2),
      );
      return ok(undefined);
    });
    if (!done.ok) throw new Error(done.error.message);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
