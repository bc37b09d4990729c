/**
 * Generates training datasets for the weight tuning: the committed suite's
 * profile (datasets/simulator/suite.ts: compact 10-minute cases, one per
 * fault type, a control and a two-fault case per system) with seeds of its
 * own, so training and report cases come from the same simulator and
 * never share a seed.
 *
 *   npx tsx scripts/rca-tuning/generate-training.ts --out <dir> [--seeds train-1,train-2,...]
 *
 * Writes one dataset per seed, `<dir>/<seed>/`. The committed suite's seeds
 * (datasets/generated/generate-suite.ts uses `suite-3`) are refused.
 */
import { join } from 'node:path';
import { generateSuite } from '../../datasets/index.ts';

export const DEFAULT_TRAINING_SEEDS: readonly string[] = Array.from({ length: 12 }, (_, i) => `train-${i + 1}`);

function parseArgs(argv: readonly string[]): { out: string; seeds: readonly string[] } {
  let out: string | undefined;
  let seeds = DEFAULT_TRAINING_SEEDS;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = argv[++i];
    else if (argv[i] === '--seeds') seeds = (argv[++i] ?? '').split(',').filter((s) => s.length > 0);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!out) throw new Error('usage: generate-training.ts --out <dir> [--seeds train-1,train-2,...]');
  const reserved = seeds.filter((s) => s.startsWith('suite'));
  if (reserved.length > 0) throw new Error(`seeds ${reserved.join(', ')} are the committed suite's kind: training must not share the report cases' seeds`);
  return { out, seeds };
}

const { out, seeds } = parseArgs(process.argv.slice(2));
for (const seed of seeds) {
  const started = performance.now();
  const cases = await generateSuite(join(out, seed), seed);
  process.stdout.write(`${seed}: ${cases.length} cases in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
