/**
 * The `causeway` command line. Returns the process exit code: 0 on success,
 * 2 for usage and configuration errors, 1 for failures at run time.
 */
import { Command, CommanderError } from 'commander';
import { CausewayFailure } from '../core/errors.ts';
import { registerDatasetGenerateCommand } from './dataset-generate-command.ts';
import { registerDatasetImportCommand } from './dataset-import-command.ts';
import { registerEvalCommand } from './eval-command.ts';
import { registerReplayCommand } from './replay-command.ts';
import { registerStartCommand } from './start-command.ts';

export function buildProgram(): Command {
  const program = new Command('causeway')
    .description('AIOps correlation and root-cause analysis on OpenTelemetry data.')
    .exitOverride()
    .showHelpAfterError();
  registerStartCommand(program);
  const dataset = program.command('dataset').description('Labelled datasets: generate and import.');
  registerDatasetGenerateCommand(dataset);
  registerDatasetImportCommand(dataset);
  registerReplayCommand(program);
  registerEvalCommand(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof CausewayFailure) {
      process.stderr.write(`causeway: ${err.message}\n`);
      return 1;
    }
    process.stderr.write(`causeway: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}
