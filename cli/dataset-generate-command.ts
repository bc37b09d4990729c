/**
 * `causeway dataset generate`: writes labelled cases produced by the
 * microservice simulator (datasets/simulator) in the dataset format.
 *
 *   causeway dataset generate --system sock-shop --faults all,control --cases 20 --seed 7 --out data/ss
 *
 * The same arguments always write the same bytes. Usage errors exit with 2
 * (CW_ERR_CLI_USAGE); a failure while writing reaches main() and exits with 1.
 */
import type { Command } from 'commander';
import { causewayError } from '../core/errors.ts';
import { generateDataset, parseCaseKinds, SYSTEM_NAMES } from '../datasets/simulator/index.ts';

interface GenerateOptions {
  readonly system: string;
  readonly faults: string;
  readonly cases: string;
  readonly seed: string;
  readonly out: string;
  readonly minutes: string;
}

export function registerDatasetGenerateCommand(dataset: Command): void {
  dataset
    .command('generate')
    .description('Generate labelled cases (OTLP telemetry + truth) from the built-in microservice simulator.')
    .requiredOption('--system <name>', `simulated system: ${SYSTEM_NAMES.join(', ')}`)
    .option('--faults <list>', 'comma list of fault types, "all", "control" (no fault), "two-fault"; cases take them in turn', 'all')
    .option('--cases <n>', 'number of cases', '10')
    .option('--seed <seed>', 'seed: the same seed writes the same bytes', '1')
    .requiredOption('--out <dir>', 'dataset folder to write (created; existing cases of the same id are replaced)')
    .option('--minutes <m>', 'length of each case window in minutes (faults start after 10 minutes from 16 minutes on)', '25')
    .action(async (opts: GenerateOptions) => {
      const usage = (message: string): void => {
        const e = causewayError('CW_ERR_CLI_USAGE', message);
        process.stderr.write(`causeway: ${e.code}: ${e.message}\n`);
        process.exitCode = 2;
      };
      if (!SYSTEM_NAMES.includes(opts.system)) return usage(`--system: unknown system "${opts.system}" (expected ${SYSTEM_NAMES.join(', ')})`);
      const kinds = parseCaseKinds(opts.faults);
      if ('error' in kinds) return usage(`--faults: ${kinds.error}`);
      const cases = Number(opts.cases);
      if (!Number.isInteger(cases) || cases < 1 || cases > 10_000) return usage(`--cases: expected a whole number from 1 to 10000, got "${opts.cases}"`);
      const minutes = Number(opts.minutes);
      if (!Number.isFinite(minutes) || minutes < 4 || minutes > 24 * 60) return usage(`--minutes: expected a number from 4 to 1440, got "${opts.minutes}"`);
      if (opts.seed.trim() === '') return usage('--seed: must not be empty');

      const started = performance.now();
      let done = 0;
      const result = await generateDataset({
        system: opts.system,
        kinds: kinds.kinds,
        cases,
        seed: opts.seed,
        outDir: opts.out,
        minutes,
        onCase: (plan, stats) => {
          done++;
          const faults = plan.truth.faults.map((f) => `${f.type}@${f.service}`).join(', ') || 'no fault';
          process.stderr.write(`[${done}/${cases}] ${plan.id}: ${faults}; ${stats.lines.traces} trace, ${stats.lines.metrics} metric, ${stats.lines.logs} log lines\n`);
        },
      });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stdout.write(`wrote ${result.cases.length} case(s) of ${opts.system} to ${result.dir} in ${seconds} s\n`);
    });
}
