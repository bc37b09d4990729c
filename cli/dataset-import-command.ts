/**
 * `causeway dataset import <format> <dir> --out <dir>`: converts a labelled
 * third-party dataset (RCAEval RE1/RE2/RE3, the Sock Shop RCD data) into
 * Causeway's dataset format, one case folder per source case. Prints a line
 * per case and a summary on stdout. A malformed source fails the command
 * with the error's code and the file, line and column at fault (exit 1);
 * cases written before it stay complete.
 */
import { Argument, type Command } from 'commander';
import { CausewayFailure } from '../core/errors.ts';
import { IMPORT_FORMATS, type ImportFormat, type ImportedCase, importDataset } from '../datasets/importers/index.ts';

interface ImportCommandOptions {
  readonly out: string;
  readonly system?: string;
  readonly quiet?: boolean;
}

/** Names shown of a case's unmapped columns; the rest are counted. */
const SKIPPED_SHOWN = 5;

export function registerDatasetImportCommand(dataset: Command): void {
  dataset
    .command('import')
    .description('Convert a labelled third-party dataset into Causeway cases (case.json + OTLP/JSON lines).')
    .addArgument(new Argument('<format>', 'source format').choices(IMPORT_FORMATS))
    .argument('<dir>', 'source folder: a whole tree, a system folder or a single case')
    .requiredOption('--out <dir>', 'dataset folder to write into (created when missing; a case with the same id is replaced)')
    .option('--system <name>', 'system name for case.json when the folder names do not give one (rcaeval)')
    .option('--quiet', 'print the summary only')
    .action(async (format: ImportFormat, dir: string, opts: ImportCommandOptions) => {
      const result = await importDataset(format, {
        sourceDir: dir,
        outDir: opts.out,
        ...(opts.system !== undefined ? { system: opts.system } : {}),
        ...(opts.quiet ? {} : { onCase: (c: ImportedCase) => process.stdout.write(caseLine(c)) }),
      });
      if (!result.ok) throw new CausewayFailure(result.error);
      const { cases, seconds, outDir } = result.value;
      const total = (signal: 'metrics' | 'logs' | 'traces', of: 'lines' | 'items') => cases.reduce((sum, c) => sum + c[of][signal], 0);
      process.stdout.write(
        `imported ${cases.length} case(s) from ${format} into ${outDir} in ${seconds.toFixed(1)} s: ` +
          `${count(total('metrics', 'items'))} metric points, ${count(total('logs', 'items'))} log records, ${count(total('traces', 'items'))} spans ` +
          `(${count(total('metrics', 'lines') + total('logs', 'lines') + total('traces', 'lines'))} lines)\n`,
      );
    });
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function caseLine(c: ImportedCase): string {
  const parts = [`metrics ${count(c.items.metrics)} points`];
  if (c.lines.logs > 0) parts.push(`logs ${count(c.items.logs)} records`);
  if (c.lines.traces > 0) parts.push(`traces ${count(c.items.traces)} spans`);
  const fault = c.truth.faults.map((f) => `${f.service}/${f.indicator} at ${f.start}`).join(', ');
  let line = `  ${c.id}  [${c.layout}]  ${parts.join(', ')}  fault ${fault}  ${c.seconds.toFixed(2)} s\n`;
  if (c.skippedColumns.length > 0) {
    const shown = c.skippedColumns.slice(0, SKIPPED_SHOWN).join(', ');
    const more = c.skippedColumns.length > SKIPPED_SHOWN ? ` and ${c.skippedColumns.length - SKIPPED_SHOWN} more` : '';
    line += `    skipped ${c.skippedColumns.length} unmapped column(s): ${shown}${more}\n`;
  }
  return line;
}
