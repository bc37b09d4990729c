/**
 * `npm run dataset:generate-suite`: rewrites datasets/generated/suite/ (see
 * README.md here). Deterministic: running it twice gives the same bytes.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSuite } from '../simulator/index.ts';

/** Chosen among a few seeds for a varied set of targets; any seed gives a valid suite. */
const SUITE_SEED = 'suite-3';

const out = join(dirname(fileURLToPath(import.meta.url)), 'suite');
const started = performance.now();
const cases = await generateSuite(out, SUITE_SEED, (plan, stats) => {
  process.stderr.write(`${plan.id}: ${stats.lines.traces} trace, ${stats.lines.metrics} metric, ${stats.lines.logs} log lines\n`);
});
process.stdout.write(`wrote ${cases.length} cases to ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
