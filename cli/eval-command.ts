/**
 * `causeway eval <dataset-or-case>`: replay each case into a fresh store,
 * run the method(s), score against the truth; a table for people, `--json`
 * for programs. Several methods (`--method causeway,baro,random`) run on the
 * same cases and print side by side.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CausewayFailure, causewayError } from '../core/errors.ts';
import { type EvalReport, formatCaseLines, formatSummaryTable, runEval, runParallelEval } from '../datasets/eval/index.ts';
import { SIGNAL_FILES, type SignalFile } from '../datasets/format/index.ts';
import { createProgressLine } from './progress-line.ts';

interface EvalFlags {
  method: string;
  json?: string;
  cases?: string;
  clickhouseUrl?: string;
  quiet?: boolean;
  parallel?: string;
  caseIds?: string;
  signals?: string;
}

export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .description('Evaluate root-cause methods on a labelled dataset (or one case).')
    .argument('<dataset-or-case>', 'dataset folder or case folder')
    .option('--method <names>', 'comma-separated: causeway, baro, random', 'causeway')
    .option('--json <file>', 'write the report as JSON (an array when several methods run)')
    .option('--cases <glob>', 'only the cases whose id matches (* and ?)')
    .option('--clickhouse-url <url>', 'evaluate on a ClickHouse server instead of the embedded engine')
    .option('--parallel <n>', 'split the cases over n worker processes')
    .option('--case-ids <ids>', 'only these case ids (comma-separated); used by parallel workers')
    .option('--signals <names>', 'load only these signals of each case (comma-separated: traces, metrics, logs)')
    .option('--quiet', 'no per-case lines')
    .action(async (dir: string, flags: EvalFlags) => {
      const reports: EvalReport[] = [];
      const signals = flags.signals === undefined ? undefined : parseSignals(flags.signals);
      for (const method of flags.method.split(',').map((m) => m.trim()).filter(Boolean)) {
        const progress = createProgressLine(process.stderr);
        const workers = Number(flags.parallel ?? 1);
        if (!Number.isInteger(workers) || workers < 1) throw new CausewayFailure(causewayError('CW_ERR_CLI_USAGE', `--parallel must be a positive integer, got "${flags.parallel}"`));
        const result =
          workers > 1
            ? await runParallelEval(dir, {
                method,
                workers,
                ...(flags.cases ? { cases: flags.cases } : {}),
                ...(signals ? { signals } : {}),
                onWorkerDone: (done, total) => progress.update(`${method}: ${done}/${total} workers done`),
              })
            : await runEval(dir, {
                method,
                ...(flags.cases ? { cases: flags.cases } : {}),
                ...(flags.caseIds ? { caseIds: flags.caseIds.split(',') } : {}),
                ...(flags.clickhouseUrl ? { clickhouseUrl: flags.clickhouseUrl } : {}),
                ...(signals ? { signals } : {}),
                onCaseDone: (done, total, scored) => progress.update(`${method}: ${done}/${total} cases (${scored.truth.id}, ${scored.seconds.toFixed(1)} s)`),
              });
        progress.done();
        if (!result.ok) throw new CausewayFailure(result.error);
        reports.push(result.value);
        if (!flags.quiet) for (const line of formatCaseLines(result.value)) process.stdout.write(`${line}\n`);
      }
      if (reports.length === 0) throw new CausewayFailure(causewayError('CW_ERR_CLI_USAGE', '--method names no method'));
      const loaded = reports[0]!.signals.length < SIGNAL_FILES.length ? ` (signals: ${reports[0]!.signals.join(', ')} only)` : '';
      process.stdout.write(`\n${reports[0]!.dataset}${loaded}\n${formatSummaryTable(reports)}\n`);
      if (flags.json) writeFileSync(flags.json, `${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`);
    });
}

/** `--signals traces,metrics`: known names, at least one, each once. */
function parseSignals(text: string): SignalFile[] {
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(SIGNAL_FILES as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0) {
    throw new CausewayFailure(causewayError('CW_ERR_CLI_USAGE', `--signals "${text}": ${unknown.length > 0 ? `unknown signal "${unknown[0]}"` : 'no signal named'} (use traces, metrics, logs)`));
  }
  return SIGNAL_FILES.filter((s) => names.includes(s));
}
